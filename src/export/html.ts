/**
 * The plan as a printable board paper: one self-contained HTML page (inline CSS and SVG,
 * no external assets) with BRAG totals, a chart of BRAG counts per group, overdue flags and
 * the actions under their areas.
 */
import { BRAG_COLOURS, BRAG_LEGEND, type Rating } from '../domain/brag';
import { BRAG_ORDER, bragCounts, type PlanReport, type ReportRow } from './planReport';
import { sectionsOf } from './xlsx';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const label = (rating: Rating) => rating.charAt(0).toUpperCase() + rating.slice(1);
const legendOf = (rating: Rating) => (rating === 'unrated' ? 'No rating yet' : BRAG_LEGEND[rating]);

function bragChip(rating: Rating): string {
  const ink = rating === 'amber' ? '#000' : '#fff';
  return `<span class="brag" style="background:${BRAG_COLOURS[rating]};color:${ink}" title="${escapeHtml(legendOf(rating))}">${label(rating)}</span>`;
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

function actionRow(row: ReportRow): string {
  const a = row.action;
  const overdue = row.overdue ? `<span class="overdue">&#9873; Overdue ${row.daysOverdue} days</span>` : '';
  const escalations = row.openEscalations > 0 ? `<span class="escalated">${row.openEscalations} open escalation${row.openEscalations === 1 ? '' : 's'}</span>` : '';
  return `<tr class="${row.overdue ? 'is-overdue' : ''}">
<td class="ref">${escapeHtml(a.ref)}</td>
<td>${escapeHtml(a.text)}${row.lastNarrative ? `<div class="narrative">Latest: ${escapeHtml(row.lastNarrative)}</div>` : ''}</td>
<td>${a.leadStrings.map(escapeHtml).join('<br>')}</td>
<td>${escapeHtml(row.group?.name ?? a.groupId)}</td>
<td class="date">${escapeHtml(a.due ?? '')}${overdue}</td>
<td>${bragChip(a.brag)}${escalations}</td>
<td class="date">${escapeHtml((a.lastUpdateAt ?? '').slice(0, 10)) || '&mdash;'}<div class="muted">${a.updateCount} update${a.updateCount === 1 ? '' : 's'}</div></td>
</tr>`;
}

const STYLE = `
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
      (s) => `<tr class="section"><td colspan="7">${escapeHtml(s.title)}</td></tr>\n${s.rows.map(actionRow).join('\n')}`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${escapeHtml(report.plan.name)}: progress report ${report.today}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(report.plan.name)}</h1>
<div class="muted">Progress report as at ${report.today} &middot; ${report.rows.length} actions &middot; ${overdue} overdue &middot; ${escalations} open escalations</div>
<div class="totals">${totals}</div>
<h2>BRAG ratings by group</h2>
${groupChart(report)}
<h2>Actions</h2>
<table>
<thead><tr><th>Ref</th><th>Action</th><th>Leads</th><th>Group</th><th>Due</th><th>BRAG</th><th>Last update</th></tr></thead>
<tbody>
${sections}
</tbody>
</table>
<p class="muted">BRAG: ${BRAG_ORDER.filter((r) => r !== 'unrated').map((r) => `${label(r)} = ${escapeHtml(legendOf(r))}`).join('; ')}.</p>
</body>
</html>
`;
}
