/**
 * GET /dev/mail: on a developer's machine (the embedded store, no SMTP_URL, auth off) the mail
 * Plan Pulse would have sent is captured and listed there, newest first, with each response
 * link; it answers only callers on this machine, and does not exist at all with auth on or
 * with real mail delivery.
 */
import os from 'node:os';
import path from 'node:path';
import restify from 'restify';
import type { AddressInfo } from 'node:net';
import { startPlanPulse, type RunningPlanPulse } from '../../app/runtime';
import { loadConfig } from '../../src/config/config';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import/importPlan';
import { createLogger } from '../../src/logging/logger';
import { runTick } from '../../src/scheduler/tick';
import { registerRespondRoutes } from '../../src/respond/routes';
import { ReadCache } from '../../src/storage/cachedReads';
import type { Store } from '../../src/storage/store';
import { createBotTransport } from '../../bot/proactive/botTransport';
import { makeTestStore } from '../support/store';

const FIXTURE = path.resolve(__dirname, '../../fixtures/plymouth-2023');
const PLAN_ID = 'plymouth-2023';
const SECRET = 'a-test-secret-that-is-long-enough-to-sign-links-0123456789';
const BUSY_DAY = '2023-10-09T08:00:00Z';

let store: Store;
const started: RunningPlanPulse[] = [];

beforeAll(async () => {
  store = await makeTestStore();
  const imported = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-09-01T08:00:00Z') });
  if (!imported.ok) throw new Error('The fixture did not import.');
});
afterAll(async () => {
  for (const running of started) await running.close();
});

/** Plan Pulse on this store with the given settings; no STORAGE_CONNECTION_STRING means the embedded store's behaviour. */
async function start(env: Record<string, string>): Promise<RunningPlanPulse> {
  const running = await startPlanPulse({
    config: loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'off', PLANPULSE_LINK_SECRET: SECRET, ...env }),
    clock: fixedClock(BUSY_DAY),
    logger: createLogger({ level: 'silent' }),
    opened: { store, description: 'test', close: async () => {} },
  });
  started.push(running);
  return running;
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('on a developer machine (embedded store, no SMTP_URL, auth off)', () => {
  let running: RunningPlanPulse;
  beforeAll(async () => {
    running = await start({});
    expect(running.mail.captured).toBe(true);
  });

  it('says there is no mail yet before anything was sent', async () => {
    const page = await fetch(`${running.url}/dev/mail`);
    expect(page.status).toBe(200);
    expect(text(await page.text())).toContain('No mail yet');
  });

  it('lists the mail a cycle opening would have sent, with each response link, and shows each mail', async () => {
    const summary = await runTick({
      store,
      transport: createBotTransport(running.adapter, ''),
      clock: fixedClock(BUSY_DAY),
      config: { PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: 50 },
      planId: PLAN_ID,
      mail: running.mail.delivery,
      lease: false,
      sender: { ratePerSecond: 50 },
    });
    const captured = await store.capturedMail.list(100);
    expect(captured.length).toBeGreaterThan(0);
    expect(summary.sent).toBeGreaterThanOrEqual(captured.length);

    const page = await fetch(`${running.url}/dev/mail`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    const shown = text(html);
    expect(shown).toContain('Captured mail');
    for (const mail of captured) {
      expect(shown).toContain(mail.to);
      expect(shown).toContain(mail.subject);
    }
    const links = [...html.matchAll(/href="(http[^"]+\/respond\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    expect((await fetch(links[0]!)).status).toBe(200);

    const first = captured[0]!;
    const one = await fetch(`${running.url}/dev/mail/${first.id}`);
    expect(one.status).toBe(200);
    expect(await one.text()).toBe(first.html);
    expect((await fetch(`${running.url}/dev/mail/no-such-mail`)).status).toBe(404);
  });

  it('offers a captured mail’s attached board paper, opened as its reader would', async () => {
    const paper =
      '<!DOCTYPE html><html lang="en-GB"><head><title>Board paper</title></head><body><h1>SSDG: the exception report for 24 Oct 2023</h1></body></html>';
    const mail = await store.capturedMail.add({
      messageId: '<paper@planpulse.test>',
      from: 'planpulse@council.example',
      to: 'dh@plymouth.example',
      subject: 'SSDG: the exception report for 24 Oct 2023',
      text: 'The report is attached.',
      html: '<p>The report is attached.</p>',
      attachments: [{ filename: 'ssdg-exception-report-2023-10-24.html', contentType: 'text/html', content: paper }],
      at: '2023-10-24T09:00:00Z',
    });
    const html = await (await fetch(`${running.url}/dev/mail`)).text();
    const href = new RegExp(`href="(/dev/mail/${mail.id}/files/\\d+)">ssdg-exception-report-2023-10-24.html<`).exec(html)?.[1];
    expect(href).toBeDefined();
    const file = await fetch(`${running.url}${href}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe('inline; filename="ssdg-exception-report-2023-10-24.html"');
    expect(text(await file.text())).toContain('SSDG: the exception report for 24 Oct 2023');
    expect((await fetch(`${running.url}/dev/mail/${mail.id}/files/1`)).status).toBe(404);
    expect((await fetch(`${running.url}/dev/mail/${mail.id}/files/x`)).status).toBe(404);
  });
});

it('answers 403 to a caller that is not on this machine', async () => {
  // The server itself binds loopback with auth off; the route also checks its caller.
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  if (!address) throw new Error('This test needs a network interface besides loopback.');
  const server = restify.createServer();
  const running = started[0]!;
  registerRespondRoutes(server, {
    store,
    cache: new ReadCache(0),
    clock: fixedClock(BUSY_DAY),
    timeZone: 'Europe/London',
    links: running.mail.links!,
    devMail: true,
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const remote = await fetch(`http://${address}:${port}/dev/mail`);
    expect(remote.status).toBe(403);
    expect((await fetch(`http://${address}:${port}/dev/mail/anything`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/dev/mail`)).status).toBe(200);
  } finally {
    server.close();
  }
});

it('does not exist with authentication on', async () => {
  const running = await start({
    MicrosoftAppId: '00000000-0000-4000-8000-000000000001',
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'MultiTenant',
  });
  expect((await fetch(`http://127.0.0.1:${running.port}/dev/mail`)).status).toBe(404);
});

it('does not exist when mail really goes out (SMTP_URL set)', async () => {
  const running = await start({ SMTP_URL: 'smtp://127.0.0.1:1' });
  expect(running.mail.captured).toBe(false);
  expect((await fetch(`${running.url}/dev/mail`)).status).toBe(404);
});
