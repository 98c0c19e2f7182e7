import { fixedClock } from '../../src/domain/clock';
import type { Action, Group, Plan } from '../../src/domain/model';
import { DEFAULT_PLAN_SETTINGS } from '../../src/domain/model';
import { raiseEscalation, EscalationInputError } from '../../src/escalation/raise';
import { boardAbove } from '../../src/escalation/routing';
import { escalationNotice } from '../../src/scheduler/notices';
import { EscalationStateError } from '../../src/domain/escalation';
import { ConflictError } from '../../src/storage/errors';
import type { Store } from '../../src/storage/store';
import { makeTestStore } from '../support/store';

const P = 'p-esc';
const clock = fixedClock('2024-02-01T09:00:00Z');
const group = (id: string, kind: Group['kind'], chairId: string, escalatesTo?: string): Group => ({
  planId: P, id, name: id.toUpperCase(), kind, chairId, cadenceDays: 21, nextMeeting: '2024-02-20', escalatesTo, extra: {},
});
const groups = [group('tf', 'taskAndFinish', 'chair@x.org', 'sdg'), group('sdg', 'board', 'sdg-chair@x.org', 'board'), group('board', 'board', 'board-chair@x.org')];
const action: Action = {
  planId: P, ref: '2.4', area: 2, groupId: 'tf', text: 'Do the thing', leadIds: ['lead@x.org'], leadStrings: ['Lead'], due: '2024-01-10',
  importedStatus: 'unrated', brag: 'red', updateCount: 0, extra: {},
};

let store: Store;
beforeAll(async () => {
  store = await makeTestStore();
  const plan: Plan = { id: P, name: 'Test plan', settings: DEFAULT_PLAN_SETTINGS, importedAt: clock.now().toISOString(), sourceHash: 'x' };
  await store.plans.savePlan(plan);
  for (const g of groups) await store.plans.saveGroup(g);
  await store.plans.saveAction(action);
});

describe('escalations', () => {
  it('routes a board escalation to the first board above the group', () => {
    expect(boardAbove(groups[0]!, groups)?.id).toBe('sdg');
    expect(boardAbove(groups[1]!, groups)?.id).toBe('board');
    expect(boardAbove(groups[2]!, groups)).toBeUndefined();
  });

  it('raises a lead’s own escalation to the chair once, however often it is asked for, for the chair to hear of', async () => {
    const input = { planId: P, ref: '2.4', cause: 'leadRequest' as const, occasion: 'update-1', reason: 'Waiting for ICB sign-off.', raisedBy: 'lead@x.org' };
    const first = await raiseEscalation(store, input, clock);
    const again = await raiseEscalation(store, input, clock);
    expect(first.created).toBe(true);
    expect(again).toEqual({ escalation: first.escalation, created: false });
    expect(first.escalation).toMatchObject({ level: 'chair', groupId: 'tf', targetGroupId: 'tf', state: 'open', cause: 'leadRequest' });
    const notice = escalationNotice(first.escalation, undefined, await store.plans.listGroups(P));
    expect(notice).toMatchObject({ kind: 'escalation', recipientId: 'chair@x.org', key: `escalation~${first.escalation.id}` });
    expect(notice?.cause).toMatchObject({ escalationId: first.escalation.id, cause: 'leadRequest', reason: 'Waiting for ICB sign-off.' });
    const other = await raiseEscalation(store, { ...input, occasion: 'update-2' }, clock);
    expect(other.created).toBe(true);
    expect(other.escalation.id).not.toBe(first.escalation.id);
  });

  it('sends a board escalation to the board’s chair', async () => {
    const { escalation } = await raiseEscalation(
      store,
      { planId: P, ref: '2.4', cause: 'overdue', level: 'board', occasion: '28d:2024-01-10', reason: '28 days overdue.', raisedBy: 'planpulse' },
      clock,
    );
    expect(escalation).toMatchObject({ level: 'board', targetGroupId: 'sdg' });
    expect(escalationNotice(escalation, undefined, await store.plans.listGroups(P))?.recipientId).toBe('sdg-chair@x.org');
  });

  it('refuses an escalation for an action the plan does not have, saying which', async () => {
    await expect(
      raiseEscalation(store, { planId: P, ref: '9.9', cause: 'leadRequest', occasion: 'u', reason: 'r', raisedBy: 'x' }, clock),
    ).rejects.toThrow(new EscalationInputError('Action 9.9 is not in plan p-esc, so it cannot be escalated.'));
  });

  it('lists open escalations by plan, group and ref, and follows acknowledge and resolve', async () => {
    const { escalation } = await raiseEscalation(
      store,
      { planId: P, ref: '2.4', cause: 'repeatedRed', level: 'board', occasion: '2024-02-20', reason: 'Red twice.', raisedBy: 'planpulse' },
      clock,
    );
    const open = await store.escalations.listOpen(P);
    expect(open.map((e) => e.id)).toContain(escalation.id);
    expect((await store.escalations.listOpenForGroup(P, 'sdg')).map((e) => e.id)).toContain(escalation.id);
    expect((await store.escalations.countOpenPerRef(P)).get('2.4')).toBe(open.length);

    const row = (await store.escalations.get(P, escalation.id))!;
    const acked = await store.escalations.setState(P, escalation.id, { state: 'acknowledged', by: 'sdg-chair@x.org', at: clock.now() }, row.etag);
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'sdg-chair@x.org' });
    await expect(store.escalations.setState(P, escalation.id, { state: 'resolved', by: 'x', at: clock.now() }, row.etag)).rejects.toBeInstanceOf(ConflictError);
    expect((await store.escalations.listOpen(P, { includeAcknowledged: false })).map((e) => e.id)).not.toContain(escalation.id);

    await store.escalations.setState(P, escalation.id, { state: 'resolved', by: 'sdg-chair@x.org', at: clock.now(), note: 'Recovery plan agreed.' });
    expect((await store.escalations.listOpen(P)).map((e) => e.id)).not.toContain(escalation.id);
    expect((await store.escalations.get(P, escalation.id))?.value).toMatchObject({ state: 'resolved', resolutionNote: 'Recovery plan agreed.' });
    await expect(store.escalations.setState(P, escalation.id, { state: 'acknowledged', by: 'x', at: clock.now() })).rejects.toBeInstanceOf(EscalationStateError);
  });
});
