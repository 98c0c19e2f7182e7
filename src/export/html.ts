/**
 * The plan as a printable board paper: one self-contained HTML page (inline CSS and SVG,
 * no external assets) with BRAG totals, a chart of BRAG counts per group, each group's BRAG
 * counts over its last cycles, updates counted by evidence source with the co-production line,
 * overdue flags, the impact measures' scorecard (per area, each measure's latest value,
 * target, trend line and judgement beside the area's BRAG counts), and the actions under their
 * areas with their trend arrows.
 */
import { bragName, coProductionText, counted, formatPlanDate, formatShortPlanDate } from '../cards/format';
import { BRAG_COLOURS, BRAG_LEGEND, type Rating } from '../domain/brag';
import { EVIDENCE_TYPES, type EvidenceType } from '../domain/model';
import type { EvidenceSummary } from '../facts/evidence';
import { BRAG_ORDER } from '../facts/counts';
import { bragCounts, sectionsOf, type PlanReport, type ReportRow } from '../facts/plan';
import { TREND_CYCLES, type CycleCounts } from '../facts/movement';
import { TREND_ARROWS, TREND_WORDS } from './trendWords';

import { areaBragText, formatMeasureValue, JUDGEMENT_WORDS, latestText, shortPeriod, targetText, trendText } from '../cards/measures';
import type { ScorecardFacts, ScorecardMeasure } from '../measures/scorecard';
import { escapeHtml } from '../util/html';

const coProductionLine = (summary: EvidenceSummary) => coProductionText(summary.updates, summary.withVoice, 'in the last cycle');


const label = bragName;
/** What a rating means: "Complete and embedded"; "No rating yet". */
export const ratingMeaning = (rating: Rating) => (rating === 'unrated' ? 'No rating yet' : BRAG_LEGEND[rating]);

/** The papers' key to the ratings, as HTML: "Blue = Complete and embedded; Green = …". */
export const bragKeyHtml = () => BRAG_ORDER.filter((r) => r !== 'unrated').map((r) => `${label(r)} = ${escapeHtml(ratingMeaning(r))}`).join('; ');

function bragChip(rating: Rating): string {
  const ink = rating === 'amber' ? '#000' : '#fff';
  return `<span class="brag" style="background:${BRAG_COLOURS[rating]};color:${ink}" title="${escapeHtml(ratingMeaning(rating))}">${label(rating)}</span>`;
}

/** Stacked horizontal bars, one per group, drawn as inline SVG. */
function groupChart(report: PlanReport): string {
  const groups = report.groups
    .map((g) => ({ group: g, rows: report.rows.filter((r) => r.action.groupId === g.id) }))
    .filter((g) => g.rows.length > 0);
  const max = Math.max(1, ...groups.map((g) => g.rows.length));
  const labelWidth = 300;
  const barWidth = 380;
  const rowHeight = 26;
  const height = groups.length * rowHeight + 30;
  const bars = groups
    .map(({ group, rows }, i) => {
      const counts = bragCounts(rows);
      const y = i * rowHeight;
      let x = labelWidth;
      const segments = BRAG_ORDER.filter((r) => counts[r] > 0)
        .map((r) => {
          const w = (counts[r] / max) * barWidth;
          const seg = `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="18" fill="${BRAG_COLOURS[r]}"><title>${label(r)}: ${counts[r]}</title></rect>`;
          x += w;
          return seg;
        })
        .join('');
      return `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(group.name)}</text>${segments}<text x="${(x + 6).toFixed(1)}" y="${y + 17}">${rows.length}</text>`;
    })
    .join('');
  const legendY = groups.length * rowHeight + 14;
  const legend = BRAG_ORDER.map(
    (r, i) =>
      `<rect x="${labelWidth + i * 80}" y="${legendY - 10}" width="12" height="12" fill="${BRAG_COLOURS[r]}"/><text x="${labelWidth + i * 80 + 16}" y="${legendY}">${label(r)}</text>`,
  ).join('');
  return `<svg class="chart" role="img" aria-label="BRAG ratings per group" xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 40}" height="${height}" font-family="Segoe UI, Arial, sans-serif" font-size="12">${bars}${legend}</svg>`;
}

/** One group's BRAG counts per cycle as stacked vertical bars, oldest meeting on the left. */
export function trendChart(groupName: string, cycles: readonly CycleCounts[]): string {
  const barWidth = 34;
  const step = 64;
  const plotHeight = 90;
  const top = 14;
  const left = 8;
  const max = Math.max(1, ...cycles.map((c) => c.total));
  const bars = cycles
    .map((cycle, i) => {
      const x = left + i * step + (step - barWidth) / 2;
      let y = top + plotHeight;
      const segments = [...BRAG_ORDER]
        .reverse()
        .filter((r) => cycle.counts[r] > 0)
        .map((r) => {
          const h = (cycle.counts[r] / max) * plotHeight;
          y -= h;
          return `<rect x="${x}" y="${y.toFixed(1)}" width="${barWidth}" height="${h.toFixed(1)}" fill="${BRAG_COLOURS[r]}"><title>${escapeHtml(formatPlanDate(cycle.meetingDate))}: ${label(r)} ${cycle.counts[r]}</title></rect>`;
        })
        .join('');
      const centre = x + barWidth / 2;
      return `${segments}<text x="${centre}" y="${(y - 3).toFixed(1)}" text-anchor="middle">${cycle.total}</text><text x="${centre}" y="${top + plotHeight + 14}" text-anchor="middle">${formatShortPlanDate(cycle.meetingDate)}</text>`;
    })
    .join('');
  const width = left * 2 + Math.max(cycles.length, 1) * step;
  const height = top + plotHeight + 20;
  return `<svg class="trend-chart" role="img" aria-label="${escapeHtml(`BRAG counts of ${groupName} at its last ${cycles.length} meetings`)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="Segoe UI, Arial, sans-serif" font-size="10"><line x1="${left}" y1="${top + plotHeight}" x2="${width - left}" y2="${top + plotHeight}" stroke="#999"/>${bars}</svg>`;
}

function trendLegend(): string {
  return `<div class="legend">${BRAG_ORDER.map((r) => `<span><i style="background:${BRAG_COLOURS[r]}"></i>${label(r)}</span>`).join('')}</div>`;
}

/** Per group: the chart of its last cycles, and its evidence and co-production line. */
function groupTrends(report: PlanReport): string {
  const groups = report.groups.filter((g) => report.rows.some((r) => r.action.groupId === g.id));
  const blocks = groups.map((group) => {
    const cycles = report.trends?.cycles.get(group.id) ?? [];
    const chart =
      cycles.length > 0
        ? trendChart(group.name, cycles)
        : `<p class="no-trend">No cycle of this group has closed yet, so there is no trend to show; the first appears after its next meeting.</p>`;
    const evidence = report.evidence?.groups.find((e) => e.groupId === group.id);
    const line = evidence ? `<p class="coproduction">${escapeHtml(coProductionLine(evidence))}</p>` : '';
    return `<div class="group-trend"><h3>${escapeHtml(group.name)}</h3>${chart}${line}</div>`;
  });
  return `<p class="muted">BRAG counts as each group's last ${TREND_CYCLES} meetings closed, oldest on the left.</p>${trendLegend()}<div class="trends">${blocks.join('\n')}</div>`;
}

const EVIDENCE_HEADINGS: Record<EvidenceType, string> = {
  audit: 'Audit',
  voice: 'Voice',
  data: 'Data',
  review: 'Review',
  minutes: 'Minutes',
  surveys: 'Surveys',
};

function evidenceCells(summary: EvidenceSummary): string {
  return `${EVIDENCE_TYPES.map((t) => `<td class="num">${summary.counts[t]}</td>`).join('')}<td class="num">${summary.updates}</td><td class="num">${summary.withVoice} of ${summary.updates}</td>`;
}

/** Updates of each group's last cycle by evidence source, and the co-production line. */
function evidenceSection(report: PlanReport): string {
  const evidence = report.evidence;
  if (!evidence) return '';
  const name = new Map(report.groups.map((g) => [g.id, g.name]));
  const rows = evidence.groups
    .map((g) => `<tr><td>${escapeHtml(name.get(g.groupId) ?? g.groupId)}<div class="muted">since ${escapeHtml(g.since)}</div></td>${evidenceCells(g)}</tr>`)
    .join('\n');
  return `<h2>Evidence and co-production</h2>
<p class="coproduction">${escapeHtml(coProductionLine(evidence.plan))}</p>
<p class="muted">A group's last cycle is the number of days between its meetings, up to ${escapeHtml(formatPlanDate(report.today))}. An update may cite several sources.</p>
<table class="evidence">
<thead><tr><th>Group</th>${EVIDENCE_TYPES.map((t) => `<th>${EVIDENCE_HEADINGS[t]}</th>`).join('')}<th>Updates</th><th>Say how families were involved</th></tr></thead>
<tbody>
${rows}
<tr class="total"><td>Whole plan</td>${evidenceCells(evidence.plan)}</tr>
</tbody>
</table>`;
}

function trendCell(row: ReportRow): string {
  if (!row.trend) return '<td class="trend"></td>';
  const { trend, from, since } = row.trend;
  const word = TREND_WORDS[trend];
  const title = `${word.charAt(0).toUpperCase()}${word.slice(1)} since ${label(from)} at the ${since} meeting`;
  return `<td class="trend trend-${trend}" title="${escapeHtml(title)}">${TREND_ARROWS[trend]}</td>`;
}

const JUDGEMENT_INK: Record<ScorecardMeasure['judgement'], { background: string; colour: string }> = {
  onTrack: { background: '#00703c', colour: '#fff' },
  offTrack: { background: '#d4351c', colour: '#fff' },
  noData: { background: '#ffdd00', colour: '#0b0c0c' },
};

/**
 * A measure's recent values as a small line chart, with the target as a dashed line; the
 * values are in its accessible name and in the title of each point.
 */
export function measureSparkline(m: ScorecardMeasure): string {
  const width = 180;
  const height = 48;
  const pad = 6;
  const points = m.trend;
  const label = `${m.measure.name}: ${trendText(m)}; target ${formatMeasureValue(m.measure.target, m.measure.unit)}`;
  if (points.length === 0) return `<span class="muted">No values yet</span>`;
  const ys = [...points.map((p) => p.value), m.measure.target];
  const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
  const span = hi - lo || 1;
  const x = (i: number) => (points.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1));
  const y = (v: number) => pad + ((hi - v) * (height - 2 * pad)) / span;
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const dots = points
    .map((p, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" fill="#1d70b8"><title>${escapeHtml(`${shortPeriod(p.period)}: ${formatMeasureValue(p.value, m.measure.unit)}`)}</title></circle>`)
    .join('');
  const target = `<line x1="${pad}" x2="${width - pad}" y1="${y(m.measure.target).toFixed(1)}" y2="${y(m.measure.target).toFixed(1)}" stroke="#505a5f" stroke-dasharray="4 3"/>`;
  return `<svg class="spark" role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${target}<polyline points="${line}" fill="none" stroke="#1d70b8" stroke-width="2"/>${dots}</svg>
<div class="muted">${escapeHtml(points.map((p) => shortPeriod(p.period)).join(' · '))}</div>`;
}

/** The scorecard: per area, its BRAG counts, then each measure in a row (the board paper of a board's report shows it too). */
export function scorecardSection(facts: ScorecardFacts | undefined): string {
  if (!facts || facts.areas.length === 0) return '';
  const total = facts.areas.reduce((n, a) => n + a.measures.length, 0);
  const onTrack = total - facts.offTrack.length - facts.noData.length;
  const areas = facts.areas
    .map((a) => {
      const rows = a.measures
        .map((m) => {
          const ink = JUDGEMENT_INK[m.judgement];
          return `<tr>
<td>${escapeHtml(m.measure.name)}<div class="muted">${escapeHtml(m.measure.id)}</div></td>
<td>${escapeHtml(latestText(m))}</td>
<td>${escapeHtml(targetText(m.measure))}</td>
<td>${measureSparkline(m)}</td>
<td><span class="judgement" style="background:${ink.background};color:${ink.colour}">${JUDGEMENT_WORDS[m.judgement]}</span></td>
<td>${m.actionRefs.length > 0 ? escapeHtml(m.actionRefs.join(', ')) : '<span class="muted">None named</span>'}</td>
</tr>`;
        })
        .join('\n');
      return `<h3>${escapeHtml(`${a.area}. ${a.title}`)}</h3>
<p class="area-brag">${escapeHtml(areaBragText(a.counts))}</p>
<table class="scorecard">
<thead><tr><th scope="col">Measure</th><th scope="col">Latest</th><th scope="col">Target</th><th scope="col">Trend</th><th scope="col">Judgement</th><th scope="col">Actions that should move it</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
    })
    .join('\n');
  return `<section class="scorecard" aria-labelledby="scorecard-heading">
<h2 id="scorecard-heading">Impact measures</h2>
<p>${onTrack} of ${total} ${total === 1 ? 'measure' : 'measures'} on track, ${facts.offTrack.length} off track, ${facts.noData.length} with no data for the latest period. Off-track measures are exceptions for the board.</p>
${areas}
</section>`;
}

function actionRow(row: ReportRow): string {
  const a = row.action;
  const overdue = row.overdue ? `<span class="overdue">&#9873; Overdue ${counted(row.daysOverdue, 'day')}</span>` : '';
  const escalations = row.openEscalations > 0 ? `<span class="escalated">${counted(row.openEscalations, 'open escalation')}</span>` : '';
  return `<tr class="${row.overdue ? 'is-overdue' : ''}">
<td class="ref">${escapeHtml(a.ref)}</td>
<td>${escapeHtml(a.text)}${row.lastNarrative ? `<div class="narrative">Latest: ${escapeHtml(row.lastNarrative)}</div>` : ''}</td>
<td>${a.leadStrings.map(escapeHtml).join('<br>')}</td>
<td>${escapeHtml(row.group?.name ?? a.groupId)}</td>
<td class="date">${a.due ? escapeHtml(formatPlanDate(a.due)) : ''}${overdue}</td>
<td>${bragChip(a.brag)}${escalations}</td>
${trendCell(row)}
<td class="date">${row.lastUpdateOn ? escapeHtml(formatPlanDate(row.lastUpdateOn)) : '&mdash;'}<div class="muted">${counted(a.updateCount, 'update')}</div></td>
</tr>`;
}

/** The board paper's style sheet: screen and print. */
export const PAPER_STYLE = `
body{font-family:"Segoe UI",Arial,sans-serif;color:#1b1b1b;margin:24px;font-size:13px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
.muted{color:#666;font-size:11px}
.totals{display:flex;gap:8px;margin:12px 0}
.total{padding:8px 12px;border-radius:4px;min-width:90px}
.total b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;margin-bottom:16px}
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#1f3864;color:#fff}
tr.section td{background:#d9e1f2;font-weight:bold}
.ref{white-space:nowrap;font-weight:bold}
.date{white-space:nowrap}
.brag{display:inline-block;padding:2px 8px;border-radius:3px;font-weight:bold}
.overdue{display:block;color:${BRAG_COLOURS.red};font-weight:bold}
.escalated{display:block;color:${BRAG_COLOURS.red};font-size:11px}
.narrative{margin-top:4px;color:#444;font-style:italic}
tr.is-overdue td.date{background:#fdecea}
td.trend{text-align:center;font-size:16px;font-weight:bold}
.trend-up{color:${BRAG_COLOURS.green}}.trend-down{color:${BRAG_COLOURS.red}}.trend-same{color:#666}
h3{font-size:13px;margin:0 0 4px}
.trends{display:flex;flex-wrap:wrap;gap:12px 24px}
.group-trend{width:420px;break-inside:avoid;page-break-inside:avoid}
.no-trend{color:#666;font-style:italic;margin:4px 0}
.coproduction{margin:4px 0}
.legend{display:flex;gap:12px;margin:4px 0 10px;font-size:11px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
table.evidence{width:auto}td.num{text-align:right}tr.total td{font-weight:bold}
.judgement{display:inline-block;padding:2px 8px;border-radius:3px;font-weight:bold;white-space:nowrap}
.area-brag{margin:0 0 6px}table.scorecard{table-layout:fixed}table.scorecard td{vertical-align:middle}svg.spark{display:block;max-width:100%}
table.scorecard th:nth-child(1){width:22%}table.scorecard th:nth-child(2){width:20%}table.scorecard th:nth-child(3){width:16%}table.scorecard th:nth-child(4){width:20%}table.scorecard th:nth-child(5){width:10%}
@media print{body{margin:0;font-size:10px}h2{page-break-after:avoid}tr{page-break-inside:avoid}thead{display:table-header-group}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

export function renderHtml(report: PlanReport): string {
  const counts = bragCounts(report.rows);
  const overdue = report.rows.filter((r) => r.overdue).length;
  const escalations = report.rows.reduce((n, r) => n + r.openEscalations, 0);
  const totals = BRAG_ORDER.map((r) => {
    const ink = r === 'amber' ? '#000' : '#fff';
    return `<div class="total" style="background:${BRAG_COLOURS[r]};color:${ink}"><b>${counts[r]}</b>${escapeHtml(label(r))}</div>`;
  }).join('');
  const sections = sectionsOf(report)
    .map(
      (s) => `<tr class="section"><td colspan="8">${escapeHtml(s.title)}</td></tr>\n${s.rows.map(actionRow).join('\n')}`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${escapeHtml(report.plan.name)}: progress report ${escapeHtml(formatPlanDate(report.today))}</title>
<style>${PAPER_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(report.plan.name)}</h1>
<div class="muted">Progress report as at ${escapeHtml(formatPlanDate(report.today))} &middot; ${counted(report.rows.length, 'action')} &middot; ${overdue} overdue &middot; ${counted(escalations, 'open escalation')}</div>
<div class="totals">${totals}</div>
<h2>BRAG ratings by group</h2>
${groupChart(report)}
<h2>Trends by group</h2>
${groupTrends(report)}
${evidenceSection(report)}
${scorecardSection(report.measures?.scorecard)}
<h2>Actions</h2>
<table>
<thead><tr><th>Ref</th><th>Action</th><th>Leads</th><th>Group</th><th>Due</th><th>BRAG</th><th title="Since the previous cycle">Trend</th><th>Last update</th></tr></thead>
<tbody>
${sections}
</tbody>
</table>
<p class="muted">Trend: &uarr; better, &darr; worse, &rarr; unchanged since the previous cycle's rating; blank before two ratings are known.</p>
<p class="muted">BRAG: ${bragKeyHtml()}.</p>
</body>
</html>
`;
}
