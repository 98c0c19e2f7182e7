/**
 * A board's report for one meeting as a printable board paper: one self-contained HTML page
 * (inline CSS and SVG, no external assets), drawn from the same views as the report's card and
 * from the facts kept as at the meeting. It is what a chair outside Teams is sent (attached to
 * their mail) and what they can keep, forward to the board's secretary and print: the actions by
 * BRAG, each exception once with every reason, the leads' latest word on red actions, the
 * escalations, off-track impact measures, achievements, co-production and the scorecard.
 * Every colour has its word beside it; every table has headers.
 */
import { BRAG_COLOURS, type Rating } from '../domain/brag';
import { BRAG_ORDER, sumCounts, type Counts } from '../facts/counts';
import { bragName, formatPlanDate } from '../cards/format';
import { boardReportView, progressReportView, type BoardReportInput, type BoardReportView, type ExceptionRowView, type ProgressReportView } from '../cards/board';
import type { ScorecardMeasureView } from '../cards/measures';
import { bragKeyHtml, PAPER_STYLE, ratingMeaning, scorecardSection } from './html';
import { escapeHtml } from '../util/html';

/** Everything listed: a paper is not bound by a card's size. */
const ALL = 100_000;

const PAPER_EXTRA = `
tbody th{background:#f3f2f1;color:#0b0c0c;font-weight:bold}
.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle;border:1px solid #505a5f}
.lede{font-size:14px;margin:8px 0}
.late{font-weight:bold;margin:8px 0}
table.counts{width:auto}
td.escalations p{margin:0 0 6px}
.addendum li{margin-bottom:4px}
`;

const what = (report: BoardReportInput) => (report.remit === 'progress' ? 'progress report' : 'exception report');

/** The paper's file name: "ssdg-exception-report-2023-10-24.html". */
export function boardPaperFilename(report: BoardReportInput): string {
  const board = report.input.facts.board;
  return `${board.id}-${what(report).replace(' ', '-')}-${report.input.facts.meetingDate}.html`;
}

/** The actions in the board's scope by BRAG, as at the report; undefined for a report kept before they were counted. */
export function reportCounts(report: BoardReportInput): Counts | undefined {
  if (report.remit === 'exceptions') return report.input.facts.counts;
  return sumCounts(report.input.facts.groups.map((g) => g.counts));
}

function countsTable(counts: Counts): string {
  const total = BRAG_ORDER.reduce((n, r) => n + counts[r], 0);
  const rows = BRAG_ORDER.map(
    (r) =>
      `<tr><th scope="row"><span class="swatch" style="background:${BRAG_COLOURS[r]}" aria-hidden="true"></span>${escapeHtml(bragName(r))}</th><td>${escapeHtml(ratingMeaning(r))}</td><td class="num">${counts[r]}</td></tr>`,
  ).join('\n');
  return `<table class="counts">
<thead><tr><th scope="col">Rating</th><th scope="col">Meaning</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rows}
<tr class="total"><th scope="row">All</th><td></td><td class="num">${total}</td></tr>
</tbody>
</table>`;
}

function exceptionRow(row: ExceptionRowView): string {
  const latest = [row.narrative ? `Latest: ${escapeHtml(row.narrative)}` : '', row.blockers ? `Blockers: ${escapeHtml(row.blockers)}` : '', row.ask ? escapeHtml(row.ask) : '']
    .filter(Boolean)
    .map((l) => `<div class="narrative">${l}</div>`)
    .join('');
  const escalations = row.escalations
    .map(
      (e) =>
        `<p><strong>${escapeHtml(e.cause)}</strong>, ${escapeHtml(e.stateText)}${e.reason ? `: ${escapeHtml(e.reason)}` : ''}<br><span class="muted">Raised by ${escapeHtml(e.raisedBy)}, ${escapeHtml(e.raisedAt)}${e.acknowledged ? `. ${escapeHtml(e.acknowledged)}` : ''}${e.resolved ? `. ${escapeHtml(e.resolved)}` : ''}</span></p>`,
    )
    .join('');
  return `<tr>
<th scope="row" class="ref">${escapeHtml(row.ref)}</th>
<td>${escapeHtml(row.text)}${latest}<div class="muted">${escapeHtml(row.groupName)}</div></td>
<td>${escapeHtml(row.leads)}</td>
<td class="date">${escapeHtml(row.due)}</td>
<td><strong>${escapeHtml(row.reasonsText)}</strong></td>
<td class="escalations">${escalations || '<span class="muted">None</span>'}</td>
</tr>`;
}

function exceptionsSection(view: BoardReportView): string {
  const rows = view.exceptions.items;
  return `<h2 id="exceptions">Exceptions</h2>
<p>${escapeHtml(view.exceptionsText)}</p>
${
  rows.length === 0
    ? ''
    : `<table class="exceptions">
<thead><tr><th scope="col">Ref</th><th scope="col">Action, and its leads' latest word</th><th scope="col">Leads</th><th scope="col">Due</th><th scope="col">Why it is here</th><th scope="col">Escalations</th></tr></thead>
<tbody>
${rows.map(exceptionRow).join('\n')}
</tbody>
</table>`
}`;
}

function offTrackSection(measures: ScorecardMeasureView[], hasScorecard: boolean): string {
  if (!hasScorecard) return '';
  if (measures.length === 0) return `<h2>Impact measures off track</h2>\n<p>None.</p>`;
  const rows = measures
    .map((m) => `<tr><th scope="row">${escapeHtml(m.name)}</th><td>${escapeHtml(m.latestText)}</td><td>${escapeHtml(m.targetText)}</td><td>${escapeHtml(m.actionsText)}</td></tr>`)
    .join('\n');
  return `<h2>Impact measures off track</h2>
<table>
<thead><tr><th scope="col">Measure</th><th scope="col">Latest</th><th scope="col">Target</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function achievementsSection(items: BoardReportView['achievements']['items']): string {
  if (items.length === 0) return `<h2>Achievements</h2>\n<p>None this cycle.</p>`;
  const rows = items
    .map((a) => `<tr><th scope="row" class="ref">${escapeHtml(a.ref)}</th><td>${escapeHtml(a.text)}<div class="muted">${escapeHtml(a.groupName)}</div></td><td>${escapeHtml(a.what)}</td></tr>`)
    .join('\n');
  return `<h2>Achievements</h2>
<table>
<thead><tr><th scope="col">Ref</th><th scope="col">Action</th><th scope="col">What was achieved</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function coProductionSection(view: BoardReportView): string {
  const rows = view.evidenceCounts.map((e) => `<tr><th scope="row">${escapeHtml(e.title)}</th><td class="num">${e.count}</td></tr>`).join('\n');
  return `<h2>Co-production and evidence</h2>
<p class="coproduction">${escapeHtml(view.coProductionText)}</p>
${view.withoutCoProduction ? `<p>Updated without saying how families were involved: ${escapeHtml(view.withoutCoProduction)}.</p>` : ''}
<table class="evidence">
<thead><tr><th scope="col">Evidence source</th><th scope="col">Updates citing it</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function addendumSection(lines: string[]): string {
  if (lines.length === 0) return '';
  return `<h2>Since the meeting</h2>
<p>The report above is as it was at the meeting. Changed since:</p>
<ul class="addendum">${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
}

function progressGroupsSection(view: ProgressReportView): string {
  const rows = view.groups
    .map((g) => {
      const count = (r: Rating) => g.bars.rows.find((row) => row.rating === r)?.count ?? 0;
      return `<tr><th scope="row">${escapeHtml(g.groupName)}</th>${BRAG_ORDER.map((r) => `<td class="num">${count(r)}</td>`).join('')}<td class="num">${g.bars.total}</td><td>${escapeHtml(g.trendText)}${g.movedUp ? `<div class="muted">Up: ${escapeHtml(g.movedUp)}</div>` : ''}${g.movedDown ? `<div class="muted">Down: ${escapeHtml(g.movedDown)}</div>` : ''}</td></tr>`;
    })
    .join('\n');
  return `<h2>Groups</h2>
<p>${escapeHtml(view.scopeText)}</p>
<table>
<thead><tr><th scope="col">Group</th>${BRAG_ORDER.map((r) => `<th scope="col">${escapeHtml(bragName(r))}</th>`).join('')}<th scope="col">Actions</th><th scope="col">Since the last meeting</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** The board paper of a board's report for a meeting, as kept at the meeting. */
export function renderBoardPaper(report: BoardReportInput, planName: string, timeZone: string): string {
  const facts = report.input.facts;
  const boardName = facts.board.name;
  const title = `${boardName}: ${what(report)} for ${formatPlanDate(facts.meetingDate)}`;
  const counts = reportCounts(report);
  let header: string;
  let body: string;
  if (report.remit === 'progress') {
    const view = progressReportView(report.input, ALL, timeZone, report.lateLine);
    const exceptions = boardReportView({ ...report.input, facts: report.input.facts.exceptions, memberTeamsIds: [] }, ALL, timeZone);
    header = `<p class="lede">${escapeHtml(planName)} &middot; meeting on ${escapeHtml(view.meetingDate)} &middot; ${escapeHtml(view.scopeText)}</p>
<p class="muted">As kept at ${escapeHtml(view.generatedAt)}</p>`;
    body = `${progressGroupsSection(view)}
${exceptionsSection(exceptions)}
<p>Open escalations: ${escapeHtml(view.escalationsText)}</p>
${offTrackSection(view.offTrackMeasures, view.hasScorecard)}
${achievementsSection(view.achievements.items)}
${scorecardSection(report.input.facts.exceptions.scorecard)}`;
  } else {
    const view = boardReportView(report.input, ALL, timeZone, report.lateLine);
    header = `<p class="lede">${escapeHtml(planName)} &middot; meeting on ${escapeHtml(view.meetingDate)} &middot; ${escapeHtml(view.scopeText)}</p>
<p class="muted">As kept at ${escapeHtml(view.generatedAt)}</p>`;
    body = `${exceptionsSection(view)}
${offTrackSection(view.offTrackMeasures, view.hasScorecard)}
${achievementsSection(view.achievements.items)}
${coProductionSection(view)}
${scorecardSection(report.input.facts.scorecard)}
${addendumSection(view.addendum)}`;
  }
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAPER_STYLE}${PAPER_EXTRA}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${header}
${report.lateLine ? `<p class="late">${escapeHtml(report.lateLine)}</p>` : ''}
${counts ? `<h2>Actions by BRAG</h2>\n${countsTable(counts)}` : ''}
${body}
<p class="muted">BRAG: ${bragKeyHtml()}. Every number is as at the meeting.</p>
</main>
</body>
</html>
`;
}
