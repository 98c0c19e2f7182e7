/**
 * The response page's form for a measure's value, for owners reached by email: the same
 * facts as the card (src/cards/measures.ts), in the GOV.UK Design System's markup, with the
 * error summary and each error beside its field. Which measures a link opens is part of its
 * signed grant (`measureGrant`).
 */
import { measureFormView, type MeasureFormView } from '../cards/measures';
import type { Measure, RecordedMeasureValue } from '../measures/model';
import type { Period } from '../measures/periods';
import type { MeasureFieldErrors, MeasureFormValues } from '../measures/submitValue';
import { errorMessage, errorSummary, esc, groupClass, layout } from './page';
export { measureGrant, measureGrantOf } from '../outbox/model';

export interface MeasurePageInput {
  planName: string;
  measure: Measure;
  areaTitle?: string;
  period: Period;
  lastValues: readonly RecordedMeasureValue[];
  onBehalfOf?: string;
  values?: MeasureFormValues;
  errors?: MeasureFieldErrors;
  submissionId?: string;
  csrf: string;
  postUrl: string;
  backUrl: string;
}

const ORDER: Array<[keyof MeasureFieldErrors, string]> = [
  ['value', 'value'],
  ['period', 'value'],
  ['note', 'note'],
  ['source', 'source'],
];

export function measureFormPage(input: MeasurePageInput): string {
  const view: MeasureFormView = measureFormView(input);
  const errors = view.errors;
  const summary = view.hasErrors ? errorSummary(ORDER.filter(([k]) => errors[k]).map(([k, field]) => [field, errors[k]!])) : '';
  const valueError = errors.value ?? errors.period;
  const facts = view.facts.map((f) => `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(f.title)}</dt><dd class="govuk-summary-list__value">${esc(f.value)}</dd></div>`).join('\n');
  const last = view.lastValues.length > 0 ? `<ul class="govuk-list">${view.lastValues.map((v) => `<li>${esc(v)}</li>`).join('')}</ul>` : '<p class="govuk-body">No value has been recorded yet.</p>';
  const body = `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<a href="${esc(input.backUrl)}" class="govuk-back-link">Back</a>
${summary}
<span class="govuk-caption-l">Impact measure</span>
<h1 class="govuk-heading-l">${esc(view.title)}</h1>
<p class="govuk-body">${esc(view.periodText)}</p>
${view.definition ? `<p class="govuk-body">How it is counted: ${esc(view.definition)}</p>` : ''}
${view.standIn ? `<div class="govuk-inset-text">${esc(view.standIn)}</div>` : ''}
<dl class="govuk-summary-list">
${facts}
</dl>
<h2 class="govuk-heading-m">Last values</h2>
${last}
<div class="govuk-inset-text">Give the figure for the whole area, never about a child or family: no personal data belongs in a value, note or source.</div>
<form method="post" action="${esc(input.postUrl)}" novalidate>
<input type="hidden" name="csrf" value="${esc(input.csrf)}">
<input type="hidden" name="measureId" value="${esc(view.measureId)}">
<input type="hidden" name="period" value="${esc(view.period)}">
<input type="hidden" name="submissionId" value="${esc(view.submissionId)}">
<div class="${groupClass(valueError)}">
<label class="govuk-label govuk-label--s" for="value">${esc(view.valueLabel)}</label>
${errorMessage('value', valueError)}
<input class="govuk-input govuk-input--width-5${valueError ? ' govuk-input--error' : ''}" id="value" name="value" type="text" inputmode="decimal" spellcheck="false" value="${esc(view.values.value)}"${valueError ? ' aria-describedby="value-error"' : ''}>
</div>
<div class="${groupClass(errors.note)}">
<label class="govuk-label govuk-label--s" for="note">Note (optional): what explains the figure</label>
${errorMessage('note', errors.note)}
<textarea class="govuk-textarea${errors.note ? ' govuk-textarea--error' : ''}" id="note" name="note" rows="3"${errors.note ? ' aria-describedby="note-error"' : ''}>${esc(view.values.note)}</textarea>
</div>
<div class="${groupClass(errors.source)}">
<label class="govuk-label govuk-label--s" for="source">Source (optional): a link to the report or return the figure comes from</label>
${errorMessage('source', errors.source)}
<input class="govuk-input${errors.source ? ' govuk-input--error' : ''}" id="source" name="source" type="text" spellcheck="false" value="${esc(view.values.source)}"${errors.source ? ' aria-describedby="source-error"' : ''}>
</div>
<button type="submit" class="govuk-button" data-module="govuk-button" id="submit">Record the value</button>
</form>
</div></div>`;
  return layout(view.title, body, { planName: input.planName, hasErrors: view.hasErrors });
}
