/**
 * One message per person per plan per tick: prompts, reminders, last calls, the overdue chase,
 * escalations to handle, chairs' digests with their decisions and SROs' area digests arrive
 * together, sections in order of urgency, each action once in a section with all the causes
 * that brought it, its text and its buttons. The Plymouth plan, first ticked on 1 April 2024
 * (months of catch-up at once) and then daily to the end of May, with the reporting hooks on
 * and its two boards' channels linked.
 */
import { addDays, atPlanTime } from '../../src/calendar';
import type { Escalation, Group } from '../../src/domain/model';
import { combineNotices, escalationNotice, type Notice } from '../../src/scheduler/notices';
import { personMessage } from '../../src/scheduler/messages';
import { cardText } from '../groups/support';
import { reportingHooks } from '../../src/reporting/hooks';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { fixedClock } from '../../src/domain/clock';
import { acknowledgeable, conversationIdOf, delivered, PLAN_ID, sectionHeadings, startHarness, type Harness } from './harness';

jest.setTimeout(480_000);

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

  it('offers, on each action it asks about, to keep the rating with no change, and to propose a revised date once it is past due', () => {
    const chair = combineNotices(notices, PLAN, '2024-05-01', 'Europe/London')[0]!;
    const text = cardText(personMessage(chair, new Date('2024-05-01T08:00:00Z')).activity);
    expect(text).toMatch(/^No change since my last update on 3\.1$/m);
    expect(text).toMatch(/^Propose a revised date for 3\.1$/m);
    expect(text).toMatch(/^No change since my last update on 2\.9$/m);
    // Not on an escalation the chair handles: that action is not theirs to update.
    expect(text).not.toMatch(/^No change since my last update on 1\.2$/m);
  });

  it('keeps the same key for the same notices, so a tick run again queues nothing twice', () => {
    const once = personMessage(combineNotices(notices, PLAN, '2024-05-01', 'Europe/London')[0]!, new Date());
    const again = personMessage(combineNotices([...notices].reverse(), PLAN, '2024-05-01', 'Europe/London')[0]!, new Date());
    expect(again.key).toBe(once.key);
  });
});

/**
 * The message without the chair's digest part, whose list of escalations still waiting at the
 * meeting restates them: what is left are the notices of escalations, once each.
 */
function withoutDigest(activity: unknown): unknown {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.filter((n) => !(n as { items?: Array<{ text?: string }> })?.items?.some((i) => i?.text === "Chair's digest")).map(strip);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, strip(v)]));
    return node;
  };
  return strip(activity);
}

describe('the Plymouth plan ticked daily from April to May 2024', () => {
  let h: Harness;
  const days: Array<{ date: string; to: string[]; acknowledge: string[]; texts: Array<{ to: string; text: string }> }> = [];
  let firstDay: ReturnType<typeof delivered> = [];
  const boardChannels = new Set<string>();

  beforeAll(async () => {
    h = await startHarness();
    // The boards post their reports in their own channels, as a plan's boards do.
    for (const g of (await h.store.plans.listGroups(PLAN_ID)).filter((g) => g.kind === 'board')) {
      const id = `19:${g.id}@thread.tacv2`;
      boardChannels.add(id);
      await h.store.plans.modifyGroup(PLAN_ID, g.id, (x) => ({
        ...x,
        channel: { serviceUrl: h.connector.serviceUrl, channelId: 'msteams', conversation: { id, conversationType: 'channel', tenantId: 'tenant-1' }, bot: { id: '28:planpulse' }, tenantId: 'tenant-1' },
      }));
    }
    // A revised date waits for the Inclusion group's chair when its cycle closes on 2 May.
    const people = await h.store.plans.peopleById(PLAN_ID);
    const inclusion = (await h.store.plans.listGroups(PLAN_ID)).find((g) => g.name === 'Inclusion')!;
    const action = (await h.store.plans.listActionsOfGroup(PLAN_ID, inclusion.id)).find((a) => !a.leadIds.includes(inclusion.chairId))!;
    const proposed = await submitUpdate({ store: h.store, clock: fixedClock('2024-04-29T10:00:00Z'), timeZone: 'Europe/London' }, PLAN_ID, people.get(action.leadIds[0]!)!, {
      ref: action.ref,
      brag: 'amber',
      narrative: 'Training moved to the summer term.',
      revisedDue: action.due === '2024-10-31' ? '2024-11-29' : '2024-10-31',
      submissionId: 'revised-in-may',
    });
    if (proposed.kind !== 'recorded') throw new Error(JSON.stringify(proposed));
    const hooks = reportingHooks({ transport: h.transport });
    for (let date = '2024-04-01'; date <= '2024-05-31'; date = addDays(date, 1)) {
      const before = h.connector.sent.length;
      await h.tick(atPlanTime(date, 9, 'Europe/London').toISOString(), { onCycleClosed: hooks, sender: { ratePerSecond: 200 } });
      const sent = delivered(h.connector, before);
      if (firstDay.length === 0) firstDay = sent;
      const personal = sent.filter((r) => !boardChannels.has(r.conversationId!));
      days.push({
        date,
        to: personal.map((r) => r.conversationId!),
        acknowledge: personal.flatMap((r) => acknowledgeable(withoutDigest(r.activity))),
        texts: personal.map((r) => ({ to: r.conversationId!, text: cardText(r.activity) })),
      });
    }
  });
  afterAll(async () => h?.close());

  it('never sends anyone more than one message in a tick', () => {
    expect(days.reduce((n, d) => n + d.to.length, 0)).toBeGreaterThan(50);
    for (const d of days) {
      expect({ date: d.date, twice: d.to.filter((c, i) => d.to.indexOf(c) !== i) }).toEqual({ date: d.date, twice: [] });
    }
  });

  it('carries each chair’s digest and each SRO’s area digest inside that one message, never beside it', async () => {
    const groups = await h.store.plans.listGroups(PLAN_ID);
    const inclusion = groups.find((g) => g.name === 'Inclusion')!;
    const onMeetingDay = days.find((d) => d.date === '2024-05-02')!;
    const toChair = onMeetingDay.texts.filter((t) => t.to === conversationIdOf(inclusion.chairId));
    expect(toChair).toHaveLength(1);
    expect(toChair[0]!.text).toContain("Chair's digest");
    expect(toChair[0]!.text).toContain('Training moved to the summer term.');
    expect(toChair[0]!.text).toMatch(/^Approve$/m);
    const digests = days.flatMap((d) => d.texts.filter((t) => t.text.includes("Chair's digest")));
    expect(digests.length).toBeGreaterThan(5);
    const areaDigests = days.flatMap((d) => d.texts.filter((t) => t.text.includes('senior responsible officer')));
    expect(areaDigests.length).toBeGreaterThan(0);
    // Nothing of the kinds the tick now carries inside people's messages went out on its own.
    const kinds = new Set((await h.store.outbox.listMessages(PLAN_ID)).map((m) => m.kind));
    expect([...kinds].filter((k) => ['chairDigest', 'areaDigest', 'blueDecision', 'escalation'].includes(k))).toEqual([]);
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
    expect(text).toMatch(/^\d+ escalations to handle · (your digest as chair|\d+ decisions? to take) · \d+ actions? to update$/m);
    expect(text).toMatch(/…and \d+ more actions\. Say "status" to see every open escalation\./);
  });
});
