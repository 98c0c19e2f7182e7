/**
 * The pages a Teams app links to from its details: the website, the privacy notice and the
 * terms of use. The app package points at these (https://BOT_DOMAIN/, /privacy and /terms)
 * unless WEBSITE_URL, PRIVACY_URL and TERMS_URL name the deploying organisation's own pages;
 * the texts here describe what Plan Pulse itself does.
 */

const page = (title: string, body: string) => `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Plan Pulse</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #242424; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
</style>
</head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>
`;

export const PRIVACY_PAGE = page(
  'Privacy notice',
  `<p>Plan Pulse is run by the organisation that installed it in your Microsoft Teams tenant
(usually the local authority leading the SEND improvement plan). That organisation is the data
controller; ask it for its own privacy notice and for how to exercise your rights.</p>
<p>Plan Pulse keeps action-level information only. It is not a case-management system: no
child's or family's personal data belongs in it, and updates must not name or identify a child.
An update with an NHS number is refused, and one with what looks like a date of birth, or a
postcode next to a name, is shown back with a warning before anything is kept.</p>
<h2>What Plan Pulse keeps, where, and for how long</h2>
<p>Everything is kept in the organisation's own Azure Table Storage (when run on one computer,
in its data folder). Nothing is shared with anyone outside the people the plan names, and
nothing is used for advertising or profiling.</p>
<ul>
  <li><strong>The improvement plan</strong>: its actions, their leads, dates and BRAG ratings, and
  the groups and boards they report to. Kept while the organisation keeps the plan.</li>
  <li><strong>For each person named in the plan</strong>: name, work email, role as written in the
  plan, Microsoft 365 (Entra) object id, delegate, and the dates they said they are away. Kept
  while the plan names them.</li>
  <li><strong>What the bot needs to message you</strong>: your Teams user id, your personal chat
  with the bot, whether it can reach you, and when you last used it. Kept until the plan's
  administrator erases it (<em>planpulse forget-person</em>).</li>
  <li><strong>Progress updates</strong> written by action leads: the rating, the narrative, the
  evidence named, how children, young people and families were involved, blockers, and proposed
  dates, with who wrote them and when. Kept as the action's history while the plan is kept.</li>
  <li><strong>Escalations</strong>, their acknowledgement and resolution, with who decided and any
  note. Kept while the plan is kept.</li>
  <li><strong>Messages the bot sent</strong>: a copy of each card or email for 90 days after it was
  sent (or given up on), then only a record of who it went to, what kind it was and when, which
  stops it being sent twice.</li>
  <li><strong>Logs</strong> of what the service did: never passwords, tokens or the text of
  updates. Kept as long as the organisation keeps its server logs.</li>
</ul>
<p>Who can see what is set out in the <a href="/terms">terms of use</a>.</p>
`,
);

export const TERMS_PAGE = page(
  'Terms of use',
  `<p>Plan Pulse is provided to you by the organisation that installed it in Microsoft Teams, for
keeping its SEND improvement plan up to date: asking action leads for progress, chasing late
updates, and reporting to task-and-finish groups and boards.</p>
<ul>
  <li>Use it only for the plan's work, and record what is accurate to the best of your knowledge.</li>
  <li>Do not enter any child's or family's personal data: describe actions and their progress, not individual cases.</li>
  <li>Plan Pulse acts only for the people the plan names, from the organisation's own Microsoft 365
  tenant, and knows each of them by their Microsoft 365 account: an account from another tenant, or
  another account giving the same email address, cannot act for them.</li>
</ul>
<h2>Who can see what</h2>
<ul>
  <li><strong>Everyone the plan names</strong>, by saying <em>status</em> in a personal chat: every
  action's rating, completion date and leads, which actions are overdue, which leads have not
  answered this cycle, and how many escalations are open (not their reasons).</li>
  <li><strong>Everyone in a group's Teams channel</strong>: that group's status and cycle summary
  (ratings, what moved, overdue actions, who has not answered) and that group's escalations with
  their reasons. Nothing of another group is shown there.</li>
  <li><strong>An action's leads and their delegates</strong>: the action's history of updates, with
  each update's text, evidence, involvement of children, young people and families, and blockers.</li>
  <li><strong>The chair of a group and the chairs of the groups and boards above it</strong>: the
  history of the group's actions, its escalations with their reasons, and proposed completion
  dates with the reasons given.</li>
  <li><strong>A board's chair, the chairs of the groups reporting to it, and everyone in the board's
  channel</strong>: the board's exception report (red and overdue actions, escalations with their
  reasons and who raised them).</li>
  <li><strong>The plan's administrators</strong>: everything above, for every group. Your updates may
  appear in board papers the administrators export.</li>
</ul>
<p>Questions about these terms go to the officer who administers the plan.</p>
`,
);

export const ABOUT_PAGE = page(
  'Plan Pulse',
  `<p>Plan Pulse keeps a local area's SEND improvement plan moving inside Microsoft Teams. It asks
each action lead for a progress update and a BRAG rating ahead of their task-and-finish group's
meeting, chases missing updates and actions past their completion date, posts a summary to each
group's channel and a digest to its chair, and brings exceptions to the board.</p>
<p>To use it, open Plan Pulse in Teams and say <strong>help</strong>. Questions go to the officer
who administers your plan.</p>
<p><a href="/privacy">Privacy notice</a> · <a href="/terms">Terms of use</a></p>
`,
);
