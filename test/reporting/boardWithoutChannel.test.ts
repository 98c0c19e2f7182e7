/**
 * A board whose channel nobody has linked still has its report at each meeting, and its chair
 * still hears from a plan once a tick: the report is ready in their one message, with a button
 * that opens it (or, reached by email, the report itself). The Plymouth plan, whose boards have
 * no channels when first imported.
 */
import { addDays, atPlanTime } from '../../src/calendar';
import { fixedClock } from '../../src/domain/clock';
import { reportingHooks } from '../../src/reporting/hooks';
import { boardReportCard, boardReportInput } from '../../src/reporting/reports';
import { personMessage } from '../../src/scheduler/messages';
import { combineNotices, reportNotice } from '../../src/scheduler/notices';
import { elementsOf } from '../cards/plymouthCards';
import { cardText } from '../groups/support';
import { conversationIdOf, delivered, PLAN_ID, startHarness, type Harness } from '../scheduler/harness';

jest.setTimeout(240_000);

const SSDG = 'send-strategic-delivery-group-ssdg';
const DH = 'dh@plymouth.example';

let h: Harness;
const days: Array<{ date: string; to: string[]; texts: Map<string, string[]>; activities: Map<string, unknown[]> }> = [];

beforeAll(async () => {
  h = await startHarness();
  const hooks = reportingHooks({ transport: h.transport });
  // The SEND Strategic Delivery Group meets on 24 October 2023.
  for (let date = '2023-10-16'; date <= '2023-10-26'; date = addDays(date, 1)) {
    const before = h.connector.sent.length;
    await h.tick(atPlanTime(date, 9, 'Europe/London').toISOString(), { onCycleClosed: hooks, sender: { ratePerSecond: 200 } });
    const sent = delivered(h.connector, before);
    const texts = new Map<string, string[]>();
    const activities = new Map<string, unknown[]>();
    for (const r of sent) {
      texts.set(r.conversationId!, [...(texts.get(r.conversationId!) ?? []), cardText(r.activity)]);
      activities.set(r.conversationId!, [...(activities.get(r.conversationId!) ?? []), r.activity]);
    }
    days.push({ date, to: sent.map((r) => r.conversationId!), texts, activities });
  }
});
afterAll(async () => h?.close());

it("tells the board's chair, inside their one message of the meeting day's tick, that its report is ready", async () => {
  const board = (await h.store.plans.listGroups(PLAN_ID)).find((g) => g.id === SSDG)!;
  expect(board.channel).toBeUndefined();
  const meetingDay = days.find((d) => d.date === '2023-10-24')!;
  const toChair = meetingDay.texts.get(conversationIdOf(DH)) ?? [];
  expect(toChair).toHaveLength(1);
  expect(toChair[0]).toMatch(/SEND Strategic Delivery Group \(SSDG\): the (exception|progress) report for 24 Oct 2023/);
  expect(toChair[0]).toMatch(/Open the (exception|progress) report/);
  for (const d of days) expect({ date: d.date, twice: d.to.filter((c, i) => d.to.indexOf(c) !== i) }).toEqual({ date: d.date, twice: [] });
  // No report went to the chair's chat on its own.
  expect((await h.store.outbox.listMessages(PLAN_ID)).filter((m) => m.kind === 'boardReport')).toEqual([]);
});

it("opens, from that button, the report kept as at the meeting", async () => {
  const meetingDay = days.find((d) => d.date === '2023-10-24')!;
  const open = elementsOf(meetingDay.activities.get(conversationIdOf(DH)), 'Action.Execute').find((a) => a.verb === 'board.refresh')!;
  expect(open.title).toMatch(/^Open the (exception|progress) report$/);
  expect(open.data).toEqual({ planId: PLAN_ID, groupId: SSDG, cycleId: '2023-10-24' });
  // What the board.refresh verb answers with (bot/handlers/board.ts): the report for that meeting.
  const board = (await h.store.plans.listGroups(PLAN_ID)).find((g) => g.id === SSDG)!;
  const report = await boardReportCard({ store: h.store, clock: fixedClock('2023-11-01T10:00:00Z'), timeZone: 'Europe/London' }, board, '2023-10-24');
  expect(cardText(report)).toContain('24 Oct 2023');
  expect(cardText(report)).toContain('SEND Strategic Delivery Group (SSDG)');
});

it('sends a chair reached by email the report itself, here the progress report of a board that receives progress', async () => {
  const board = { ...(await h.store.plans.listGroups(PLAN_ID)).find((g) => g.id === SSDG)!, reports: 'progress' as const };
  const kept = await boardReportInput({ store: h.store, clock: fixedClock('2023-10-24T08:00:00Z'), timeZone: 'Europe/London' }, board, '2023-10-24');
  expect(kept.remit).toBe('progress');
  const report = { boardId: SSDG, boardName: board.name, meetingDate: '2023-10-24', remit: kept.remit, kept };
  const [view] = combineNotices([reportNotice(`report~${SSDG}~2023-10-24~${DH}`, DH, report)], { id: PLAN_ID, name: 'Plymouth' }, '2023-10-24', 'Europe/London');
  const message = personMessage(view!, new Date('2023-10-24T08:00:00Z'), { channel: 'email', address: DH });
  expect(message.mail?.subject).toBe('SEND Strategic Delivery Group (SSDG): the progress report for 24 Oct 2023');
  const text = message.mail!.text;
  expect(text).toContain('The progress report for the meeting on 24 Oct 2023, as kept at 24 Oct 2023, 09:00.');
  expect(text).toMatch(/Actions by BRAG \(\d+ actions\): Blue \d+ · Green \d+ · Amber \d+ · Red \d+ · Not yet rated \d+/);
  expect(text).toMatch(/Exceptions: (No action is|\d+ actions?:) red, overdue by more than 28 days/);
  expect(text).not.toContain('Give your update');

  const [paper] = message.mail!.attachments!;
  expect(paper!.filename).toBe(`${SSDG}-progress-report-2023-10-24.html`);
  // The paper as read: tags dropped, one space between cells.
  const read = paper!.content
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
  expect(read).toContain('SEND Strategic Delivery Group (SSDG): progress report for 24 Oct 2023');
  const facts = kept.remit === 'progress' ? kept.input.facts : undefined;
  expect(facts!.groups.length).toBeGreaterThan(1);
  for (const g of facts!.groups) {
    const c = g.counts;
    expect(read).toContain(` ${g.group.name} ${c.blue} ${c.green} ${c.amber} ${c.red} ${c.unrated} ${c.blue + c.green + c.amber + c.red + c.unrated} `);
  }
});
