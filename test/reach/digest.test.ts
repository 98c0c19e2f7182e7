import { groupCycleFacts } from '../../src/facts/group';
import type { Action, Group, Person } from '../../src/domain/model';

const group: Group = { planId: 'p', id: 'g', name: 'Inclusion', kind: 'taskAndFinish', chairId: 'chair@x', cadenceDays: 21, nextMeeting: '2024-03-01', extra: {} };
const action = (ref: string, lead: string): Action => ({
  planId: 'p', ref, area: 1, groupId: 'g', text: `Action ${ref}`, leadIds: [lead], leadStrings: [lead], due: '2024-06-30',
  importedStatus: 'amber', brag: 'amber', updateCount: 0, extra: {},
});
const person = (id: string, name: string): Person => ({ planId: 'p', id, name, email: id, admin: false, leadStrings: [], extra: {} });

describe('a closed cycle’s facts', () => {
  it('lists a lead no prompt reached as not reached, with what to do, and not among those who did not answer', () => {
    const actions = [action('1.1', 'asked@x'), action('1.2', 'unreached@x')];
    const people = new Map([person('asked@x', 'Asked Lead'), person('unreached@x', 'Unreached Lead')].map((p) => [p.id, p]));
    const facts = groupCycleFacts({
      planId: 'p', group, meetingDate: '2024-03-01', actions, people, unreachable: new Map(), escalations: [], proposals: [], today: '2024-03-01',
      cycle: {
        planId: 'p', groupId: 'g', groupKind: 'taskAndFinish', meetingDate: '2024-03-01', openDate: '2024-02-23', closeDate: '2024-03-01',
        openedAt: '2024-02-23T09:00:00.000Z', state: 'closed', stepsDone: ['open', 'reminder', 'lastCall'],
        asked: { 'asked@x': ['1.1'], 'unreached@x': ['1.2'] }, delegated: {}, away: [],
        outcome: { '1.1': { answered: false, brag: 'amber' }, '1.2': { answered: false, brag: 'amber', reached: false } },
      },
      window: { from: '2024-02-23T09:00:00.000Z', to: '2024-03-01T09:00:00.000Z' },
    });
    expect(facts.notAnswered.map((n) => n.name)).toEqual(['Asked Lead']);
    expect(facts.unavailable).toEqual([
      { personId: 'unreached@x', name: 'Unreached Lead', availability: { kind: 'notReached' } },
    ]);
  });
});
