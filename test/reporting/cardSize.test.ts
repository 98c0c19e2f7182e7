import { renderChannelSummary } from '../../src/cards';
import { groupCycleFacts } from '../../src/facts/group';
import { MAX_CARD_BYTES } from '../../src/cards/render';
import type { Action, Group, Person } from '../../src/domain/model';

const group: Group = { planId: 'p', id: 'big', name: 'A very large group', kind: 'taskAndFinish', chairId: 'chair@x', cadenceDays: 21, nextMeeting: '2024-03-01', extra: {} };

function action(i: number): Action {
  return {
    planId: 'p', ref: `9.${i}`, area: 9, groupId: 'big', text: `Action ${i}: ${'a long description of the work to be done '.repeat(8)}`,
    leadIds: [`lead${i}@x`], leadStrings: [`Lead number ${i} with a long role title (L${i})`], due: '2023-06-30',
    importedStatus: 'amber', brag: i % 2 ? 'red' : 'amber', updateCount: 0, extra: {},
  };
}

describe('channel summary size', () => {
  it('summarises a group too large for one card instead of sending a card over Teams\' limit', () => {
    const actions = Array.from({ length: 400 }, (_, i) => action(i + 1));
    const people = new Map<string, Person>(actions.map((a) => [a.leadIds[0]!, { planId: 'p', id: a.leadIds[0]!, name: a.leadStrings[0]!, email: a.leadIds[0]!, admin: false, leadStrings: [], extra: {} }]));
    const asked = Object.fromEntries(actions.map((a) => [a.leadIds[0]!, [a.ref]]));
    const facts = groupCycleFacts({
      planId: 'p', group, meetingDate: '2024-03-01', actions, people, unreachable: new Map(), escalations: [], proposals: [], today: '2024-03-01',
      cycle: { planId: 'p', groupId: 'big', groupKind: 'taskAndFinish', meetingDate: '2024-03-01', openDate: '2024-02-23', closeDate: '2024-03-01', openedAt: '2024-02-23T09:00:00.000Z', state: 'open', stepsDone: [], asked, delegated: {}, away: [] },
      window: { from: '2024-02-23T09:00:00.000Z', to: '2024-03-01T09:00:00.000Z' },
    });
    expect(facts.overdue).toHaveLength(400);
    expect(facts.notAnswered).toHaveLength(400);
    const card = renderChannelSummary(facts, 'Europe/London');
    const bytes = Buffer.byteLength(JSON.stringify(card));
    expect(bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const text = JSON.stringify(card);
    expect(text).toContain('Red 200');
    expect(text).toMatch(/and 39\d more/);
  });
});

describe('what moved since the last cycle', () => {
  it('lists actions whose BRAG went up or down against the previous cycle\'s snapshot, ignoring unrated ones', () => {
    const actions = [1, 2, 3, 4].map(action);
    actions[0]!.brag = 'green'; // 9.1 was amber: up
    actions[1]!.brag = 'red'; // 9.2 was amber: down
    actions[2]!.brag = 'amber'; // 9.3 was unrated: not a move
    actions[3]!.brag = 'amber'; // 9.4 unchanged
    const previous = { planId: 'p', groupId: 'big', meetingDate: '2024-02-09', takenAt: '', actions: { '9.1': { brag: 'amber' as const }, '9.2': { brag: 'amber' as const }, '9.3': { brag: 'unrated' as const }, '9.4': { brag: 'amber' as const } } };
    const facts = groupCycleFacts({
      planId: 'p', group, meetingDate: '2024-03-01', actions, people: new Map(), unreachable: new Map(), escalations: [], proposals: [], today: '2024-01-01',
      previous, window: { from: '2024-02-09T00:00:00.000Z', to: '2024-03-01T09:00:00.000Z' },
    });
    expect(facts.movedUp.map((m) => [m.ref, m.from, m.to])).toEqual([['9.1', 'amber', 'green']]);
    expect(facts.movedDown.map((m) => [m.ref, m.from, m.to])).toEqual([['9.2', 'amber', 'red']]);
    expect(facts.counts).toEqual({ blue: 0, green: 1, amber: 2, red: 1, unrated: 0 });
  });
});
