/**
 * Which group a `link` command names, across the plans the person is in: the rule alone, on
 * groups as the store holds them. The conversation around it is test/groups/groupsAndBoards.test.ts's.
 */
import type { Group, Plan } from '../../src/domain/model';
import { DEFAULT_PLAN_SETTINGS } from '../../src/domain/model';
import { chooseGroupToLink } from '../../src/plans/linkTarget';

const plan = (id: string): Plan => ({ id, name: id, settings: DEFAULT_PLAN_SETTINGS, importedAt: '2023-09-01T08:00:00Z', sourceHash: 'x' });

const group = (planId: string, id: string, name: string, kind: Group['kind'] = 'taskAndFinish'): Group => ({
  planId,
  id,
  name,
  kind,
  chairId: 'chair@plymouth.example',
  cadenceDays: 21,
  nextMeeting: '2023-10-03',
  extra: {},
});

const PLYMOUTH = plan('plymouth-2023');
const PLYMOUTH_GROUPS = [
  group('plymouth-2023', 'inclusion', 'Inclusion'),
  group('plymouth-2023', 'send-strategic-delivery-group-ssdg', 'SEND Strategic Delivery Group (SSDG)', 'board'),
  group('plymouth-2023', 'send-improvement-board', 'SEND Improvement Board', 'board'),
  group('plymouth-2023', 'early-identification-and-support', 'Early identification and support'),
];
const DEVON = plan('devon-2024');
const DEVON_GROUPS = [group('devon-2024', 'inclusion', 'Inclusion'), group('devon-2024', 'preparing-for-adulthood', 'Preparing for adulthood')];

const names = (target: ReturnType<typeof chooseGroupToLink>) =>
  target.kind === 'several' ? target.candidates.map((c) => `${c.plan.id}/${c.group.name}`) : target.kind === 'one' ? [`${target.plan.id}/${target.group.name}`] : [];

describe('the group a link command names', () => {
  const plymouth = [{ plan: PLYMOUTH, groups: PLYMOUTH_GROUPS }];

  it('links the group whose name is typed exactly, whatever its case', () => {
    expect(chooseGroupToLink(plymouth, 'inclusion')).toMatchObject({ kind: 'one', plan: { id: 'plymouth-2023' }, group: { id: 'inclusion' } });
  });

  it('links the one group whose words start with each word typed', () => {
    expect(names(chooseGroupToLink(plymouth, 'strategic delivery'))).toEqual(['plymouth-2023/SEND Strategic Delivery Group (SSDG)']);
    expect(names(chooseGroupToLink(plymouth, 'early id'))).toEqual(['plymouth-2023/Early identification and support']);
  });

  it('takes the name without the quotes or angle brackets people type around it', () => {
    expect(names(chooseGroupToLink(plymouth, '"Inclusion"'))).toEqual(['plymouth-2023/Inclusion']);
    expect(names(chooseGroupToLink(plymouth, '<Inclusion>'))).toEqual(['plymouth-2023/Inclusion']);
  });

  it('offers every group a name fits when it fits several, in the plan’s order', () => {
    expect(chooseGroupToLink(plymouth, 'SEND')).toMatchObject({ kind: 'several', query: 'SEND' });
    expect(names(chooseGroupToLink(plymouth, 'SEND'))).toEqual(['plymouth-2023/SEND Strategic Delivery Group (SSDG)', 'plymouth-2023/SEND Improvement Board']);
  });

  it('offers the choice when the same name is a group in two of the person’s plans', () => {
    const both = [
      { plan: PLYMOUTH, groups: PLYMOUTH_GROUPS },
      { plan: DEVON, groups: DEVON_GROUPS },
    ];
    expect(names(chooseGroupToLink(both, 'Inclusion'))).toEqual(['plymouth-2023/Inclusion', 'devon-2024/Inclusion']);
    expect(names(chooseGroupToLink(both, 'adulthood'))).toEqual(['devon-2024/Preparing for adulthood']);
  });

  it('answers a name nothing fits with every group and board the person could have meant', () => {
    const target = chooseGroupToLink(
      [
        { plan: PLYMOUTH, groups: PLYMOUTH_GROUPS },
        { plan: DEVON, groups: DEVON_GROUPS },
      ],
      'Workforce',
    );
    expect(target).toEqual({
      kind: 'none',
      query: 'Workforce',
      groupNames: ['Inclusion', 'SEND Strategic Delivery Group (SSDG)', 'SEND Improvement Board', 'Early identification and support', 'Inclusion', 'Preparing for adulthood'],
    });
  });

  it('matches nothing when only spaces or quotes are typed', () => {
    expect(chooseGroupToLink(plymouth, '  ').kind).toBe('none');
    expect(chooseGroupToLink(plymouth, '""').kind).toBe('none');
  });
});
