/**
 * Plan Pulse's native charts as a Microsoft client draws them: Microsoft 365 Agents Playground's
 * web UI (its own Adaptive Cards renderer, which knows Teams' Chart.* elements) in headless
 * Chromium, with the real bot in-process on the Plymouth plan after two months of updates. The
 * status card arrives as Teams would deliver it, in answer to `status`; the channel summary, which
 * Teams posts in a group's channel, is sent to the lead's personal chat for the picture, through
 * the bot's own proactive transport. Screenshots go to test-output/cards/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startPlanPulse, type RunningPlanPulse } from '../../app/runtime';
import { createBotTransport } from '../../bot/proactive/botTransport';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { boardReportCard, channelSummaryCard } from '../../src/reporting/reports';
import { startPlayground, type RunningPlayground } from '../../tools/playground/launchPlayground';
import { DEMO_LEAD } from '../../tools/playground/playgroundUser';
import { launchChromium } from '../support/browser';
import { governanceScenario, PLAN_ID, SSDG, type GovernanceScenario } from '../browser/governanceScenario';
import { cardOf, cardText, connectPlayground, type PlaygroundClient } from './playgroundClient';

const OUT = path.join(__dirname, '../../test-output/cards');
const REPLY_MS = 45_000;

jest.setTimeout(180_000);

/** The donut's segments and legend words, as the Playground drew them inside the card that says `heading`. */
async function drawnDonut(page: Page, heading: string): Promise<{ segments: number; legend: string[] }> {
  const card = page.locator('.ac-adaptiveCard', { hasText: heading }).last();
  await card.locator('svg path').first().waitFor({ timeout: REPLY_MS });
  return card.evaluate((el) => ({
    segments: el.querySelectorAll('svg path').length,
    legend: [...el.querySelectorAll('[role="option"]')].map((o) => (o as HTMLElement).innerText.trim()),
  }));
}

describe("Plan Pulse's charts in Microsoft 365 Agents Playground", () => {
  let bot: RunningPlanPulse;
  let playground: RunningPlayground;
  let client: PlaygroundClient;
  let browser: Browser;
  let page: Page;
  let workDir: string;
  let scenario: GovernanceScenario;

  beforeAll(async () => {
    scenario = await governanceScenario();
    bot = await startPlanPulse({
      config: loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'off', LOG_LEVEL: 'silent' }),
      clock: scenario.clock,
      logger: createLogger({ level: 'silent' }),
      opened: { store: scenario.store, description: 'test store', close: async () => {} },
    });
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planpulse-playground-charts-'));
    playground = await startPlayground({ botEndpoint: `${bot.url}/api/messages`, port: 0, workDir });
    client = await connectPlayground(playground.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 3200 }, locale: 'en-GB' });
    // The web UI shows what arrives while it is open.
    await page.goto(playground.url);
    await page.getByText('Personal Chat').first().waitFor({ timeout: REPLY_MS });
    await client.install();
    await client.waitForBotMessage((m) => cardText(cardOf(m)).includes('Hello'), REPLY_MS);
  });

  afterAll(async () => {
    await browser?.close();
    await client?.close();
    await playground?.stop();
    await bot?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** Sends a card to the lead's personal chat through the bot's own proactive transport. */
  async function sendToLead(card: unknown): Promise<void> {
    const ref = (await scenario.store.identities.get(DEMO_LEAD.email))?.conversation;
    if (!ref) throw new Error("The bot did not remember the Playground user's personal chat.");
    await createBotTransport(bot.adapter, '').send(ref, { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
  }

  it('draws the status card\'s BRAG counts as a donut, its legend in words', async () => {
    await client.say('status');
    const message = await client.waitForBotMessage((m) => cardText(cardOf(m)).startsWith('Status'), REPLY_MS);
    const sent = JSON.stringify(cardOf(message));
    expect(sent).toContain('"type":"Chart.Donut"');
    const donut = await drawnDonut(page, 'Missing updates this cycle');
    expect(donut.segments).toBeGreaterThanOrEqual(3);
    expect(donut.legend).toEqual(expect.arrayContaining(['Blue', 'Green', 'Amber', 'Red', 'Not yet rated']));
    const card = page.locator('.ac-adaptiveCard', { hasText: 'Missing updates this cycle' }).last();
    fs.mkdirSync(OUT, { recursive: true });
    await card.screenshot({ path: path.join(OUT, 'status-playground.png') });
  });

  it("draws the channel summary's BRAG counts as a donut, beside the counts in words", async () => {
    const group = (await scenario.store.plans.listGroups(PLAN_ID)).find((g) => g.kind === 'taskAndFinish' && g.name.startsWith('Governance'))!;
    const { card } = await channelSummaryCard(scenario.deps(), group);
    await sendToLead(card);
    const donut = await drawnDonut(page, 'Cycle summary for the meeting');
    expect(donut.legend).toEqual(['Amber', 'Red', 'Not yet rated']);
    expect(donut.segments).toBeGreaterThanOrEqual(3);
    const drawn = page.locator('.ac-adaptiveCard', { hasText: 'Cycle summary for the meeting' }).last();
    const text = await drawn.innerText();
    for (const words of ['Blue 0 (0%)', 'Green 0 (0%)', 'Amber 1 (7%)', 'Red 1 (7%)', 'Not yet rated 13 (87%)']) expect(text).toContain(words);
    await drawn.screenshot({ path: path.join(OUT, 'channel-summary-playground.png') });
  });

  it("draws the progress report's counts by group as stacked bars, and the board's counts then and now as grouped bars", async () => {
    const ssdg = (await scenario.store.plans.getGroup(PLAN_ID, SSDG))!.value;
    await sendToLead(await boardReportCard(scenario.deps(), ssdg, '2023-12-05'));
    const drawn = page.locator('.ac-adaptiveCard', { hasText: 'progress report' }).last();
    await drawn.locator('svg path').first().waitFor({ state: 'attached', timeout: REPLY_MS });
    const legend = await drawn.evaluate((el) => [...el.querySelectorAll('[role="option"]')].map((o) => (o as HTMLElement).innerText.trim()));
    // The stacked bars' legend names the ratings; the grouped bars' legend names the two meetings.
    expect(legend).toEqual(expect.arrayContaining(['Blue', 'Green', 'Amber', 'Red', 'Not yet rated', '24 Oct 2023', '5 Dec 2023']));
    // Two bars (then and now) for each of the four ratings.
    expect(await drawn.locator('svg path').count()).toBeGreaterThanOrEqual(8);
    expect(await drawn.innerText()).toMatch(/Amber \d+ → \d+/);
    await drawn.screenshot({ path: path.join(OUT, 'progress-report-playground.png') });
  });
});
