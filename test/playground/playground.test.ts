/**
 * Plan Pulse against Microsoft 365 Agents Playground, a Teams client it did not write: the real
 * bot in-process on a test store with the Plymouth plan, the real Playground as a child process,
 * driven only through the Playground's own HTTP surface. The Playground's user is the plan's
 * lead DCS PCC (DH); the bot learns their email from the Playground's member API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlanPulse, type RunningPlanPulse } from '../../app/runtime';
import { loadConfig } from '../../src/config/config';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import';
import { createLogger } from '../../src/logging/logger';
import type { Store } from '../../src/storage/store';
import { startPlayground, type RunningPlayground } from '../../tools/playground/launchPlayground';
import { DEMO_LEAD } from '../../tools/playground/playgroundUser';
import { makeTestStore } from '../support/store';
import { cardOf, cardText, connectPlayground, executeActions, type PlaygroundClient, type PlaygroundMessage } from './playgroundClient';

const PLAN_ID = 'plymouth-2023';
const FIXTURE = path.join(__dirname, '../../fixtures/plymouth-2023');
// The bot may take a while over its first turns (identity lookups, a lead with many actions).
const REPLY_MS = 45_000;

jest.setTimeout(120_000);

describe('Plan Pulse in Microsoft 365 Agents Playground', () => {
  let store: Store;
  let bot: RunningPlanPulse;
  let playground: RunningPlayground;
  let client: PlaygroundClient;
  let workDir: string;
  let dhPersonIds: Set<string>;
  let myActionsMessage: PlaygroundMessage;

  beforeAll(async () => {
    const clock = fixedClock('2023-10-02T08:00:00Z');
    store = await makeTestStore();
    const imported = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', planId: PLAN_ID, clock });
    if (!imported.ok) throw new Error(`The fixture plan did not import: ${JSON.stringify(imported.problems.slice(0, 3))}`);
    dhPersonIds = new Set((await store.plans.membershipsOf(DEMO_LEAD.email)).map((m) => m.personId));
    bot = await startPlanPulse({
      config: loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'off', LOG_LEVEL: 'silent' }),
      clock,
      logger: createLogger({ level: 'silent' }),
      opened: { store, description: 'test store', close: async () => {} },
    });
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planpulse-playground-test-'));
    playground = await startPlayground({ botEndpoint: `${bot.url}/api/messages`, port: 0, workDir });
    client = await connectPlayground(playground.url);
  });

  afterAll(async () => {
    await client?.close();
    await playground?.stop();
    await bot?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('greets the lead by the given name the Playground supplies when it installs the app in their personal chat', async () => {
    await client.install();
    const welcome = await client.waitForBotMessage((m) => cardText(cardOf(m)).includes('Hello'), REPLY_MS);
    const text = cardText(cardOf(welcome));
    expect(text).toContain(`Hello ${DEMO_LEAD.givenName}.`);
    expect(text).toContain('my actions');
    // The bot resolved the Playground's user through the member API and remembered them.
    const identity = await store.identities.get(DEMO_LEAD.email);
    expect(identity?.aadObjectId).toBe(DEMO_LEAD.aadObjectId);
    expect(identity?.conversation?.conversation.id).toBe(client.chatId);
    expect(identity?.conversation?.serviceUrl).toContain(`:${playground.port}/`);
  });

  it('answers "my actions" typed in the Playground with a card listing the lead\'s own open actions', async () => {
    const before = client.botMessages.length;
    await client.say('my actions');
    myActionsMessage = await client.waitForBotMessage(
      (m) => client.botMessages.indexOf(m) >= before && cardText(cardOf(m)).startsWith('My actions'),
      REPLY_MS,
    );
    const card = cardOf(myActionsMessage);
    const updateButtons = executeActions(card).filter((a) => a.verb === 'update.open');
    expect(updateButtons.length).toBeGreaterThan(0);
    for (const button of updateButtons) {
      expect(button.data?.planId).toBe(PLAN_ID);
      const action = await store.plans.getAction(PLAN_ID, String(button.data?.ref));
      expect(action?.value.leadIds.some((id) => dhPersonIds.has(id))).toBe(true);
    }
    expect(cardText(card)).toMatch(/Actions 1–\d+ of \d+/);
  });

  it('opens the update form from the card and records the update submitted through the Playground', async () => {
    const first = executeActions(cardOf(myActionsMessage)).find((a) => a.verb === 'update.open');
    if (!first) throw new Error('The "my actions" card has no Update button.');
    const ref = String(first.data?.ref);

    const opened = await client.execute(myActionsMessage.messageId, first);
    expect(opened.type).toBe('application/vnd.microsoft.card.adaptive');
    const form = opened.value as Record<string, unknown>;
    expect(cardText(form)).toContain(`Update action ${ref}`);
    const submit = executeActions(form).find((a) => a.verb === 'update.submit');
    expect(submit?.data).toMatchObject({ ref, planId: PLAN_ID });

    // What the Teams card renderer sends: the button's data with every input's value as a string.
    const narrative = 'The leadership framework was agreed by the partnership board and published to schools.';
    const answer = await client.execute(myActionsMessage.messageId, {
      ...submit!,
      data: { ...submit!.data, brag: 'green', narrative, evidence: 'minutes,review', voice: '', blockers: '', escalate: 'false', revisedDue: '' },
    });
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const confirmation = cardText(answer.value);
    expect(confirmation).toContain(`Update recorded for ${ref}`);
    expect(confirmation).toContain('Green');

    const history = await store.updates.history(PLAN_ID, ref);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ brag: 'green', narrative, evidence: ['minutes', 'review'], escalate: false });
    expect(dhPersonIds.has(history[0]?.authorId ?? '')).toBe(true);
  });
});
