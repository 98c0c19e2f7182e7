/**
 * A sending process killed without warning (SIGKILL) at any instant re-sends at most one
 * message: the one the connector had accepted when the process died, before its sent-mark
 * was stored. The process runs on its own, against the same store and the connector stand-in,
 * and is killed again and again right as the connector accepts a message.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startConnector, type Connector } from '../support/connector';
import { makeTestStore, testConnectionString, uniquePrefix } from '../support/store';
import type { Store } from '../../src/storage/store';
import { fixedClock } from '../../src/domain/clock';
import { conversationRef } from '../scheduler/harness';
import { deliveryCounts, message, person, PLAN } from './support';

const ROOT = path.join(__dirname, '..', '..');
const MESSAGES = 90;
const PEOPLE = 30;
const CRASHES = 6;
const START = Date.parse('2024-01-15T09:00:00Z');

let store: Store;
let connector: Connector;
const prefix = uniquePrefix();

beforeAll(async () => {
  store = await makeTestStore(prefix);
  connector = await startConnector();
});
afterAll(() => connector?.close());

/** Starts a sending process; each run's clock is three minutes after the last, past a killed run's claims. */
function sendingProcess(run: number) {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/tsHook.js'), path.join(__dirname, 'sendingProcess.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      CRASH_STORAGE: testConnectionString(),
      CRASH_PREFIX: prefix,
      CRASH_PLAN: PLAN,
      CRASH_RATE: '50',
      CRASH_NOW: new Date(START + run * 3 * 60_000).toISOString(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

const accepted = () => connector.sent.filter((r) => r.operation === 'send' && r.status >= 200 && r.status < 300).length;

it('re-sends at most one message for each time the sending process is killed', async () => {
  for (let p = 0; p < PEOPLE; p++) {
    await store.identities.merge(person(p), { conversation: conversationRef(connector.serviceUrl, person(p)), reachable: true });
  }
  await store.outbox.enqueue(PLAN, Array.from({ length: MESSAGES }, (_, i) => message(i, person(i % PEOPLE))), fixedClock(new Date(START)));
  // Every send takes a while to answer, as Teams' do: a sender with several requests out at
  // once would have several accepted and unmarked when it dies.
  connector.setLatency(60);

  const stillQueuedAtKill: number[] = [];
  for (let run = 0; run < CRASHES; run++) {
    const sender = sendingProcess(run);
    const target = accepted() + 4 + run * 2;
    await connector.waitFor(() => accepted() >= target, 60_000);
    sender.child.kill('SIGKILL');
    expect((await sender.exited).signal).toBe('SIGKILL');
    stillQueuedAtKill.push((await store.outbox.listDue(PLAN, new Date(START + (run + 1) * 3 * 60_000))).length);
  }
  // Each kill came in the middle of the run, with messages still to send.
  expect(stillQueuedAtKill.every((n) => n > 0)).toBe(true);

  // Requests the dead processes had already made are answered before the last run counts.
  await new Promise((r) => setTimeout(r, 300));
  const last = sendingProcess(CRASHES);
  const end = await last.exited;
  expect({ code: end.code, output: last.output() }).toMatchObject({ code: 0 });

  const counts = deliveryCounts(connector);
  expect(counts.size).toBe(MESSAGES);
  const extra = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
  expect(extra).toBeLessThanOrEqual(CRASHES);
  expect(await store.outbox.listDue(PLAN, new Date('2100-01-01'))).toEqual([]);
}, 180_000);
