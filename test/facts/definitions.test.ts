/** The one definition of each fact that cards, exports and the status command share. */
import { countRatings } from '../../src/facts/counts';
import { addUpdates, emptyEvidence } from '../../src/facts/evidence';
import { groupCycleFacts } from '../../src/facts/group';
import { movement, movesSince } from '../../src/facts/movement';
import { daysOverdue, overdueBeyond } from '../../src/facts/overdue';
import { lastMeetingOn, missesUpdate, updateWindowStart } from '../../src/facts/updates';
import type { Action, Group, Person, Update } from '../../src/domain/model';

const TZ = 'Europe/London';

describe('overdue', () => {
  it('is an action due before the day it is judged on that is not blue or green', () => {
    expect(daysOverdue({ due: '2027-01-01', brag: 'amber' }, '2027-01-30')).toBe(29);
    expect(daysOverdue({ due: '2027-01-01', brag: 'red' }, '2027-01-02')).toBe(1);
    expect(daysOverdue({ due: '2027-01-01', brag: 'unrated' }, '2027-01-02')).toBe(1);
  });

  it('is not overdue on its completion date, once complete, or without a date', () => {
    expect(daysOverdue({ due: '2027-01-30', brag: 'red' }, '2027-01-30')).toBeUndefined();
    expect(daysOverdue({ due: '2027-01-01', brag: 'green' }, '2027-01-30')).toBeUndefined();
    expect(daysOverdue({ due: '2027-01-01', brag: 'blue' }, '2027-01-30')).toBeUndefined();
    expect(daysOverdue({ brag: 'red' }, '2027-01-30')).toBeUndefined();
  });

  it('is beyond a board threshold only when more days late than the threshold', () => {
    expect(overdueBeyond({ due: '2027-01-01', brag: 'red' }, '2027-01-29', 28)).toBe(false);
    expect(overdueBeyond({ due: '2027-01-01', brag: 'red' }, '2027-01-30', 28)).toBe(true);
  });
});

describe('missing update', () => {
  const group = { nextMeeting: '2027-02-18', cadenceDays: 21 };

  it('counts from the open cycle’s opening: an update before it does not answer the cycle', () => {
    const since = updateWindowStart(group, { openedAt: '2027-02-11T09:00:00.000Z' }, '2027-02-15', TZ);
    expect(since).toBe('2027-02-11T09:00:00.000Z');
    expect(missesUpdate({ brag: 'amber', lastUpdateAt: '2027-02-10T16:00:00.000Z' }, since)).toBe(true);
    expect(missesUpdate({ brag: 'amber', lastUpdateAt: '2027-02-11T09:00:00.000Z' }, since)).toBe(false);
    expect(missesUpdate({ brag: 'red' }, since)).toBe(true);
  });

  it('between cycles, counts from the start of the group’s last meeting day in the plan’s time zone', () => {
    expect(lastMeetingOn('2027-02-18', 21, '2027-02-05')).toBe('2027-01-28');
    expect(lastMeetingOn('2026-12-17', 21, '2027-02-05')).toBe('2027-01-28');
    const since = updateWindowStart(group, undefined, '2027-02-05', TZ);
    expect(since).toBe('2027-01-28T00:00:00.000Z');
    expect(missesUpdate({ brag: 'amber', lastUpdateAt: '2027-01-28T10:00:00.000Z' }, since)).toBe(false);
    expect(missesUpdate({ brag: 'amber', lastUpdateAt: '2027-01-27T10:00:00.000Z' }, since)).toBe(true);
  });

  it('never counts a blue or green action as missing its update', () => {
    expect(missesUpdate({ brag: 'green' }, '2027-02-11T09:00:00.000Z')).toBe(false);
    expect(missesUpdate({ brag: 'blue' }, '2027-02-11T09:00:00.000Z')).toBe(false);
  });
});

describe('BRAG counts', () => {
  it('counts every rating, zero when none holds it', () => {
    expect(countRatings(['red', 'red', 'amber', 'unrated'])).toEqual({ blue: 0, green: 0, amber: 1, red: 2, unrated: 1 });
  });
});

describe('movement since the last meeting', () => {
  it('is up or down the scale red, amber, green, blue, and same when unchanged', () => {
    expect(movement('red', 'amber')).toBe('up');
    expect(movement('green', 'amber')).toBe('down');
    expect(movement('amber', 'amber')).toBe('same');
  });

  it('does not count a first rating, or a rating withdrawn to unrated, as a move', () => {
    expect(movement('unrated', 'green')).toBeUndefined();
    expect(movement('red', 'unrated')).toBeUndefined();
  });

  it('lists what moved up and what moved down since the last meeting’s snapshot', () => {
    const actions = [1, 2, 3, 4].map((n) => ({ ref: `1.${n}`, text: `Action 1.${n}` }));
    const before: Record<string, 'red' | 'amber' | 'unrated'> = { '1.1': 'red', '1.2': 'amber', '1.3': 'unrated' };
    const now: Record<string, 'amber' | 'red' | 'green'> = { '1.1': 'amber', '1.2': 'red', '1.3': 'green', '1.4': 'green' };
    const moves = movesSince(actions, (ref) => before[ref], (ref) => now[ref]!);
    expect(moves.movedUp).toEqual([{ ref: '1.1', text: 'Action 1.1', from: 'red', to: 'amber' }]);
    expect(moves.movedDown).toEqual([{ ref: '1.2', text: 'Action 1.2', from: 'amber', to: 'red' }]);
  });
});

describe('evidence', () => {
  const update = (over: Partial<Update>): Update =>
    ({ planId: 'p', ref: '1.1', id: 'u', at: '2027-01-05T10:00:00.000Z', authorId: 'lead@x', brag: 'amber', narrative: 'n', evidence: [], escalate: false, ...over }) as Update;

  it('counts progress updates by evidence source and those saying how families were involved, not decisions', () => {
    const summary = emptyEvidence();
    addUpdates(summary, [
      update({ evidence: ['data', 'audit'], voice: 'Parent carer forum reviewed the draft' }),
      update({ evidence: ['data'], voice: '   ' }),
      update({ evidence: ['data'], decision: { kind: 'revisedDate', outcome: 'approved', proposalId: 'u0', proposedBy: 'lead@x', fromDue: '2027-01-01', toDue: '2027-03-01' } }),
    ]);
    expect(summary.updates).toBe(2);
    expect(summary.withVoice).toBe(1);
    expect(summary.counts.data).toBe(2);
    expect(summary.counts.audit).toBe(1);
  });
});

describe('a lead who is away', () => {
  it('is a date, not a sentence: the presentation words it', () => {
    const group: Group = { planId: 'p', id: 'g', name: 'Inclusion', kind: 'taskAndFinish', chairId: 'chair@x', cadenceDays: 21, nextMeeting: '2027-02-18', extra: {} };
    const action: Action = {
      planId: 'p', ref: '1.1', area: 1, groupId: 'g', text: 'Action 1.1', leadIds: ['away@x'], leadStrings: ['Away Lead'], due: '2027-06-30',
      importedStatus: 'amber', brag: 'amber', updateCount: 0, extra: {},
    };
    const person: Person = { planId: 'p', id: 'away@x', name: 'Away Lead', email: 'away@x', admin: false, leadStrings: [], extra: {}, awayUntil: '2027-01-29' };
    const facts = groupCycleFacts({
      planId: 'p', group, meetingDate: '2027-02-18', actions: [action], people: new Map([[person.id, person]]), unreachable: new Map(),
      escalations: [], proposals: [], today: '2027-01-20', window: { from: '2027-01-28T00:00:00.000Z', to: '2027-01-20T09:00:00.000Z' },
    });
    expect(facts.unavailable).toEqual([{ personId: 'away@x', name: 'Away Lead', availability: { kind: 'away', until: '2027-01-29' } }]);
  });
});
