/**
 * One message per person per plan per tick: prompts, reminders, last calls, the overdue chase
 * and escalations to handle arrive together, sections in order of urgency, each action once in
 * a section with all the causes that brought it, its text and its buttons. The Plymouth plan,
 * first ticked on 1 April 2024 (months of catch-up at once) and then daily to the end of May.
 */
import { addDays, atPlanTime } from '../../src/calendar';
import type { Escalation, Group } from '../../src/domain/model';
import { combineNotices, escalationNotice, type Notice } from '../../src/scheduler/notices';
import { personMessage } from '../../src/scheduler/messages';
import { cardText } from '../groups/support';
import { acknowledgeable, conversationIdOf, delivered, PLAN_ID, sectionHeadings, startHarness, type Harness } from './harness';

jest.setTimeout(240_000);

const PLAN = { id: 'p', name: 'Local area SEND plan' };

function escalation(id: string, ref: string, cause: Escalation['cause'], raisedAt: string): Escalation {
  return { planId: 'p', id, ref, groupId: 'tf', level: 'board', targetGroupId: 'board', cause, reason: `Reason ${id}.`, raisedAt, raisedBy: 'planpulse', state: 'open' };
}

const groups: Group[] = [
  { planId: 'p', id: 'tf', name: 'Inclusion', kind: 'taskAndFinish', chairId: 'tf-chair@x.org', cadenceDays: 21, nextMeeting: '2024-05-07', escalatesTo: 'board', extra: {} },
  { planId: 'p', id: 'board', name: 'SEND Board', kind: 'board', chairId: 'chair@x.org', cadenceDays: 42, nextMeeting: '2024-05-14', extra: {} },
];
const action = { ref: '1.2', text: 'Publish the graduated approach toolkit', brag: 'red' as const, due: '2024-03-29' };

describe('combining a person’s notices', () => {
  const notices: Notice[] = [
    { key: 'cycle~tf~2024-05-07~open~chair@x.org', kind: 'prompt', recipientId: 'chair@x.org', group: { id: 'tf', name: 'Inclusion' }, meetingDate: '2024-05-07', actions: [{ ...action, ref: '3.1', text: 'Audit EHCP timeliness' }] },
    { key: 'chase~2024-04-29~chair@x.org', kind: 'overdue', recipientId: 'chair@x.org', actions: [{ ...action, ref: '2.10', text: 'Train SENCOs' }, { ...action, ref: '2.9', text: 'Map provision' }] },
    escalationNotice(escalation('overdue-a', '1.2', 'overdue', '2024-04-30T09:00:00Z'), { ...action, planId: 'p', leadIds: [], groupId: 'tf', area: 1 } as never, groups)!,
    escalationNotice(escalation('missing-b', '1.2', 'missingUpdates', '2024-04-02T09:00:00Z'), undefined, groups)!,
    { key: 'cycle~tf~2024-05-07~open~lead@x.org', kind: 'prompt', recipientId: 'lead@x.org', group: { id: 'tf', name: 'Inclusion' }, meetingDate: '2024-05-07', actions: [action] },
  ];

  it('makes one message per person, sections most urgent first, an action raised twice listed once with both causes', () => {
    const views = combineNotices(notices, PLAN, '2024-05-01', 'Europe/London');
    expect(views.map((v) => v.recipientId)).toEqual(['chair@x.org', 'lead@x.org']);
    const chair = views[0]!;
    expect(chair.sections.map((s) => s.kind)).toEqual(['escalation', 'overdue', 'prompt']);
    const [escalations, overdue] = chair.sections;
    expect(escalations!.items).toHaveLength(1);
    expect(escalations!.items[0]!.action.text).toBe('Publish the graduated approach toolkit');
    expect(escalations!.items[0]!.causes.map((c) => c.escalationId)).toEqual(['missing-b', 'overdue-a']);
    expect(overdue!.items.map((i) => [i.action.ref, i.daysOverdue])).toEqual([
      ['2.9', 33],
      ['2.10', 33],
    ]);
  });

  it('renders each action with its text and buttons to update, see its history, acknowledge and resolve', () => {
    const chair = combineNotices(notices, PLAN, '2024-05-01', 'Europe/London')[0]!;
    const message = personMessage(chair, new Date('2024-05-01T08:00:00Z'));
    expect(sectionHeadings(message.activity)).toEqual(['An action escalated to you', '2 actions are past their completion date', 'Inclusion: time for your update']);
    const text = cardText(message.activity);
    expect(text).toContain('**1.2** Publish the graduated approach toolkit');
    expect(text).toContain('2 escalations to handle · 3 actions to update');
    expect(text).toContain('Due 29 Mar 2024 · 33 days overdue');
    expect(text).toContain('The group meets on 7 May 2024.');
    const titles = (text.match(/^(Update|History of|Acknowledge|Resolve) 1\.2$/gm) ?? []).sort();
    expect(titles).toEqual(['Acknowledge 1.2', 'Acknowledge 1.2', 'History of 1.2', 'Resolve 1.2', 'Resolve 1.2', 'Update 1.2']);
    expect(acknowledgeable(message.activity)).toEqual(['missing-b', 'overdue-a']);
  });

  it('keeps the same key for the same notices, so a tick run again queues nothing twice', () => {
    const once = personMessage(combineNotices(notices, PLAN, '2024-05-01', 'Europe/London')[0]!, new Date());
    const again = personMessage(combineNotices([...notices].reverse(), PLAN, '2024-05-01', 'Europe/London')[0]!, new Date());
    expect(again.key).toBe(once.key);
  });
});

describe('the Plymouth plan ticked daily from April to May 2024', () => {
  let h: Harness;
  const days: Array<{ date: string; to: string[]; acknowledge: string[] }> = [];
  let firstDay: ReturnType<typeof delivered> = [];

  beforeAll(async () => {
    h = await startHarness();
    for (let date = '2024-04-01'; date <= '2024-05-31'; date = addDays(date, 1)) {
      const before = h.connector.sent.length;
      await h.tick(atPlanTime(date, 9, 'Europe/London').toISOString(), { sender: { ratePerSecond: 200 } });
      const sent = delivered(h.connector, before);
      if (firstDay.length === 0) firstDay = sent;
      days.push({ date, to: sent.map((r) => r.conversationId!), acknowledge: sent.flatMap((r) => acknowledgeable(r.activity)) });
    }
  });
  afterAll(async () => h?.close());

  it('never sends anyone more than one message in a tick', () => {
    expect(days.reduce((n, d) => n + d.to.length, 0)).toBeGreaterThan(50);
    for (const d of days) {
      expect({ date: d.date, twice: d.to.filter((c, i) => d.to.indexOf(c) !== i) }).toEqual({ date: d.date, twice: [] });
    }
  });

  it('tells the chair of each escalation once, however many causes and days it spans, and each level it climbs to once', async () => {
    const offered = days.flatMap((d) => d.acknowledge);
    expect(offered.length).toBeGreaterThan(10);
    const open = await h.store.escalations.listOpen(PLAN_ID);
    for (const id of offered) expect(open.map((e) => e.id)).toContain(id);
    // Unacknowledged for five working days, an escalation climbs a level and its chairs are told.
    // (A long section lists the most urgent only, so a level may hear of it without its button.)
    for (const e of open) {
      const times = offered.filter((id) => id === e.id).length;
      expect({ id: e.id, atMost: times <= 1 + (e.climbedFrom?.length ?? 0) }).toEqual({ id: e.id, atMost: true });
    }
    expect(open.some((e) => e.climbedFrom?.length && offered.filter((id) => id === e.id).length > 1)).toBe(true);
    // Each one went out in exactly one message (a long list shows the most urgent and says how many more).
    const carried = await h.store.outbox.noticesMarked(PLAN_ID, open.map((e) => `escalation~${e.id}`));
    expect(carried.size).toBe(open.length);
  });

  it('gives the strategic group’s chair their whole catch-up in one message, each action once with all its causes', async () => {
    const groups = await h.store.plans.listGroups(PLAN_ID);
    const ssdg = groups.find((g) => g.id === 'send-strategic-delivery-group-ssdg')!;
    const theirs = firstDay.filter((r) => r.conversationId === conversationIdOf(ssdg.chairId));
    expect(theirs).toHaveLength(1);
    // Those the chair was asked to acknowledge on the first day (some have climbed to the Improvement Board since).
    const shown = new Set(acknowledgeable(theirs[0]!.activity));
    const open = (await h.store.escalations.listOpen(PLAN_ID)).filter((e) => shown.has(e.id));
    const refs = [...new Set(open.map((e) => e.ref))];
    expect(refs.length).toBeGreaterThan(5);
    const text = cardText(theirs[0]!.activity);
    const listed = refs.filter((ref) => text.includes(`**${ref}** `));
    expect(listed.length).toBeGreaterThanOrEqual(5);
    for (const ref of listed) expect(text.split(`**${ref}** `)).toHaveLength(2);
    expect(text).toMatch(/^\d+ escalations to handle · \d+ actions? to update$/m);
    expect(text).toMatch(/…and \d+ more actions\. Say "status" to see every open escalation\./);
  });
});
