/**
 * A board with no channel, whose chair is reached by email (people.csv says channel=email), has
 * its meeting close: the chair receives one mail that carries the report itself, a summary in
 * the body and the whole report attached as the printable board paper, both from the report
 * kept as at the meeting. The Plymouth plan with impact measures, mail sent by nodemailer to a
 * real SMTP server in this process and parsed back with mailparser; the attached paper opened in
 * headless Chromium and checked with axe.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { atPlanTime } from '../../src/calendar';
import { counted } from '../../src/cards/format';
import { bragBars } from '../../src/cards/parts';
import { reasonsText } from '../../src/cards/board';
import { fixedClock } from '../../src/domain/clock';
import type { BoardReportFacts, ExceptionFact } from '../../src/facts/board';
import { setUpMail, type MailSetup } from '../../src/mail/delivery';
import { reportingHooks } from '../../src/reporting/hooks';
import { exceptionReportFacts } from '../../src/reporting/reports';
import { groupsReportingTo } from '../../src/reporting/scope';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { PLAN_ID, startHarness, type Harness } from '../scheduler/harness';
import { startSmtp, type ReceivedMail, type SmtpStandIn } from '../support/smtp';
import { launchChromium } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { planWithMeasures } from '../measures/planWithMeasures';

jest.setTimeout(240_000);

const SSDG = 'send-strategic-delivery-group-ssdg';
const DH = 'dh@plymouth.example';
const MEETING = '2023-10-24';
const TZ = 'Europe/London';
const SCREENSHOTS = path.join(__dirname, '../../docs/screenshots');
const at = (date: string) => atPlanTime(date, 9, TZ).toISOString();

let h: Harness;
let smtp: SmtpStandIn;
let mail: MailSetup;
let kept: BoardReportFacts;
/** An exception whose lead rated it complete after the report was kept. */
let changed: ExceptionFact;
const toChairOn = new Map<string, ReceivedMail[]>();

beforeAll(async () => {
  h = await startHarness({ source: planWithMeasures() });
  smtp = await startSmtp();
  mail = setUpMail(
    {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Plan Pulse <planpulse@plymouth.example>',
      PLANPULSE_PUBLIC_URL: 'https://planpulse.example.gov.uk',
      PLANPULSE_LINK_SECRET: 'a-test-secret-that-is-long-enough-to-sign-links-0123456789',
      PORT: 3978,
      PLANPULSE_DATA_DIR: '.data-unused',
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      STORAGE_TABLE_ENDPOINT: undefined,
    },
    h.store,
    fixedClock(at(MEETING)),
  );
  // The board's chair is in the NHS, outside the council's tenant: people.csv says email.
  await h.store.plans.modifyPerson(PLAN_ID, DH, (p) => ({ ...p, channel: 'email' }));
  // Before the meeting the leads of twelve actions under the board rate them red, saying why.
  const groups = await h.store.plans.listGroups(PLAN_ID);
  const board = groups.find((g) => g.id === SSDG)!;
  const scope = new Set(groupsReportingTo(board, groups).map((g) => g.id));
  const people = await h.store.plans.peopleById(PLAN_ID);
  const reddened = (await h.store.plans.listActions(PLAN_ID)).filter((a) => scope.has(a.groupId) && a.leadIds.length > 0).slice(0, 12);
  for (const [i, a] of reddened.entries()) {
    const ctx = { store: h.store, clock: fixedClock(`2023-10-20T10:${String(i).padStart(2, '0')}:00Z`), timeZone: TZ };
    const result = await submitUpdate(ctx, PLAN_ID, people.get(a.leadIds[0]!)!, {
      ref: a.ref,
      brag: 'red',
      narrative: `Recruitment to the post for ${a.ref} has stalled.`,
      blockers: 'No agreed funding.',
      submissionId: `red-${a.ref}`,
    });
    expect(result.kind).toBe('recorded');
  }
  const hooks = reportingHooks({ transport: h.transport });
  const tick = async (date: string) => {
    const before = smtp.received.length;
    await h.tick(at(date), { onCycleClosed: hooks, mail: mail.delivery, sender: { ratePerSecond: 200 } });
    toChairOn.set(
      date,
      smtp.received.slice(before).filter((m) => m.envelopeTo.includes(DH)),
    );
  };
  await tick('2023-10-23');

  // A tick on the meeting day cut short after keeping the report, before queueing the mail;
  // then the lead of an action on the report rates it green. The report kept at the meeting is what is sent.
  const deps = { store: h.store, clock: fixedClock(at(MEETING)), timeZone: TZ };
  await exceptionReportFacts(deps, board, MEETING, true);
  kept = (await h.store.snapshots.getReport<BoardReportFacts>(PLAN_ID, SSDG, MEETING))!.facts;
  changed = kept.exceptions[0]!;
  const action = (await h.store.plans.getAction(PLAN_ID, changed.action.ref))!;
  await h.store.plans.saveAction({ ...action.value, brag: 'green' }, { etag: action.etag, previous: action.value });

  await tick(MEETING);
  await tick('2023-10-25');
});
afterAll(async () => {
  mail?.close();
  await smtp?.close();
  await h?.close();
});

const reportMail = () => toChairOn.get(MEETING)![0]!;

it('sends the chair one mail on the meeting day, carrying the report and its board paper', () => {
  const board = kept.board;
  expect(board.channel).toBeUndefined();
  expect(toChairOn.get(MEETING)).toHaveLength(1);
  const m = reportMail();
  expect(m.parsed.text).toContain('SEND Strategic Delivery Group (SSDG): the exception report for 24 Oct 2023');
  expect(m.parsed.attachments).toHaveLength(1);
  const paper = m.parsed.attachments[0]!;
  expect(paper.filename).toBe(`${SSDG}-exception-report-${MEETING}.html`);
  expect(paper.contentType).toBe('text/html');
  expect(m.parsed.text).toContain(`The whole report is attached as a board paper (${SSDG}-exception-report-${MEETING}.html)`);
});

it('says in the body, in plain text and HTML, the actions by BRAG and the exceptions with their reasons, as kept at the meeting', () => {
  const m = reportMail();
  const text = m.parsed.text!;
  const html = String(m.parsed.html);
  const bars = bragBars(kept.counts!);
  expect(text).toContain(`Actions by BRAG (${bars.totalText}): ${bars.summary}`);
  expect(text).toContain(`Exceptions: ${counted(kept.exceptions.length, 'action')}: red, overdue by more than`);
  for (const x of kept.exceptions.slice(0, 10)) {
    expect(text).toContain(`  ${x.action.ref}  `);
    expect(text).toContain(reasonsText(x));
  }
  if (kept.exceptions.length > 10) expect(text).toContain(`…and ${counted(kept.exceptions.length - 10, 'more exception')} in the attached board paper.`);
  // The HTML body's tables have headers; the ratings are words, not colours alone.
  expect(html).toContain('<th scope="col"');
  expect(html).toContain('Not yet rated');
});

it('lists the impact measures off track in the body', () => {
  const text = reportMail().parsed.text!;
  const card = kept.scorecard!;
  const total = card.areas.reduce((n, a) => n + a.measures.length, 0);
  expect(text).toContain(`Impact measures: ${total - card.offTrack.length - card.noData.length} of ${counted(total, 'measure')} on track, ${card.offTrack.length} off track`);
  for (const m of card.offTrack) expect(text).toContain(`Off track: ${m.measure.name}.`);
});

it('stores the mail and its paper in the outbox first, and sends nothing again on the next tick', async () => {
  const m = reportMail();
  const key = Buffer.from(/^<([^@]+)@/.exec(m.parsed.messageId!)![1]!, 'base64url').toString();
  const queued = (await h.store.outbox.get(PLAN_ID, key))!.value;
  expect(queued.status).toBe('sent');
  expect(queued.mail!.attachments!.map((a) => a.filename)).toEqual([`${SSDG}-exception-report-${MEETING}.html`]);
  expect(queued.mail!.attachments![0]!.content).toBe(m.parsed.attachments[0]!.content.toString('utf8'));
  expect(toChairOn.get('2023-10-25')!.filter((x) => x.parsed.attachments.length > 0)).toEqual([]);
});

describe('the attached board paper, opened in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('lists every exception once with its reasons as at the meeting, the counts by BRAG in words, with no serious accessibility problem', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
    await page.setContent(reportMail().parsed.attachments[0]!.content.toString('utf8'));
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('SEND Strategic Delivery Group (SSDG): exception report for 24 Oct 2023');

    const counts = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Meaning' }) });
    for (const [rating, word] of [['blue', 'Blue'], ['green', 'Green'], ['amber', 'Amber'], ['red', 'Red'], ['unrated', 'Not yet rated']] as const) {
      await expect(counts.getByRole('row', { name: new RegExp(`^${word}\\b`) }).innerText()).resolves.toMatch(new RegExp(`\\t${kept.counts![rating]}$`));
    }

    const rows = page.locator('table.exceptions tbody tr');
    await expect(rows.count()).resolves.toBe(kept.exceptions.length);
    const refs = await rows.locator('th').allInnerTexts();
    expect(refs).toEqual(kept.exceptions.map((x) => x.action.ref));
    // Rated green after the meeting, it is on the report of the meeting as it was then.
    await expect(rows.first().locator('td').nth(3).innerText()).resolves.toBe(reasonsText(changed));
    await expect(rows.first().locator('th').innerText()).resolves.toBe(changed.action.ref);

    expect(await seriousViolations(page)).toEqual([]);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.setViewportSize({ width: 1000, height: 1000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'board-paper-mailed.png') });
    await page.close();
  });

  it('shows the mail’s HTML with the summary readable, its tables headed, with no serious accessibility problem', async () => {
    const page = await browser.newPage({ viewport: { width: 640, height: 900 }, locale: 'en-GB' });
    await page.setContent(String(reportMail().parsed.html));
    const counts = page.getByRole('table', { name: /^Actions by BRAG/ });
    await expect(counts.getByRole('row', { name: /^Red\b/ }).innerText()).resolves.toMatch(new RegExp(`^Red\\s+${kept.counts!.red}\\s`));
    const listed = page.getByRole('table', { name: /exceptions, worst first$/ });
    await expect(listed.locator('tbody tr').count()).resolves.toBe(Math.min(10, kept.exceptions.length));
    expect(await seriousViolations(page)).toEqual([]);
    const report = page.getByRole('heading', { name: 'SEND Strategic Delivery Group (SSDG): the exception report for 24 Oct 2023' });
    // The mail from the report's heading down: the part a board chair reads.
    const top = (await report.boundingBox())!.y - 16;
    await page.screenshot({ path: path.join(SCREENSHOTS, 'board-report-mail.png'), fullPage: true, clip: { x: 0, y: top, width: 640, height: 1150 } });
    await page.close();
  });
});
