/**
 * Email forms of the proactive messages, from the same views as their cards: a subject that
 * says what is asked and by when, a plain-text body and an HTML body (inline styles only,
 * as mail clients strip style sheets; no images or remote content), both ending with the
 * response link and what it is for. The link itself is RESPONSE_LINK_PLACEHOLDER here: it is
 * minted as the mail is sent.
 */
import type { Rating } from '../domain/brag';
import { bragLabel, daysOverdueText, formatDate, formatPlanDate } from '../cards/format';
import { RESPONSE_LINK_PLACEHOLDER } from '../outbox/transport';
import type { AreaDigestView, ChairDigestView } from '../cards';
import { DECISIONS_LINK_PLACEHOLDER } from '../outbox/transport';
import { escapeHtml } from '../util/html';

/** One action as a message lists it: facts, formatted here. */
export interface ActionLineView {
  ref: string;
  planId: string;
  text: string;
  rating: Rating;
  due?: string;
  daysOverdue?: number;
  /** A further line about the action (what a chair decided on its blue). */
  detail?: string;
}

/** What a lead is asked in one message; the card and the email are both drawn from it. */
export interface LeadMessageView {
  kind: 'cyclePrompt' | 'cycleReminder' | 'cycleLastCall' | 'overdueChase' | 'embeddingAsk' | 'blueOutcome';
  title: string;
  intro: string;
  planName: string;
  groupName?: string;
  /** The lead this message stands in for, when it goes to their delegate. */
  onBehalfOf?: string;
  actions: ActionLineView[];
  /** Actions not listed (a message lists at most 20). */
  more: number;
  /** When the answer is wanted: the meeting, or the chase period's end. */
  answerBy: string;
  /** When the link stops working. */
  linkExpires: string;
  /** Where the instants above are shown: the plan's time zone. */
  timeZone: string;
  /** "Hello Alison." or "Hello." (format.greeting); none when left out. */
  greeting?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** The greeting's paragraph, or nothing. */
const greetingHtml = (greeting: string | undefined) => (greeting ? `<p style="margin: 0 0 16px; font-size: 16px; line-height: 1.5;">${escapeHtml(greeting)}</p>\n` : '');


export function actionStatus(line: ActionLineView): string {
  const parts = [bragLabel(line.rating)];
  if (line.due) parts.push(`due ${formatPlanDate(line.due)}`);
  if (line.daysOverdue !== undefined) parts.push(daysOverdueText(line.daysOverdue));
  return parts.join(' · ');
}

const count = (n: number, one: string, many: string) => (n === 1 ? one : `${n} ${many}`);

export function leadMailSubject(view: LeadMessageView): string {
  const n = view.actions.length + view.more;
  const by = formatDate(view.answerBy, view.timeZone);
  switch (view.kind) {
    case 'cyclePrompt':
      return `Update needed by ${by}: ${count(n, 'your action', 'actions')} for ${view.groupName}`;
    case 'cycleReminder':
      return `Reminder: update needed by ${by} on ${count(n, 'your action', 'actions')} for ${view.groupName}`;
    case 'cycleLastCall':
      return `Last call: update needed by ${by} on ${count(n, 'your action', 'actions')} for ${view.groupName}`;
    case 'overdueChase':
      return `Overdue: update or propose a new date by ${by} on ${count(n, 'an action', 'actions')}`;
    case 'embeddingAsk':
      return `Is it embedded? ${count(n, 'a complete action', 'complete actions')} for ${view.groupName}, by ${by}`;
    case 'blueOutcome':
      return view.title;
  }
}

/** The mails' typeface and text colour, inline (mail clients drop style sheets). */
export const FONT = 'font-family: Arial, Helvetica, sans-serif; color: #0b0c0c;';

const button = (href: string, label: string) => `<p style="margin: 24px 0;"><a href="${href}" style="display: inline-block; background: #00703c; color: #ffffff; font-size: 19px; font-weight: bold; text-decoration: none; padding: 10px 16px; border-bottom: 2px solid #002d18;">${escapeHtml(label)}</a></p>
<p style="margin: 0 0 16px; font-size: 14px; line-height: 1.5; color: #505a5f;">Or copy this address into your browser: <span style="word-break: break-all;">${href}</span></p>`;

const page = (subject: string, inner: string) => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin: 0; padding: 0; background: #f3f2f1;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background: #f3f2f1;"><tr><td style="padding: 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width: 600px; margin: 0 auto; background: #ffffff; border-top: 8px solid #1d70b8;"><tr><td style="padding: 20px 24px; ${FONT}">
${inner}
</td></tr></table>
</td></tr></table>
</body></html>`;

export function leadMail(view: LeadMessageView): RenderedMail {
  const subject = leadMailSubject(view);
  const standIn = view.onBehalfOf ? `You are standing in for ${view.onBehalfOf}, who is away. Updates you give are recorded as made on their behalf.` : '';
  const more = view.more > 0 ? `…and ${view.more} more: the link opens them all.` : '';
  const expiry = `This link is for you alone: it opens your actions without signing in, and stops working on ${formatDate(view.linkExpires, view.timeZone)}. Please do not forward this email.`;
  const buttonLabel = view.kind === 'overdueChase' ? 'Update or propose a new date' : 'Give your update';

  const text = [
    view.title,
    '',
    ...(view.greeting ? [view.greeting, ''] : []),
    view.intro,
    ...(standIn ? ['', standIn] : []),
    '',
    ...view.actions.flatMap((a) => [`${a.ref}  ${a.text}`, `      ${actionStatus(a)}`, ...(a.detail ? [`      ${a.detail}`] : [])]),
    ...(more ? [more] : []),
    '',
    `${buttonLabel}: ${RESPONSE_LINK_PLACEHOLDER}`,
    '',
    expiry,
    '',
    `Plan Pulse, for ${view.planName}`,
  ].join('\n');

  const rows = view.actions
    .map(
      (a) => `<tr><td style="${FONT} padding: 10px 0; border-bottom: 1px solid #b1b4b6; vertical-align: top;">
<p style="margin: 0 0 4px; font-size: 16px; line-height: 1.4;"><strong>${escapeHtml(a.ref)}</strong> ${escapeHtml(a.text)}</p>
<p style="margin: 0; font-size: 14px; line-height: 1.4; color: #505a5f;">${escapeHtml(actionStatus(a))}</p>${a.detail ? `\n<p style="margin: 0; font-size: 14px; line-height: 1.4;">${escapeHtml(a.detail)}</p>` : ''}</td></tr>`,
    )
    .join('\n');
  const html = page(
    subject,
    `<p style="margin: 0 0 12px; font-size: 14px; color: #505a5f;">${escapeHtml(view.planName)}</p>
<h1 style="margin: 0 0 16px; font-size: 24px; line-height: 1.25;">${escapeHtml(view.title)}</h1>
${greetingHtml(view.greeting)}<p style="margin: 0 0 16px; font-size: 16px; line-height: 1.5;">${escapeHtml(view.intro)}</p>
${standIn ? `<p style="margin: 0 0 16px; font-size: 16px; line-height: 1.5; border-left: 4px solid #b1b4b6; padding-left: 12px;">${escapeHtml(standIn)}</p>` : ''}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin: 0 0 16px;">
${rows}
</table>
${more ? `<p style="margin: 0 0 16px; font-size: 16px;">${escapeHtml(more)}</p>` : ''}
${button(RESPONSE_LINK_PLACEHOLDER, buttonLabel)}
<p style="margin: 0; font-size: 14px; line-height: 1.5; color: #505a5f;">${escapeHtml(expiry)}</p>`,
  );
  return { subject, text, html };
}

/** Everything one person hears from a plan in one tick, by email: a section per notice. */
export interface CombinedMailView {
  planName: string;
  /** "2 escalations to handle · 5 actions to update". */
  summary: string;
  sections: LeadMessageView[];
  /** Actions escalated to this person, each with its causes in words. */
  escalations: Array<{ ref: string; text: string; causes: string[] }>;
  /** The chair's digest of the groups whose cycles closed, decided through the decisions link. */
  digest?: ChairDigestView;
  /** The SRO's area digests. */
  areas?: AreaDigestView[];
  /** Board reports for a chair whose board has no channel: each its title and its summary (src/mail/boardReport.ts). */
  reports?: Array<{ title: string; summary: { text: string[]; html: string } }>;
  /** Whether the mail carries the response link (a section asks for an update); by default when any section does. */
  updateLink?: boolean;
  /** When the response link stops working. */
  linkExpires: string;
  /** When the decisions link stops working. */
  decisionsExpire?: string;
  /** Where the instants above are shown: the plan's time zone. */
  timeZone: string;
  /** Measure values asked for: each measure's line and detail, and the plan date it is due by. */
  measures?: Array<{ title: string; detail: string; answerBy: string }>;
  /** "Hello Alison." or "Hello." (format.greeting); none when left out. */
  greeting?: string;
}

/** What waits for a chair in a digest: "a revised date to decide and 2 escalations to acknowledge", or ''. */
function digestWaiting(view: ChairDigestView): string {
  const proposals = view.groups.reduce((n, g) => n + g.dateProposals.items.length + g.dateProposals.more, 0);
  const blues = view.groups.reduce((n, g) => n + g.blueProposals.items.length + g.blueProposals.more, 0);
  const acks = view.groups.reduce((n, g) => n + g.awaitingAck.items.length + g.awaitingAck.more, 0);
  const parts = [
    proposals > 0 ? count(proposals, 'a revised date to decide', 'revised dates to decide') : '',
    blues > 0 ? count(blues, 'a blue to confirm', 'blues to confirm') : '',
    acks > 0 ? count(acks, 'an escalation to acknowledge', 'escalations to acknowledge') : '',
  ].filter(Boolean);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}

/** The chair's digest's groups as text lines and HTML: BRAG counts, response, and what waits for a decision. */
function chairDigestParts(view: ChairDigestView): { text: string[]; html: string[] } {
  const text: string[] = [];
  const html: string[] = [];
  for (const g of view.groups) {
    text.push(`${g.groupName}: meeting on ${g.meetingDate}`, `  ${g.bars.summary}`, `  ${g.responseText}${g.notAnswered ? ` Not answered: ${g.notAnswered}.` : ''}`, `  ${g.overdueCount} overdue · ${g.movedUpCount} moved up · ${g.movedDownCount} moved down`);
    html.push(`<h2 style="margin: 24px 0 8px; font-size: 19px;">${escapeHtml(g.groupName)}: meeting on ${escapeHtml(g.meetingDate)}</h2>
<p style="margin: 0 0 4px; font-size: 16px;">${escapeHtml(g.bars.summary)}</p>
<p style="margin: 0 0 4px; font-size: 16px;">${escapeHtml(g.responseText)}${g.notAnswered ? ` Not answered: ${escapeHtml(g.notAnswered)}.` : ''}</p>
<p style="margin: 0 0 12px; font-size: 16px;">${g.overdueCount} overdue · ${g.movedUpCount} moved up · ${g.movedDownCount} moved down</p>`);
    const list = (title: string, lines: Array<{ text: string; html: string }>) => {
      if (lines.length === 0) return;
      text.push('', `  ${title}:`, ...lines.map((l) => `  - ${l.text}`));
      html.push(`<h3 style="margin: 12px 0 4px; font-size: 16px;">${escapeHtml(title)}</h3><ul style="margin: 0 0 12px; padding-left: 20px;">`, ...lines.map((l) => `<li style="margin-bottom: 6px; font-size: 16px;">${l.html}</li>`), '</ul>');
    };
    list(
      'Revised dates to approve or reject',
      g.dateProposals.items.map((p) => ({
        text: `${p.ref} ${p.actionText}: ${p.currentDue} to ${p.proposedDue}, proposed by ${p.proposedBy}. ${p.why}`,
        html: `<strong>${escapeHtml(p.ref)}</strong> ${escapeHtml(p.actionText)}: ${escapeHtml(p.currentDue)} to <strong>${escapeHtml(p.proposedDue)}</strong>, proposed by ${escapeHtml(p.proposedBy)}`,
      })),
    );
    list(
      'Proposed blues to confirm',
      g.blueProposals.items.map((b) => ({
        text: `${b.ref} ${b.actionText}: proposed blue by ${b.proposedBy}, ${b.proposedAt}; evidence: ${b.evidence}. ${b.why}`,
        html: `<strong>${escapeHtml(b.ref)}</strong> ${escapeHtml(b.actionText)}: proposed blue by ${escapeHtml(b.proposedBy)}, ${escapeHtml(b.proposedAt)}; evidence: ${escapeHtml(b.evidence)}`,
      })),
    );
    list(
      'Escalations to acknowledge',
      g.awaitingAck.items.map((e) => ({
        text: `${e.ref}: ${e.reason} (raised by ${e.raisedBy}, ${e.raisedAt})`,
        html: `<strong>${escapeHtml(e.ref)}</strong>: ${escapeHtml(e.reason)} (raised by ${escapeHtml(e.raisedBy)}, ${escapeHtml(e.raisedAt)})`,
      })),
    );
    text.push('');
  }
  return { text, html };
}

/** An SRO's area digest as text lines and HTML. */
function areaDigestParts(view: AreaDigestView): { text: string[]; html: string[] } {
  const text = [view.title, `Area digest for ${view.sroName}, senior responsible officer`, view.occasion, view.bars.summary];
  const html = [
    `<h2 style="margin: 24px 0 8px; font-size: 20px; line-height: 1.3;">${escapeHtml(view.title)}</h2>
<p style="margin: 0 0 4px; font-size: 16px;">${escapeHtml(view.occasion)}</p>
<p style="margin: 0 0 12px; font-size: 16px;">${escapeHtml(view.bars.summary)}</p>`,
  ];
  const lists: Array<[string, Array<{ ref: string; text: string; detail: string }>]> = [
    ['Red actions', view.red.items],
    ['Overdue actions', view.overdue.items],
    ['Proposed blues waiting for a chair', view.blueProposals.items.map((b) => ({ ref: b.ref, text: b.actionText, detail: `Proposed by ${b.proposedBy}, ${b.proposedAt}` }))],
    ['Open escalations', view.escalations.items],
  ];
  for (const [title, rows] of lists) {
    if (rows.length === 0) continue;
    text.push('', `  ${title}:`, ...rows.map((r) => `  - ${r.ref} ${r.text} (${r.detail})`));
    html.push(
      `<h3 style="margin: 12px 0 4px; font-size: 16px;">${escapeHtml(title)}</h3><ul style="margin: 0 0 12px; padding-left: 20px;">`,
      ...rows.map((r) => `<li style="margin-bottom: 6px; font-size: 16px;"><strong>${escapeHtml(r.ref)}</strong> ${escapeHtml(r.text)} (${escapeHtml(r.detail)})</li>`),
      '</ul>',
    );
  }
  text.push('');
  return { text, html };
}

export function combinedMail(view: CombinedMailView): RenderedMail {
  const measures = view.measures ?? [];
  const asking = view.sections.filter((s) => s.kind !== 'blueOutcome');
  const by = asking.map((s) => s.answerBy).sort()[0];
  const measuresBy = measures.map((m) => m.answerBy).sort()[0];
  const waiting = view.digest ? digestWaiting(view.digest) : '';
  const subject = by
    ? `Update needed by ${formatDate(by, view.timeZone)}: ${view.summary}`
    : measuresBy
      ? `Values needed by ${formatDate(measuresBy, view.timeZone)}: ${view.summary}`
      : view.escalations.length > 0
        ? `Escalated to you: ${view.summary}`
        : waiting
          ? `Waiting for your decision: ${view.summary}`
          : view.reports?.length === 1 && !view.digest && view.sections.length === 0 && (view.areas ?? []).length === 0
            ? view.reports[0]!.title
            : `${view.planName}: ${view.summary}`;
  const measuresTitle = measures.length === 1 ? 'An impact measure: value due' : `${measures.length} impact measures: values due`;
  const measuresIntro = 'A reporting period has ended. Please give the figure for each measure below through the link; the board reads it beside the actions that should move it.';
  const buttonLabel = asking.length > 0 ? 'Give your update' : 'Give the values';
  const expiry = `This link is for you alone: it opens your actions without signing in, and stops working on ${formatDate(view.linkExpires, view.timeZone)}. Please do not forward this email.`;
  const decisionsExpiry = view.decisionsExpire
    ? `The decisions link is for you alone: it opens the decisions above without signing in, and stops working on ${formatDate(view.decisionsExpire, view.timeZone)}.`
    : '';
  const escalationTitle = view.escalations.length === 1 ? 'An action escalated to you' : `${view.escalations.length} actions escalated to you`;
  const escalationIntro = view.decisionsExpire
    ? 'Acknowledge them on the page the Decide link below opens, or in Teams.'
    : 'Acknowledge or resolve them in Teams, or on the board’s exception report.';
  const linked = view.updateLink ?? (asking.length > 0 || measures.length > 0);
  const digest = view.digest ? chairDigestParts(view.digest) : undefined;
  const areas = (view.areas ?? []).map(areaDigestParts);
  const digestTitle = waiting ? `Waiting for your decision as chair: ${waiting}` : 'Your digest as chair';

  const text = [
    view.summary,
    ...(view.greeting ? ['', view.greeting] : []),
    ...(view.escalations.length > 0
      ? ['', escalationTitle, escalationIntro, '', ...view.escalations.flatMap((e) => [`${e.ref}  ${e.text}`, ...e.causes.map((c) => `      ${c}`)])]
      : []),
    ...(digest ? ['', digestTitle, '', ...digest.text] : []),
    ...(view.decisionsExpire ? [`Decide: ${DECISIONS_LINK_PLACEHOLDER}`, '', decisionsExpiry] : []),
    ...view.sections.flatMap((s) => [
      '',
      s.title,
      s.intro,
      ...(s.onBehalfOf ? [`You are standing in for ${s.onBehalfOf}, who is away.`] : []),
      '',
      ...s.actions.flatMap((a) => [`${a.ref}  ${a.text}`, `      ${actionStatus(a)}`, ...(a.detail ? [`      ${a.detail}`] : [])]),
      ...(s.more > 0 ? [`…and ${s.more} more: the link opens them all.`] : []),
    ]),
    ...(measures.length > 0 ? ['', measuresTitle, measuresIntro, '', ...measures.flatMap((m) => [m.title, `      ${m.detail}`])] : []),
    ...(view.reports ?? []).flatMap((r) => ['', ...r.summary.text]),
    ...areas.flatMap((a) => ['', ...a.text]),
    '',
    ...(linked ? [`${buttonLabel}: ${RESPONSE_LINK_PLACEHOLDER}`, '', expiry, ''] : []),
    `Plan Pulse, for ${view.planName}`,
  ].join('\n');

  const row = (ref: string, title: string, lines: string[]) => `<tr><td style="${FONT} padding: 10px 0; border-bottom: 1px solid #b1b4b6; vertical-align: top;">
<p style="margin: 0 0 4px; font-size: 16px; line-height: 1.4;"><strong>${escapeHtml(ref)}</strong> ${escapeHtml(title)}</p>
${lines.map((l) => `<p style="margin: 0; font-size: 14px; line-height: 1.4; color: #505a5f;">${escapeHtml(l)}</p>`).join('\n')}</td></tr>`;
  const section = (title: string, intro: string, rows: string[], extra = '') => `<h2 style="margin: 24px 0 8px; font-size: 20px; line-height: 1.3;">${escapeHtml(title)}</h2>
<p style="margin: 0 0 12px; font-size: 16px; line-height: 1.5;">${escapeHtml(intro)}</p>${extra}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin: 0 0 16px;">
${rows.join('\n')}
</table>`;
  const parts = [
    ...(view.escalations.length > 0 ? [section(escalationTitle, escalationIntro, view.escalations.map((e) => row(e.ref, e.text, e.causes)))] : []),
    ...(digest ? [`<h2 style="margin: 24px 0 8px; font-size: 20px; line-height: 1.3;">${escapeHtml(digestTitle)}</h2>`, ...digest.html] : []),
    ...(view.decisionsExpire ? [button(DECISIONS_LINK_PLACEHOLDER, 'Decide'), `<p style="margin: 0; font-size: 14px; line-height: 1.5; color: #505a5f;">${escapeHtml(decisionsExpiry)}</p>`] : []),
    ...view.sections.map((s) =>
      section(
        s.title,
        s.intro,
        s.actions.map((a) => row(a.ref, a.text, [actionStatus(a), ...(a.detail ? [a.detail] : [])])),
        (s.onBehalfOf ? `<p style="margin: 0 0 12px; font-size: 16px; border-left: 4px solid #b1b4b6; padding-left: 12px;">${escapeHtml(`You are standing in for ${s.onBehalfOf}, who is away.`)}</p>` : '') +
          (s.more > 0 ? `<p style="margin: 0 0 12px; font-size: 16px;">${escapeHtml(`…and ${s.more} more: the link opens them all.`)}</p>` : ''),
      ),
    ),
    ...(measures.length > 0 ? [section(measuresTitle, measuresIntro, measures.map((m) => row('', m.title, [m.detail])))] : []),
    ...(view.reports ?? []).map((r) => r.summary.html),
    ...areas.flatMap((a) => a.html),
  ];
  const html = page(
    subject,
    `<p style="margin: 0 0 12px; font-size: 14px; color: #505a5f;">${escapeHtml(view.planName)}</p>
<h1 style="margin: 0 0 16px; font-size: 24px; line-height: 1.25;">${escapeHtml(view.summary)}</h1>
${greetingHtml(view.greeting)}${parts.join('\n')}
${linked ? `${button(RESPONSE_LINK_PLACEHOLDER, buttonLabel)}\n<p style="margin: 0; font-size: 14px; line-height: 1.5; color: #505a5f;">${escapeHtml(expiry)}</p>` : ''}`,
  );
  return { subject, text, html };
}

/**
 * The chair's digest as an email, from the digest card's view: each group's BRAG counts and
 * response, then what waits for the chair (dates to approve or reject, blues to confirm,
 * escalations to acknowledge), decided on the page the link opens.
 */
export function chairDigestMail(view: ChairDigestView, linkExpires: string, timeZone: string, greeting?: string): RenderedMail {
  const waiting = digestWaiting(view);
  const groupNames = view.groups.map((g) => g.groupName).join(', ');
  const subject = waiting ? `Chair’s digest for ${groupNames}: ${waiting} by ${formatDate(linkExpires, timeZone)}` : `Chair’s digest for ${groupNames}: nothing waiting for you`;
  const expiry = `This link is for you alone: it opens the decisions above without signing in, and stops working on ${formatDate(linkExpires, timeZone)}. Please do not forward this email.`;
  const parts = chairDigestParts(view);
  const text: string[] = [`Chair’s digest for ${view.chairName}`, `Made ${view.generatedAt}`, '', ...(greeting ? [greeting, ''] : []), ...parts.text];
  if (waiting) text.push(`Decide: ${RESPONSE_LINK_PLACEHOLDER}`, '');
  text.push(expiry);
  const html = page(
    subject,
    `<h1 style="margin: 0 0 8px; font-size: 24px; line-height: 1.25;">Chair’s digest for ${escapeHtml(view.chairName)}</h1>
<p style="margin: 0 0 8px; font-size: 14px; color: #505a5f;">Made ${escapeHtml(view.generatedAt)}</p>
${greetingHtml(greeting)}${parts.html.join('\n')}
${waiting ? button(RESPONSE_LINK_PLACEHOLDER, 'Decide') : ''}
<p style="margin: 0; font-size: 14px; line-height: 1.5; color: #505a5f;">${escapeHtml(expiry)}</p>`,
  );
  return { subject, text: text.join('\n'), html };
}
