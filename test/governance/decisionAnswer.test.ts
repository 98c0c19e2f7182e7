/**
 * What a chair is left looking at after deciding with a card's button: the rule alone. The
 * buttons pressed through the bot are test/groups/groupsAndBoards.test.ts's and
 * test/reporting/exceptionReport.test.ts's.
 */
import type { Group } from '../../src/domain/model';
import { answerToDecision, type DecisionAnswerInput } from '../../src/decisions/decisionAnswer';

const group = (id: string, kind: Group['kind'], chairId: string, coChairIds?: string[]): Group => ({
  planId: 'plymouth-2023',
  id,
  name: id,
  kind,
  chairId,
  ...(coChairIds ? { coChairIds } : {}),
  cadenceDays: kind === 'board' ? 42 : 21,
  nextMeeting: '2023-11-16',
  extra: {},
});

const DH = 'dh@plymouth.example';
const AG = 'ag@plymouth.example';
const JB = 'jb@plymouth.example';
const BOARD_CHAIR = 'improvement.board.chair@plymouth.example';
const GROUPS = [
  group('inclusion', 'taskAndFinish', JB),
  group('governance', 'taskAndFinish', DH, [AG]),
  group('local-area-send-improvement-board', 'board', BOARD_CHAIR),
];

const decided = (input: Partial<DecisionAnswerInput>) =>
  answerToDecision({ decision: 'revisedDate', deciderId: DH, personal: true, fromBoardReport: false, groups: GROUPS, ...input });

describe('the card that answers a chair’s decision', () => {
  it('shows a group’s chair their digest again, up to date, when they approve a date in their chat', () => {
    expect(decided({ decision: 'revisedDate' })).toEqual({ kind: 'chairDigest' });
    expect(decided({ decision: 'escalation', deciderId: JB })).toEqual({ kind: 'chairDigest' });
  });

  it('shows a co-chair their digest too', () => {
    expect(decided({ deciderId: AG })).toEqual({ kind: 'chairDigest' });
  });

  it('says what was decided when the chair confirms or declines a blue, even in their chat', () => {
    expect(decided({ decision: 'blue' })).toEqual({ kind: 'confirmation' });
  });

  it('says what was decided when the decision is taken in a channel', () => {
    expect(decided({ personal: false })).toEqual({ kind: 'confirmation' });
  });

  it('says what was decided to a board chair, who has no group digest to go back to', () => {
    expect(decided({ deciderId: BOARD_CHAIR, decision: 'escalation' })).toEqual({ kind: 'confirmation' });
  });

  it('shows the board report again, up to date, when the escalation was handled on a posted report', () => {
    expect(decided({ decision: 'escalation', deciderId: BOARD_CHAIR, personal: false, fromBoardReport: true })).toEqual({ kind: 'boardReport' });
    expect(decided({ decision: 'escalation', fromBoardReport: true })).toEqual({ kind: 'boardReport' });
  });

  it('names the other chair who decided first when a second copy of the card is pressed', () => {
    expect(decided({ deciderId: AG, alreadyRecordedBy: DH })).toEqual({ kind: 'alreadyDecided', byId: DH });
    expect(decided({ decision: 'blue', deciderId: AG, alreadyRecordedBy: DH })).toEqual({ kind: 'alreadyDecided', byId: DH });
  });

  it('answers a chair pressing their own button again as it did the first time', () => {
    expect(decided({ alreadyRecordedBy: DH })).toEqual({ kind: 'chairDigest' });
    expect(decided({ decision: 'blue', alreadyRecordedBy: DH })).toEqual({ kind: 'confirmation' });
  });
});
