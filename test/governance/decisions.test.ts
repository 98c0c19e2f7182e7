/**
 * Decisions on the Plymouth fixture with its co-chairs: a proposed blue confirmed or declined
 * by a chair who does not lead the action, the lead told the outcome in the next tick's message; an
 * escalation sent past the chairs who lead the action, climbing a level when nobody acknowledges
 * it within five working days, once per level.
 */
import { fixedClock } from '../../src/domain/clock';
import type { Group, Person } from '../../src/domain/model';
import { blueDecisionSubmissionId, blueOutcomeKey, decideBlue } from '../../src/decisions/blueDecisions';
import { decideEscalation } from '../../src/decisions/escalationDecisions';
import { decideRevisedDate } from '../../src/decisions/revisedDates';
import { climbEscalations } from '../../src/escalation/climb';
import { raiseEscalation } from '../../src/escalation/raise';
import { combineNotices, escalationNotices, type Notice } from '../../src/scheduler/notices';
import { personMessage } from '../../src/scheduler/messages';
import { cardText } from '../groups/support';
import { digestRecipients } from '../../src/reporting/reports';
import { planTickContext, zeroCounts } from '../../src/scheduler/context';
import type { Store } from '../../src/storage/store';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { planDateOf } from '../../src/calendar';
import { importGovernancePlan, PLAN_ID } from './fixture';

const DH = 'dh@plymouth.example';
const AG = 'ag@plymouth.example';
const HP = 'hp@plymouth.example';
const BOARD_CHAIR = 'improvement.board.chair@plymouth.example';
const GOVERNANCE = 'governance-oversight-culture-and-workforce';
const BOARD = 'local-area-send-improvement-board';

const clock = fixedClock('2023-11-20T10:00:00Z');
let store: Store;
let people: Map<string, Person>;
let groups: Group[];
const person = (id: string) => people.get(id)!;

beforeAll(async () => {
  ({ store, people, groups } = await importGovernancePlan());
});

/** What the lead will read in the next tick's message: the held notice, combined and rendered. */
async function toldInNextMessage(key: string, lead: string): Promise<string> {
  const held = (await store.outbox.listHeldNotices(PLAN_ID)).filter((h) => h.key === key);
  expect(held).toHaveLength(1);
  const [view] = combineNotices([held[0]!.notice as Notice], { id: PLAN_ID, name: 'Plymouth' }, '2023-11-21', 'Europe/London');
  expect(view!.recipientId).toBe(lead);
  return cardText(personMessage(view!, clock.now()).activity);
}

async function proposeBlue(ref: string, lead: string, submissionId: string) {
  clock.advance(60_000);
  const result = await submitUpdate({ store, clock, timeZone: 'Europe/London' }, PLAN_ID, person(lead), {
    ref,
    brag: 'blue',
    narrative: 'The framework is in every agency induction; the November audit found it in 9 of 10 files.',
    evidence: ['audit', 'minutes'],
    submissionId,
  });
  if (result.kind !== 'recorded') throw new Error(JSON.stringify(result));
  return result.update;
}

describe('a proposed blue', () => {
  it('cannot be confirmed by its own lead, who chairs the group: it goes to the chair above', async () => {
    // 2.1 is led by AG, who alone chairs Early identification and support; DH chairs the SSDG above it.
    const update = await proposeBlue('2.1', AG, 'blue-2.1');
    const refused = await decideBlue(store, clock, { planId: PLAN_ID, ref: '2.1', updateId: update.id, outcome: 'confirmed', decider: person(AG), groups, people, timeZone: 'Europe/London' });
    expect(refused.kind).toBe('refused');
    if (refused.kind === 'refused') expect(refused.message).toContain('It goes to DCS PCC (DH) (SEND Strategic Delivery Group (SSDG))');
    expect((await store.plans.getAction(PLAN_ID, '2.1'))!.value).toMatchObject({ brag: 'green', blueProposal: { updateId: update.id } });
  });

  it('becomes blue when the chair confirms it, and the lead is told in the next tick’s message', async () => {
    const updateId = (await store.plans.getAction(PLAN_ID, '2.1'))!.value.blueProposal!.updateId;
    const result = await decideBlue(store, clock, { planId: PLAN_ID, ref: '2.1', updateId, outcome: 'confirmed', decider: person(DH), groups, people, timeZone: 'Europe/London' });
    expect(result).toMatchObject({ kind: 'decided', outcome: 'confirmed', duplicate: false, action: { brag: 'blue' } });
    const action = (await store.plans.getAction(PLAN_ID, '2.1'))!.value;
    expect(action.brag).toBe('blue');
    expect(action.blueProposal).toBeUndefined();
    const history = await store.updates.history(PLAN_ID, '2.1');
    expect(history.find((u) => u.decision)).toMatchObject({ brag: 'blue', authorId: DH, evidence: ['audit', 'minutes'], decision: { kind: 'blue', outcome: 'confirmed', proposedBy: AG } });
    expect(await store.outbox.get(PLAN_ID, blueOutcomeKey(PLAN_ID, '2.1', updateId))).toBeUndefined();
    const text = await toldInNextMessage(blueOutcomeKey(PLAN_ID, '2.1', updateId), AG);
    expect(text).toContain('A chair decided on your blue');
    expect(text).toMatch(/DCS PCC \(DH\) confirmed blue on 20 Nov 2023: the action is complete and embedded\./);
  });

  it('records nothing more when the button is pressed again', async () => {
    const updateId = (await store.updates.history(PLAN_ID, '2.1')).find((u) => u.decision)!.decision!.proposalId;
    const again = await decideBlue(store, clock, { planId: PLAN_ID, ref: '2.1', updateId, outcome: 'declined', note: 'late click', decider: person(DH), groups, people, timeZone: 'Europe/London' });
    expect(again).toMatchObject({ kind: 'decided', outcome: 'confirmed', duplicate: true });
    expect((await store.updates.history(PLAN_ID, '2.1')).filter((u) => u.decision)).toHaveLength(1);
  });

  it('stays green when a chair says not yet, and the lead gets the note', async () => {
    // 1.1 is led by TL and DH; AG co-chairs Governance and may decide.
    await store.plans.modifyAction(PLAN_ID, '1.1', (a) => ({ ...a, brag: 'green' }));
    const update = await proposeBlue('1.1', DH, 'blue-1.1');
    const noNote = await decideBlue(store, clock, { planId: PLAN_ID, ref: '1.1', updateId: update.id, outcome: 'declined', decider: person(AG), groups, people, timeZone: 'Europe/London' });
    expect(noNote.kind).toBe('refused');
    const note = 'Please add the exit interview data from the last two quarters.';
    const result = await decideBlue(store, clock, { planId: PLAN_ID, ref: '1.1', updateId: update.id, outcome: 'declined', note, decider: person(AG), groups, people, timeZone: 'Europe/London' });
    expect(result).toMatchObject({ kind: 'decided', outcome: 'declined', action: { brag: 'green' } });
    expect((await store.plans.getAction(PLAN_ID, '1.1'))!.value.blueProposal).toBeUndefined();
    const text = await toldInNextMessage(blueOutcomeKey(PLAN_ID, '1.1', update.id), DH);
    expect(text).toContain(`has not confirmed blue yet (20 Nov 2023), so the action stays green. Their note: ${note}`);
    expect(text).toMatch(/^Update 1\.1$/m);
  });
});

describe('a decision an earlier version recorded without applying it', () => {
  it('is applied when the chair presses the button again: blue confirmed, the lead told', async () => {
    const proposal = await proposeBlue('9.2', AG, 'blue-9.2');
    // As an earlier version left a crash between its two writes: the decision in the history, the action still proposed.
    const stranded = {
      planId: PLAN_ID,
      ref: '9.2',
      id: `blue-${proposal.id}`,
      submissionId: blueDecisionSubmissionId(proposal.id),
      brag: 'blue' as const,
      narrative: 'Blue confirmed: complete and embedded.',
      evidence: proposal.evidence,
      escalate: false,
      authorId: DH,
      at: clock.now().toISOString(),
      decision: { kind: 'blue' as const, outcome: 'confirmed' as const, proposalId: proposal.id, proposedBy: AG },
    };
    const decideAgain = () => decideBlue(store, clock, { planId: PLAN_ID, ref: '9.2', updateId: proposal.id, outcome: 'confirmed', decider: person(DH), groups, people, timeZone: 'Europe/London' });
    const recorded = await store.updates.append(stranded);
    expect(recorded.created).toBe(true);
    expect((await store.plans.getAction(PLAN_ID, '9.2'))!.value).toMatchObject({ brag: 'green', blueProposal: { updateId: proposal.id } });

    const again = await decideAgain();
    expect(again).toMatchObject({ kind: 'decided', outcome: 'confirmed', duplicate: true, action: { brag: 'blue' } });
    const action = (await store.plans.getAction(PLAN_ID, '9.2'))!.value;
    expect(action.brag).toBe('blue');
    expect(action.blueProposal).toBeUndefined();
    expect((await store.updates.history(PLAN_ID, '9.2')).filter((u) => u.decision)).toHaveLength(1);
    expect(await toldInNextMessage(blueOutcomeKey(PLAN_ID, '9.2', proposal.id), AG)).toContain('A chair decided on your blue');
  });
});

describe('co-chairs', () => {
  it('each receive the group digest; a decision passed up adds the chair above', async () => {
    const governance = groups.find((g) => g.id === GOVERNANCE)!;
    expect((await digestRecipients(store, governance, groups, people)).map((p) => p.id)).toEqual([DH, AG, HP]);
    const early = groups.find((g) => g.id === 'early-identification-and-support')!;
    // 2.4 is led by AG (the group's chair) and DH (the SSDG's chair): the Improvement Board's chair decides.
    await store.plans.modifyAction(PLAN_ID, '2.4', (a) => ({ ...a, brag: 'green' }));
    await proposeBlue('2.4', AG, 'blue-2.4');
    expect((await digestRecipients(store, early, groups, people)).map((p) => p.id)).toEqual([AG, BOARD_CHAIR]);
  });
});

describe('an escalation', () => {
  let id: string;
  const tickAt = (iso: string) => {
    const at = new Date(iso);
    const ctx = planTickContext(store, fixedClock(at), { id: PLAN_ID, name: PLAN_ID, settings: {} as never, importedAt: '', sourceHash: '' }, 'Europe/London', at, planDateOf(at, 'Europe/London'), zeroCounts());
    return climbEscalations(ctx);
  };

  it('raised on 1.2 goes to the co-chair who does not lead it, not to DH or HP', async () => {
    const raised = await raiseEscalation(
      store,
      { planId: PLAN_ID, ref: '1.2', cause: 'leadRequest', occasion: 'u-1', reason: 'The ICB has not released the funding.', raisedBy: DH },
      fixedClock('2023-11-20T10:00:00Z'),
    );
    id = raised.escalation.id;
    expect(raised.escalation).toMatchObject({ targetGroupId: GOVERNANCE, level: 'chair' });
    const action = (await store.plans.getAction(PLAN_ID, '1.2'))!.value;
    expect(escalationNotices(raised.escalation, action, groups).map((n) => [n.key, n.recipientId])).toEqual([[`escalation~${id}`, AG]]);
  });

  it('stays put until five working days have passed', async () => {
    expect(await tickAt('2023-11-24T09:00:00Z')).toBe(0); // Friday: four working days
    expect((await store.escalations.get(PLAN_ID, id))!.value.targetGroupId).toBe(GOVERNANCE);
  });

  it('climbs past the SSDG (DH leads 1.2) to the Improvement Board after five working days unacknowledged', async () => {
    expect(await tickAt('2023-11-27T09:00:00Z')).toBe(1); // Monday: five working days
    const e = (await store.escalations.get(PLAN_ID, id))!.value;
    expect(e).toMatchObject({ targetGroupId: BOARD, level: 'board', climbedFrom: [GOVERNANCE], state: 'open' });
    const notices = escalationNotices(e, (await store.plans.getAction(PLAN_ID, '1.2'))!.value, groups);
    expect(notices.map((n) => [n.key, n.recipientId])).toEqual([[`escalation~${id}~at~${BOARD}`, BOARD_CHAIR]]);
    expect(notices[0]!.cause!.reason).toContain('Nobody acknowledged it at Governance, oversight, culture and workforce within the time allowed');
  });

  it('climbs no further from the top, and the board chair can acknowledge it', async () => {
    expect(await tickAt('2023-12-11T09:00:00Z')).toBe(0);
    const ack = await decideEscalation(store, clock, { planId: PLAN_ID, escalationId: id, change: 'acknowledged', person: person(BOARD_CHAIR), groups, people, timeZone: 'Europe/London' });
    expect(ack.kind).toBe('changed');
  });

  it('does not climb once acknowledged, and its lead cannot acknowledge it', async () => {
    const raised = await raiseEscalation(
      store,
      { planId: PLAN_ID, ref: '1.4', cause: 'red', occasion: '2023-11-20', reason: 'Rated red.', raisedBy: 'planpulse' },
      fixedClock('2023-11-20T10:00:00Z'),
    );
    const own = await decideEscalation(store, clock, { planId: PLAN_ID, escalationId: raised.escalation.id, change: 'acknowledged', person: person(DH), groups, people, timeZone: 'Europe/London' });
    expect(own.kind).toBe('refused');
    if (own.kind === 'refused') expect(own.message).toContain('You lead action 1.4');
    await decideEscalation(store, clock, { planId: PLAN_ID, escalationId: raised.escalation.id, change: 'acknowledged', person: person(AG), groups, people, timeZone: 'Europe/London' });
    expect(await tickAt('2023-12-04T09:00:00Z')).toBe(0);
    expect((await store.escalations.get(PLAN_ID, raised.escalation.id))!.value.targetGroupId).toBe(GOVERNANCE);
  });
});

describe('a resolution note', () => {
  it('is refused when it looks like it names a child, and the escalation stays as it was', async () => {
    const raised = await raiseEscalation(
      store,
      { planId: PLAN_ID, ref: '1.3', cause: 'leadRequest', occasion: '2023-11-21', reason: 'The lead asked for help.', raisedBy: DH },
      fixedClock('2023-11-21T10:00:00Z'),
    );
    const result = await decideEscalation(store, clock, {
      planId: PLAN_ID,
      escalationId: raised.escalation.id,
      change: 'resolved',
      note: 'Sorted for Jamie Smith at PL6 5AB.',
      person: person(AG),
      groups,
      people,
      timeZone: 'Europe/London',
    });
    expect(result).toEqual({ kind: 'personalData', message: expect.stringContaining('looks like a postcode next to a name') });
    expect((await store.escalations.get(PLAN_ID, raised.escalation.id))?.value.state).toBe('open');
  });
});

describe("a decision made late at night in British Summer Time", () => {
  // 23:30 UTC on 1 May 2024 is 00:30 on 2 May in Europe/London: the plan's day is the 2nd.
  const night = () => fixedClock('2024-05-01T23:30:00Z');
  const TZ = 'Europe/London';

  it("dates a blue proposed at 00:30 BST on the plan's day, in the decision and in what the lead is told", async () => {
    const at = night();
    // 1.6 is led by DH and HP; AG, the Governance co-chair who does not lead it, decides.
    await store.plans.modifyAction(PLAN_ID, '1.6', (a) => ({ ...a, brag: 'green' }));
    const proposed = await submitUpdate({ store, clock: at, timeZone: TZ }, PLAN_ID, person(DH), {
      ref: '1.6', brag: 'blue', narrative: 'The graduated response is in every school policy; the spring audit confirms it.', evidence: ['audit'], submissionId: 'blue-1.6-night',
    });
    if (proposed.kind !== 'recorded') throw new Error(JSON.stringify(proposed));
    at.advance(10 * 60_000);
    const result = await decideBlue(store, at, { planId: PLAN_ID, ref: '1.6', updateId: proposed.update.id, outcome: 'confirmed', decider: person(AG), groups, people, timeZone: TZ });
    if (result.kind !== 'decided') throw new Error(JSON.stringify(result));
    expect(result.decision.narrative).toBe(`Blue confirmed: complete and embedded (proposed by ${person(DH).name} on 2 May 2024; evidence: Audit).`);
    const text = await toldInNextMessage(blueOutcomeKey(PLAN_ID, '1.6', proposed.update.id), DH);
    expect(text).toContain(`${person(AG).name} confirmed blue on 2 May 2024: the action is complete and embedded.`);
  });

  it("dates a revised completion date proposed at 00:30 BST on the plan's day in the chair's decision", async () => {
    const at = night();
    const proposed = await submitUpdate({ store, clock: at, timeZone: TZ }, PLAN_ID, person(DH), {
      ref: '1.7', brag: 'amber', narrative: 'The training offer moved to the autumn term.', evidence: [], revisedDue: '2024-09-30', submissionId: 'date-1.7-night',
    });
    if (proposed.kind !== 'recorded') throw new Error(JSON.stringify(proposed));
    at.advance(10 * 60_000);
    const result = await decideRevisedDate(store, at, { planId: PLAN_ID, ref: '1.7', updateId: proposed.update.id, outcome: 'approved', decider: person(AG), groups, people, timeZone: TZ });
    if (result.kind !== 'decided') throw new Error(JSON.stringify(result));
    expect(result.decision.narrative).toBe(`Revised completion date approved: 31 Jan 2024 → 30 Sep 2024 (proposed by ${person(DH).name} on 2 May 2024).`);
  });

  it("says an escalation resolved at 00:30 BST was resolved on the plan's day when it is resolved again", async () => {
    const raised = await raiseEscalation(
      store,
      { planId: PLAN_ID, ref: '1.5', cause: 'leadRequest', occasion: 'night', reason: 'The lead asked for help with the ICB.', raisedBy: DH },
      fixedClock('2024-04-29T10:00:00Z'),
    );
    const decide = () =>
      decideEscalation(store, night(), { planId: PLAN_ID, escalationId: raised.escalation.id, change: 'resolved', note: 'Funding agreed at the ICB board.', person: person(AG), groups, people, timeZone: TZ });
    expect((await decide()).kind).toBe('changed');
    const again = await decide();
    expect(again).toMatchObject({ kind: 'refused', message: 'The escalation of action 1.5 was already resolved on 2 May 2024. Nothing was changed.' });
  });
});
