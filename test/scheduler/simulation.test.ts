/**
 * Fourteen weeks of the Plymouth plan, a tick at 09:00 every day from 25 September 2023 (before
 * any cycle opens) to 2 January 2024 (across Christmas, Boxing Day and New Year), through the
 * real botbuilder transport and the connector stand-in. What should have been sent is worked out
 * here from the plan's rows and the calendar, and compared with what the connector received.
 */
import { addDays, atPlanTime, daysBetween, isWorkingDay, planDateOf, workingDaysAfter } from '../../src/calendar';
import { DEFAULT_PLAN_SETTINGS, type Action, type Group } from '../../src/domain/model';
import { isComplete } from '../../src/domain/brag';
import { cycleSchedule } from '../../src/scheduler/cycleSchedule';
import type { TickSummary } from '../../src/scheduler/tick';
import { cardText } from '../groups/support';
import { acknowledgeable, conversationIdOf, delivered, PLAN_ID, sectionHeadings, startHarness, type Harness } from './harness';

jest.setTimeout(240_000);

const FIRST = '2023-09-25';
const LAST = '2024-01-02';
const ANSWER_DAY = '2023-09-27';
const ANSWERING_LEAD = 'dh@plymouth.example';
const GOVERNANCE = 'governance-oversight-culture-and-workforce';

interface Day {
  date: string;
  summary: TickSummary;
  again: TickSummary;
  sends: Array<{ conversationId: string; headings: string[]; acknowledge: string[]; chase: boolean }>;
}

let h: Harness;
let groups: Group[];
let actions: Action[];
const days: Day[] = [];

const openActions = () => actions.filter((a) => !isComplete(a.brag));
const leadsOf = (list: Action[]) => new Set(list.flatMap((a) => a.leadIds).map(conversationIdOf));
const sendsOn = (date: string, title: string) => new Set(days.find((d) => d.date === date)!.sends.filter((s) => s.headings.includes(title)).map((s) => s.conversationId));

beforeAll(async () => {
  h = await startHarness();
  groups = await h.store.plans.listGroups(PLAN_ID);
  actions = await h.store.plans.listActions(PLAN_ID);
  for (let date = FIRST; date <= LAST; date = addDays(date, 1)) {
    if (date === ANSWER_DAY) {
      // The lead answers every governance action they lead, the day after the cycle opened.
      for (const a of actions.filter((x) => x.groupId === GOVERNANCE && x.leadIds.includes(ANSWERING_LEAD))) {
        await h.store.plans.modifyAction(PLAN_ID, a.ref, (x) => ({ ...x, brag: 'amber', lastUpdateAt: `${date}T10:00:00.000Z`, lastUpdateBy: ANSWERING_LEAD, updateCount: x.updateCount + 1 }));
      }
      actions = await h.store.plans.listActions(PLAN_ID);
    }
    const at = atPlanTime(date, 9, 'Europe/London').toISOString();
    const before = h.connector.sent.length;
    const summary = await h.tick(at, { sender: { ratePerSecond: 200 } });
    const afterFirst = h.connector.sent.length;
    const again = await h.tick(at, { sender: { ratePerSecond: 200 } });
    expect(h.connector.sent.length).toBe(afterFirst);
    days.push({ date, summary, again, sends: delivered(h.connector, before).map((r) => {
        const headings = sectionHeadings(r.activity);
        // An overdue action escalated to its own lead is listed once, with the escalations, and noted as overdue there.
        const chase = headings.some((t) => /past (its|their) completion date$/.test(t)) || /^Also past its completion date/m.test(cardText(r.activity));
        return { conversationId: r.conversationId!, headings, acknowledge: acknowledgeable(r.activity), chase };
      }),
    });
  }
});
afterAll(async () => h?.close());

const meetingsIn = (group: Group) => {
  const out: string[] = [];
  for (let m = group.nextMeeting; m <= addDays(LAST, 30); m = addDays(m, group.cadenceDays)) out.push(m);
  return out;
};

describe('fourteen weeks of the Plymouth plan', () => {
  it('sends nothing on Saturdays, Sundays or bank holidays', () => {
    const idle = days.filter((d) => !isWorkingDay(d.date));
    expect(idle.map((d) => d.date)).toEqual(expect.arrayContaining(['2023-12-25', '2023-12-26', '2024-01-01']));
    for (const d of idle) {
      expect({ date: d.date, sends: d.sends.length, sent: d.summary.sent }).toEqual({ date: d.date, sends: 0, sent: 0 });
    }
  });

  it('sends each person at most one message a tick', () => {
    for (const d of days) {
      const to = d.sends.map((s) => s.conversationId);
      expect({ date: d.date, twice: to.filter((c, i) => to.indexOf(c) !== i) }).toEqual({ date: d.date, twice: [] });
    }
  });

  it('sends nothing new when the tick runs twice at the same instant', () => {
    for (const d of days) expect({ date: d.date, sent: d.again.sent, prompts: d.again.prompts, chases: d.again.overdueChases }).toEqual({ date: d.date, sent: 0, prompts: 0, chases: 0 });
  });

  it('prompts each lead of a group once when its cycle opens, five working days before the meeting', () => {
    let cycles = 0;
    for (const group of groups.filter((g) => g.kind === 'taskAndFinish')) {
      const title = `${group.name}: time for your update`;
      const expectedDays = new Set<string>();
      for (const meeting of meetingsIn(group)) {
        const open = cycleSchedule(meeting, DEFAULT_PLAN_SETTINGS, 'Europe/London').dates.open;
        if (open < FIRST || open > LAST) continue;
        const askable = openActions().filter((a) => a.groupId === group.id && (!a.start || a.start <= meeting));
        if (askable.length > 0) expectedDays.add(open);
        cycles++;
        expect({ group: group.id, open, to: [...sendsOn(open, title)].sort() }).toEqual({ group: group.id, open, to: [...leadsOf(askable)].sort() });
      }
      const promptDays = days.filter((d) => d.sends.some((s) => s.headings.includes(title))).map((d) => d.date);
      expect(promptDays).toEqual([...expectedDays].sort());
    }
    expect(cycles).toBeGreaterThanOrEqual(30);
  });

  it('reminds only leads who have not answered, and the lead who answered stops hearing', () => {
    for (const group of groups.filter((g) => g.kind === 'taskAndFinish')) {
      for (const meeting of meetingsIn(group)) {
        const s = cycleSchedule(meeting, DEFAULT_PLAN_SETTINGS, 'Europe/London');
        for (const [step, title] of [
          ['reminder', `${group.name}: a reminder`],
          ['lastCall', `${group.name}: last call for updates`],
        ] as const) {
          const date = s.dates[step];
          if (!date || s.dates.open < FIRST || date > LAST) continue;
          const openedAt = s.at.open.toISOString();
          const unanswered = openActions().filter(
            (a) => a.groupId === group.id && (!a.start || a.start <= meeting) && !(a.lastUpdateAt && a.lastUpdateAt >= openedAt && a.lastUpdateAt <= `${date}T23:59`),
          );
          expect({ group: group.id, step, date, to: [...sendsOn(date, title)].sort() }).toEqual({ group: group.id, step, date, to: [...leadsOf(unanswered)].sort() });
        }
      }
    }
    const governance = groups.find((g) => g.id === GOVERNANCE)!;
    expect(sendsOn('2023-09-26', `${governance.name}: time for your update`)).toContain(conversationIdOf(ANSWERING_LEAD));
    expect(sendsOn('2023-09-29', `${governance.name}: a reminder`)).not.toContain(conversationIdOf(ANSWERING_LEAD));
    expect(sendsOn('2023-10-02', `${governance.name}: last call for updates`)).not.toContain(conversationIdOf(ANSWERING_LEAD));
    // The next cycle asks them again.
    expect(sendsOn('2023-10-20', `${governance.name}: a reminder`)).toContain(conversationIdOf(ANSWERING_LEAD));
  });

  it('chases each lead with overdue actions once a week', () => {
    for (let monday = FIRST; monday <= LAST; monday = addDays(monday, 7)) {
      const week = days.filter((d) => d.date >= monday && d.date < addDays(monday, 7));
      const expected = new Set<string>();
      for (const d of week.filter((x) => isWorkingDay(x.date))) {
        for (const id of leadsOf(openActions().filter((a) => a.due && a.due < d.date))) expected.add(id);
      }
      const chased = week.flatMap((d) => d.sends.filter((s) => s.chase).map((s) => s.conversationId));
      expect({ monday, chased: [...chased].sort() }).toEqual({ monday, chased: [...expected].sort() });
    }
  });

  it('escalates overdue actions to the chair at 14 days and the board at 28, and missed updates to the board', async () => {
    const open = await h.store.escalations.listOpen(PLAN_ID);
    const key = (ref: string, cause: string, level: string) => `${ref} ${cause} ${level}`;
    const expected = new Set<string>();
    for (const a of openActions().filter((x) => x.due)) {
      const days = daysBetween(a.due!, LAST);
      if (days >= 14) expected.add(key(a.ref, 'overdue', 'chair'));
      if (days >= 28) expected.add(key(a.ref, 'overdue', 'board'));
    }
    // Two cycles in a row closed without an update: escalated once, at the close of the second.
    for (const group of groups.filter((g) => g.kind === 'taskAndFinish')) {
      const closed = meetingsIn(group).filter((m) => {
        const s = cycleSchedule(m, DEFAULT_PLAN_SETTINGS, 'Europe/London');
        return s.dates.open >= FIRST && s.dates.close <= LAST;
      });
      for (let i = 1; i < closed.length; i++) {
        for (const a of openActions().filter((x) => x.groupId === group.id && (!x.start || x.start <= closed[i - 1]!))) {
          const answeredFirst = a.leadIds.includes(ANSWERING_LEAD) && group.id === GOVERNANCE && i - 1 === 0;
          if (!answeredFirst) expected.add(key(a.ref, 'missingUpdates', 'board'));
        }
      }
    }
    // An escalation's level is where it is handled now: past chairs who lead the action, and a
    // level up when nobody acknowledged it in five working days. What was raised is each ref and
    // cause, once per level it was raised at.
    const raised = (list: string[]) => list.map((k) => k.split(' ').slice(0, 2).join(' ')).sort();
    expect(raised(open.map((e) => key(e.ref, e.cause, e.level)))).toEqual(raised([...expected]));
    const targets = new Set(open.filter((e) => e.level === 'board').map((e) => e.targetGroupId));
    expect([...targets].sort()).toEqual(['local-area-send-improvement-board', 'send-strategic-delivery-group-ssdg']);
    for (const e of open.filter((x) => x.climbedFrom)) {
      expect(e.reachedAt! >= atPlanTime(workingDaysAfter(planDateOf(new Date(e.raisedAt), 'Europe/London'), 5), 0, 'Europe/London').toISOString()).toBe(true);
    }
    const climbs = open.reduce((n, e) => n + (e.climbedFrom?.length ?? 0), 0);
    expect(climbs).toBeGreaterThan(0);
    expect(days.reduce((n, d) => n + d.summary.escalations, 0)).toBe(open.length + climbs);
    // Each escalation reaches its chair once, in that day's one message, with its Acknowledge
    // button; and once more at each level it climbs to.
    const offered = days.flatMap((d) => d.sends.flatMap((s) => s.acknowledge));
    const expectedOffers = open.flatMap((e) => Array<string>(1 + (e.climbedFrom?.length ?? 0)).fill(e.id));
    expect([...offered].sort()).toEqual(expectedOffers.sort());
  });

  it('closes group and board cycles on their meeting day and reports them to the hooks', () => {
    const closed = days.flatMap((d) => d.summary.closedCycles.map((c) => `${d.date} ${c.groupId} ${c.meetingDate}`));
    expect(closed).toContain('2023-10-24 send-strategic-delivery-group-ssdg 2023-10-24');
    expect(closed).toContain(`2023-12-22 ${GOVERNANCE} 2023-12-26`);
    for (const d of days) expect(d.summary.cyclesClosed).toBe(d.summary.closedCycles.length);
  });

  it('moves the group’s next meeting forward as meetings pass', async () => {
    const governance = (await h.store.plans.getGroup(PLAN_ID, GOVERNANCE))!.value;
    expect(governance.nextMeeting).toBe('2024-01-16');
  });

  it('delivers every queued message exactly once', () => {
    const stats = h.connector.stats();
    expect(stats.duplicates).toBe(0);
    expect(days.reduce((n, d) => n + d.summary.sent, 0)).toBe(stats.accepted);
  });
});
