/**
 * The plan as a board's tracker workbook: a Tracker sheet with the areas as section rows,
 * BRAG cells filled in their colours, trend arrows, overdue flags, a frozen header and set column
 * widths; a Summary sheet of BRAG counts per group; and a Trends sheet of each group's BRAG counts
 * over its last cycles.
 */
import ExcelJS from 'exceljs';
import { BRAG_COLOURS, type Rating } from '../domain/brag';
import { BRAG_ORDER, bragCounts, sectionsOf, type PlanReport, type ReportRow } from './planReport';
import { arrowOf, TREND_CYCLES, TREND_WORDS } from './trends';

interface TrackerColumn {
  header: string;
  width: number;
  value: (row: ReportRow) => string | number;
  wrap?: boolean;
}

const TRACKER_COLUMNS: TrackerColumn[] = [
  { header: 'Ref', width: 7, value: (r) => r.action.ref },
  { header: 'Action', width: 60, value: (r) => r.action.text, wrap: true },
  { header: 'Leads', width: 32, value: (r) => r.action.leadStrings.join('\n'), wrap: true },
  { header: 'Group', width: 24, value: (r) => r.group?.name ?? r.action.groupId, wrap: true },
  { header: 'Start', width: 11, value: (r) => r.action.start ?? '' },
  { header: 'Due', width: 11, value: (r) => r.action.due ?? '' },
  { header: 'BRAG', width: 11, value: (r) => label(r.action.brag) },
  { header: 'Trend', width: 7, value: (r) => arrowOf(r.trend) },
  { header: 'Last update', width: 12, value: (r) => (r.action.lastUpdateAt ?? '').slice(0, 10) },
  { header: 'Updates', width: 9, value: (r) => r.action.updateCount },
  { header: 'Overdue', width: 10, value: (r) => (r.overdue ? `${r.daysOverdue} days` : '') },
  { header: 'Open escalations', width: 11, value: (r) => r.openEscalations },
  { header: 'Next update due', width: 13, value: (r) => r.nextDue ?? '' },
  { header: 'Latest narrative', width: 40, value: (r) => r.lastNarrative ?? '', wrap: true },
  { header: 'Outcome', width: 40, value: (r) => r.action.outcome ?? '', wrap: true },
];

const BRAG_COLUMN = TRACKER_COLUMNS.findIndex((c) => c.header === 'BRAG') + 1;
const OVERDUE_COLUMN = TRACKER_COLUMNS.findIndex((c) => c.header === 'Overdue') + 1;
const TREND_COLUMN = TRACKER_COLUMNS.findIndex((c) => c.header === 'Trend') + 1;

const label = (rating: Rating) => rating.charAt(0).toUpperCase() + rating.slice(1);
/** exceljs wants ARGB without '#'. */
export const argbOf = (rating: Rating) => `FF${BRAG_COLOURS[rating].slice(1).toUpperCase()}`;
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

export async function renderXlsx(report: PlanReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Plan Pulse';
  wb.created = new Date(`${report.today}T00:00:00Z`);
  const sheet = wb.addWorksheet('Tracker', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.columns = TRACKER_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = fill('FF1F3864');
  header.alignment = { vertical: 'middle', wrapText: true };

  for (const area of sectionsOf(report)) {
    const section = sheet.addRow([area.title]);
    sheet.mergeCells(section.number, 1, section.number, TRACKER_COLUMNS.length);
    section.font = { bold: true };
    section.getCell(1).fill = fill('FFD9E1F2');
    section.getCell(1).alignment = { wrapText: true, vertical: 'middle' };
    section.height = 30;
    for (const row of area.rows) {
      const line = sheet.addRow(TRACKER_COLUMNS.map((c) => c.value(row)));
      line.alignment = { vertical: 'top' };
      TRACKER_COLUMNS.forEach((c, i) => {
        if (c.wrap) line.getCell(i + 1).alignment = { vertical: 'top', wrapText: true };
      });
      const brag = line.getCell(BRAG_COLUMN);
      brag.fill = fill(argbOf(row.action.brag));
      brag.font = { bold: true, color: { argb: row.action.brag === 'amber' ? 'FF000000' : 'FFFFFFFF' } };
      brag.alignment = { horizontal: 'center', vertical: 'top' };
      if (row.overdue) line.getCell(OVERDUE_COLUMN).font = { bold: true, color: { argb: argbOf('red') } };
      const trend = line.getCell(TREND_COLUMN);
      trend.alignment = { horizontal: 'center', vertical: 'top' };
      if (row.trend) trend.note = `${TREND_WORDS[row.trend.trend]} since ${label(row.trend.from)} at the ${row.trend.since} meeting`;
    }
  }

  const summary = wb.addWorksheet('Summary', { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = [
    { header: 'Group', width: 44 },
    ...BRAG_ORDER.map((r) => ({ header: label(r), width: 10 })),
    { header: 'Overdue', width: 10 },
    { header: 'Total', width: 8 },
  ];
  summary.getRow(1).font = { bold: true };
  BRAG_ORDER.forEach((r, i) => {
    summary.getRow(1).getCell(i + 2).fill = fill(argbOf(r));
  });
  for (const group of report.groups) {
    const rows = report.rows.filter((r) => r.action.groupId === group.id);
    if (rows.length === 0) continue;
    const counts = bragCounts(rows);
    summary.addRow([group.name, ...BRAG_ORDER.map((r) => counts[r]), rows.filter((r) => r.overdue).length, rows.length]);
  }
  const all = bragCounts(report.rows);
  const total = summary.addRow(['Whole plan', ...BRAG_ORDER.map((r) => all[r]), report.rows.filter((r) => r.overdue).length, report.rows.length]);
  total.font = { bold: true };

  addTrendsSheet(wb, report);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One row per group and cycle (oldest first), with the BRAG counts of the cycle's snapshot. */
function addTrendsSheet(wb: ExcelJS.Workbook, report: PlanReport): void {
  const sheet = wb.addWorksheet('Trends', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'Group', width: 44 },
    { header: 'Meeting', width: 12 },
    ...BRAG_ORDER.map((r) => ({ header: label(r), width: 10 })),
    { header: 'Total', width: 8 },
  ];
  sheet.getRow(1).font = { bold: true };
  BRAG_ORDER.forEach((r, i) => {
    sheet.getRow(1).getCell(i + 3).fill = fill(argbOf(r));
  });
  for (const group of report.groups) {
    if (!report.rows.some((r) => r.action.groupId === group.id)) continue;
    const cycles = report.trends?.cycles.get(group.id) ?? [];
    if (cycles.length === 0) {
      const none = sheet.addRow([group.name, 'No cycle has closed yet']);
      none.getCell(2).font = { italic: true, color: { argb: 'FF666666' } };
      continue;
    }
    for (const cycle of cycles) sheet.addRow([group.name, cycle.meetingDate, ...BRAG_ORDER.map((r) => cycle.counts[r]), cycle.total]);
  }
  const note = sheet.addRow([]);
  note.getCell(1).value = `BRAG counts as each group's last ${TREND_CYCLES} meetings closed.`;
  note.getCell(1).font = { italic: true, color: { argb: 'FF666666' } };
}

