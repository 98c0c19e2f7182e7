/**
 * The response page's HTML, in the GOV.UK Design System's markup (govuk-frontend's classes
 * and patterns: error summary, radios with hints, checkboxes, date input, panel), served
 * with its CSS from this server. Plain HTML forms: everything works without JavaScript.
 * Pure functions from views to strings; every value is escaped here.
 */
import { BRAG_LEGEND, BRAG_VALUES } from '../domain/brag';
import { EVIDENCE_TYPES, type Action } from '../domain/model';
import { bragLabel, EVIDENCE_TITLES, formatDate, formatPlanDate } from '../cards/format';
import type { FieldErrors, UpdateFormValues } from '../updates/updateInput';
import { escapeHtml } from '../util/html';

export const ASSETS = '/respond-assets';

export const esc = (s: string | undefined) => escapeHtml(s ?? '');

export function layout(title: string, body: string, options: { planName?: string; hasErrors?: boolean } = {}): string {
  const fullTitle = `${options.hasErrors ? 'Error: ' : ''}${title} – Plan Pulse`;
  return `<!DOCTYPE html>
<html lang="en-GB" class="govuk-template govuk-template--rebranded">
<head>
<meta charset="utf-8">
<title>${esc(fullTitle)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<link rel="stylesheet" href="${ASSETS}/govuk-frontend.min.css">
<link rel="stylesheet" href="${ASSETS}/planpulse.css">
<script type="module" src="${ASSETS}/init.js"></script>
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
<header class="govuk-header pp-header" data-module="govuk-header">
<div class="govuk-header__container govuk-width-container">
<div class="govuk-header__content"><span class="govuk-header__service-name">Plan Pulse</span>${options.planName ? `<span class="pp-plan-name">${esc(options.planName)}</span>` : ''}</div>
</div>
</header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
${body}
</main>
</div>
<footer class="govuk-footer">
<div class="govuk-width-container"><div class="govuk-footer__meta"><div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
<p class="govuk-body-s">This page was opened from a personal link in an email. It records updates for the person the email was sent to. <a class="govuk-footer__link" href="/privacy">Privacy notice</a></p>
</div></div></div>
</footer>
</body>
</html>`;
}

export type LinkProblem = 'invalid' | 'expired' | 'revoked' | 'answered' | 'form' | 'rateLimited' | 'notYours';

const PROBLEM_TEXT: Record<LinkProblem, { title: string; body: string }> = {
  invalid: { title: 'This link is not valid', body: 'The link may have been copied incompletely, or changed. Nothing has been recorded.' },
  expired: { title: 'This link has expired', body: 'Links work until the meeting they ask about (an overdue reminder’s link for 14 days). Nothing has been recorded.' },
  revoked: { title: 'This link has been withdrawn', body: 'The plan’s administrators have withdrawn it. Nothing has been recorded.' },
  answered: { title: 'This link has been used up', body: 'Every action this link asked about has been updated since it was sent. Nothing more has been recorded.' },
  form: { title: 'This form could not be sent', body: 'The form had been open too long or was sent from somewhere else. Nothing has been recorded: open the link from your email again and resend your update.' },
  rateLimited: { title: 'Too many requests', body: 'This link has been used many times in a short while. Wait a minute and try again. Nothing has been recorded.' },
  notYours: { title: 'This action is not on your link', body: 'The link opens only the actions it was sent about. Nothing has been recorded.' },
};

export function problemPage(problem: LinkProblem): string {
  const text = PROBLEM_TEXT[problem];
  return layout(
    text.title,
    `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">${esc(text.title)}</h1>
<p class="govuk-body">${esc(text.body)}</p>
<h2 class="govuk-heading-m">How to get a new link</h2>
<p class="govuk-body">Each reminder email brings a fresh link, so the next one will work. If you need one sooner, reply to the email you received, or ask the plan’s administrator or your group’s chair to send you a new link.</p>
</div></div>`,
  );
}

export interface ActionRow {
  action: Action;
  /** Updated through this page (or since the link was sent). */
  updated: boolean;
}

export interface ListView {
  planName: string;
  heading: string;
  intro: string;
  rows: ActionRow[];
  /** The action just updated, for the confirmation panel. */
  done?: Action;
  formUrl: (ref: string) => string;
  /** Measures whose values the link asks for, each with its form's address. */
  measures?: Array<{ id: string; name: string; periodText: string; href: string; given: boolean }>;
}

export function listPage(view: ListView): string {
  const panel = view.done
    ? `<div class="govuk-panel govuk-panel--confirmation"><h1 class="govuk-panel__title">Update recorded</h1><div class="govuk-panel__body">Action ${esc(view.done.ref)} is now ${esc(bragLabel(view.done.brag))}</div></div>`
    : `<h1 class="govuk-heading-l">${esc(view.heading)}</h1>`;
  const items = view.rows
    .map(
      ({ action, updated }) => `<li class="govuk-task-list__item govuk-task-list__item--with-link">
<div class="govuk-task-list__name-and-hint"><a class="govuk-link govuk-task-list__link" href="${esc(view.formUrl(action.ref))}" aria-describedby="status-${esc(idOf(action.ref))}">${esc(action.ref)} ${esc(action.text)}</a>
<div class="govuk-task-list__hint">${esc(bragLabel(action.brag))}${action.due ? ` · due ${esc(formatPlanDate(action.due))}` : ''}</div></div>
<div class="govuk-task-list__status" id="status-${esc(idOf(action.ref))}">${updated ? 'Updated' : '<strong class="govuk-tag govuk-tag--blue">Update needed</strong>'}</div>
</li>`,
    )
    .join('\n');
  return layout(
    view.done ? `Update recorded for ${view.done.ref}` : view.heading,
    `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${panel}
<p class="govuk-body">${esc(view.intro)}</p>
${view.done ? `<h2 class="govuk-heading-m">Your actions</h2>` : ''}
<ul class="govuk-task-list">
${items}
</ul>
${
  view.measures && view.measures.length > 0
    ? `<h2 class="govuk-heading-m">Impact measures</h2>
<ul class="govuk-task-list">
${view.measures
  .map(
    (m) => `<li class="govuk-task-list__item govuk-task-list__item--with-link">
<div class="govuk-task-list__name-and-hint"><a class="govuk-link govuk-task-list__link" href="${esc(m.href)}" aria-describedby="status-m-${esc(idOf(m.id))}">${esc(m.name)}</a>
<div class="govuk-task-list__hint">${esc(m.periodText)}</div></div>
<div class="govuk-task-list__status" id="status-m-${esc(idOf(m.id))}">${m.given ? 'Given' : '<strong class="govuk-tag govuk-tag--blue">Value needed</strong>'}</div>
</li>`,
  )
  .join('\n')}
</ul>`
    : ''
}
</div></div>`,
    { planName: view.planName },
  );
}

const idOf = (ref: string) => ref.replace(/[^A-Za-z0-9_-]/g, '_');

export interface FormView {
  planName: string;
  action: Action;
  /** Names the lead this update is for, when a delegate gives it. */
  onBehalfOf?: string;
  values: UpdateFormValues & { revisedDay?: string; revisedMonth?: string; revisedYear?: string };
  errors: FieldErrors;
  submissionId: string;
  csrf: string;
  postUrl: string;
  backUrl?: string;
  /** The plan's time zone, for the last update's date. */
  timeZone: string;
}

const FIELD_ORDER: Array<[keyof FieldErrors, string]> = [
  ['personalData', 'personalDataChecked'],
  ['brag', 'brag'],
  ['narrative', 'narrative'],
  ['evidence', 'evidence'],
  ['voice', 'voice'],
  ['blockers', 'blockers'],
  ['escalate', 'escalate'],
  ['revisedDue', 'revisedDue-day'],
  ['submissionId', 'submit'],
  ['ref', 'submit'],
];

/** A form's error summary (GOV.UK Design System): each message linking to the field it is about. */
export function errorSummary(items: ReadonlyArray<readonly [target: string, message: string]>): string {
  return `<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">
<h2 class="govuk-error-summary__title">There is a problem</h2>
<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">
${items.map(([target, message]) => `<li><a href="#${esc(target)}">${esc(message)}</a></li>`).join('\n')}
</ul></div></div></div>`;
}

/** A field's error message, for the field whose id is `id` (nothing when there is no error). */
export function errorMessage(id: string, message: string | undefined): string {
  return message ? `<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${esc(message)}</p>` : '';
}

/** A form group's classes, marked when its field has an error. */
export const groupClass = (error: string | undefined) => `govuk-form-group${error ? ' govuk-form-group--error' : ''}`;
const describedBy = (...ids: Array<string | false | undefined>) => {
  const list = ids.filter(Boolean).join(' ');
  return list ? ` aria-describedby="${list}"` : '';
};

export function formPage(view: FormView): string {
  const { action, values, errors } = view;
  const hasErrors = Object.keys(errors).length > 0;
  const summary = hasErrors ? errorSummary(FIELD_ORDER.filter(([f]) => errors[f]).map(([f, target]) => [target, errors[f]!])) : '';

  const bragRadios = BRAG_VALUES.map(
    (b, i) => `<div class="govuk-radios__item">
<input class="govuk-radios__input" id="${i === 0 ? 'brag' : `brag-${b}`}" name="brag" type="radio" value="${b}"${values.brag?.toLowerCase() === b ? ' checked' : ''} aria-describedby="brag-${b}-hint">
<label class="govuk-label govuk-radios__label" for="${i === 0 ? 'brag' : `brag-${b}`}"><span class="pp-brag pp-brag--${b}" aria-hidden="true"></span>${b[0]!.toUpperCase()}${b.slice(1)}</label>
<div id="brag-${b}-hint" class="govuk-hint govuk-radios__hint">${esc(BRAG_LEGEND[b])}</div>
</div>`,
  ).join('\n');

  const evidenceBoxes = EVIDENCE_TYPES.map(
    (e, i) => `<div class="govuk-checkboxes__item">
<input class="govuk-checkboxes__input" id="${i === 0 ? 'evidence' : `evidence-${e}`}" name="evidence" type="checkbox" value="${e}"${values.evidence.includes(e) ? ' checked' : ''}>
<label class="govuk-label govuk-checkboxes__label" for="${i === 0 ? 'evidence' : `evidence-${e}`}">${esc(EVIDENCE_TITLES[e])}</label>
</div>`,
  ).join('\n');

  const dateError = errors.revisedDue;
  const dateInput = (part: 'day' | 'month' | 'year', label: string, value: string | undefined, width: number) =>
    `<div class="govuk-date-input__item"><div class="govuk-form-group">
<label class="govuk-label govuk-date-input__label" for="revisedDue-${part}">${label}</label>
<input class="govuk-input govuk-date-input__input govuk-input--width-${width}${dateError ? ' govuk-input--error' : ''}" id="revisedDue-${part}" name="revisedDue-${part}" type="text" inputmode="numeric"${part === 'year' ? '' : ''} value="${esc(value)}">
</div></div>`;

  const body = `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${view.backUrl ? `<a href="${esc(view.backUrl)}" class="govuk-back-link">All your actions</a>` : ''}
${summary}
<span class="govuk-caption-l">Action ${esc(action.ref)}${action.due ? ` · due ${esc(formatPlanDate(action.due))}` : ''}</span>
<h1 class="govuk-heading-l">Update on action ${esc(action.ref)}</h1>
<p class="govuk-body">${esc(action.text)}</p>
<p class="govuk-body">Current rating: <strong>${esc(bragLabel(action.brag))}</strong>${action.lastUpdateAt ? `, last updated ${esc(formatDate(action.lastUpdateAt, view.timeZone))}` : ''}.</p>
${view.onBehalfOf ? `<div class="govuk-inset-text">You are giving this update on behalf of ${esc(view.onBehalfOf)}.</div>` : ''}
<form method="post" action="${esc(view.postUrl)}" novalidate>
<input type="hidden" name="ref" value="${esc(action.ref)}">
<input type="hidden" name="submissionId" value="${esc(view.submissionId)}">
<input type="hidden" name="csrf" value="${esc(view.csrf)}">

<div class="${groupClass(errors.brag)}">
<fieldset class="govuk-fieldset"${describedBy('brag-hint', errors.brag && 'brag-error')}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">BRAG rating</legend>
<div id="brag-hint" class="govuk-hint">How is this action progressing, in the plan’s own words?</div>
${errorMessage('brag', errors.brag)}
<div class="govuk-radios" data-module="govuk-radios">
${bragRadios}
</div>
</fieldset>
</div>

<div class="${groupClass(errors.narrative)}">
<label class="govuk-label govuk-label--m" for="narrative">Progress since the last update</label>
<div id="narrative-hint" class="govuk-hint">What has happened, what changed for children, young people and families, what comes next. At least 20 characters.</div>
${errorMessage('narrative', errors.narrative)}
<textarea class="govuk-textarea${errors.narrative ? ' govuk-textarea--error' : ''}" id="narrative" name="narrative" rows="6"${describedBy('narrative-hint', errors.narrative && 'narrative-error')}>${esc(values.narrative)}</textarea>
</div>

<div class="${groupClass(errors.evidence)}">
<fieldset class="govuk-fieldset"${describedBy('evidence-hint', errors.evidence && 'evidence-error')}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Evidence of progress</legend>
<div id="evidence-hint" class="govuk-hint">Select all that apply.</div>
${errorMessage('evidence', errors.evidence)}
<div class="govuk-checkboxes" data-module="govuk-checkboxes">
${evidenceBoxes}
</div>
</fieldset>
</div>

<div class="${groupClass(errors.voice)}">
<label class="govuk-label govuk-label--m" for="voice">How were children, young people and families involved?</label>
<div id="voice-hint" class="govuk-hint">For example: co-designed with the parent carer forum; young people’s feedback from a survey. Optional.</div>
${errorMessage('voice', errors.voice)}
<textarea class="govuk-textarea${errors.voice ? ' govuk-textarea--error' : ''}" id="voice" name="voice" rows="3"${describedBy('voice-hint', errors.voice && 'voice-error')}>${esc(values.voice)}</textarea>
</div>

<div class="${groupClass(errors.blockers)}">
<label class="govuk-label govuk-label--m" for="blockers">Blockers or risks</label>
<div id="blockers-hint" class="govuk-hint">Optional.</div>
${errorMessage('blockers', errors.blockers)}
<textarea class="govuk-textarea${errors.blockers ? ' govuk-textarea--error' : ''}" id="blockers" name="blockers" rows="3"${describedBy('blockers-hint', errors.blockers && 'blockers-error')}>${esc(values.blockers)}</textarea>
</div>

<div class="${groupClass(errors.escalate)}">
<fieldset class="govuk-fieldset"${describedBy(errors.escalate && 'escalate-error')}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Escalation</legend>
${errorMessage('escalate', errors.escalate)}
<div class="govuk-checkboxes" data-module="govuk-checkboxes">
<div class="govuk-checkboxes__item">
<input class="govuk-checkboxes__input" id="escalate" name="escalate" type="checkbox" value="true"${values.escalate ? ' checked' : ''}>
<label class="govuk-label govuk-checkboxes__label" for="escalate">Escalate this action to the group’s chair</label>
</div>
</div>
</fieldset>
</div>

<div class="${groupClass(dateError)}">
<fieldset class="govuk-fieldset" role="group"${describedBy('revisedDue-hint', dateError && 'revisedDue-error')}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Proposed revised completion date</legend>
<div id="revisedDue-hint" class="govuk-hint">Only if the completion date needs to move; the chair decides. For example, 27 3 2027.</div>
${errorMessage('revisedDue', dateError)}
<div class="govuk-date-input" id="revisedDue">
${dateInput('day', 'Day', values.revisedDay, 2)}
${dateInput('month', 'Month', values.revisedMonth, 2)}
${dateInput('year', 'Year', values.revisedYear, 4)}
</div>
</fieldset>
</div>

${
  errors.personalData
    ? `<div class="${groupClass(errors.personalData)}">
<fieldset class="govuk-fieldset"${describedBy('personalData-error')}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Personal data</legend>
${errorMessage('personalData', errors.personalData)}
<div class="govuk-checkboxes" data-module="govuk-checkboxes">
<div class="govuk-checkboxes__item">
<input class="govuk-checkboxes__input" id="personalDataChecked" name="personalDataChecked" type="checkbox" value="true">
<label class="govuk-label govuk-checkboxes__label" for="personalDataChecked">I have checked: this identifies no child or family</label>
</div>
</div>
</fieldset>
</div>`
    : ''
}
${errorMessage('submit', errors.submissionId ?? errors.ref)}
<button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" id="submit">Send update</button>
</form>
</div></div>`;
  return layout(`Update on action ${action.ref}`, body, { planName: view.planName, hasErrors });
}
