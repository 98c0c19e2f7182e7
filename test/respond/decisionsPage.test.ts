/** The decisions page's wording of dates: each the day in the plan's time zone, written the UK way. */
import { decisionsPage, type DecisionsView } from '../../src/respond/decisions';
import type { Action, Update } from '../../src/domain/model';

const PLAN = 'plymouth-2023';
// 23:30 UTC on 1 May 2024 is 00:30 on 2 May in British Summer Time: the plan's day is the 2nd.
const JUST_AFTER_MIDNIGHT_BST = '2024-05-01T23:30:00.000Z';

const action: Action = {
  planId: PLAN, ref: '1.6', area: 1, groupId: 'governance-oversight-culture-and-workforce', text: 'Embed the graduated response in every school.',
  leadIds: ['dh@plymouth.example'], leadStrings: ['DCS PCC (DH)'], due: '2024-04-30', importedStatus: 'amber', brag: 'green', updateCount: 2, extra: {},
};
const proposal: Update = {
  planId: PLAN, ref: '1.6', id: 'upd-blue', submissionId: 'sub-blue', brag: 'green', proposesBlue: true, narrative: 'The spring audit found it in every school policy.',
  evidence: ['audit'], escalate: false, authorId: 'dh@plymouth.example', at: JUST_AFTER_MIDNIGHT_BST,
};

function page(timeZone: string): string {
  const view: DecisionsView = {
    planName: 'Plymouth SEND improvement plan', groupName: 'Governance, oversight, culture and workforce', proposals: [], escalations: [],
    blues: [{ action, update: proposal }], csrf: 'token', postUrl: '/respond/decisions/abc', timeZone,
  };
  // What a reader sees: the page's text without its markup.
  return decisionsPage(view).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

it("dates a blue proposal made at 00:30 BST on the plan's day", () => {
  expect(page('Europe/London')).toContain('Proposed 2 May 2024 Evidence of embedding The spring audit found it in every school policy.');
});

it('dates it in the time zone the plan is run in', () => {
  expect(page('America/New_York')).toContain('Proposed 1 May 2024 Evidence of embedding');
});
