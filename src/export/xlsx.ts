/**
 * The plan as a board's tracker workbook: a Tracker sheet with the areas as section rows,
 * real date cells (shown the UK way), BRAG as a list to pick from whose colour follows the
 * value, trend arrows, overdue days, an autofilter, a frozen header and set column widths;
 * a Summary sheet whose BRAG counts per group are formulas over the Tracker (so they follow
 * edits made in the workbook); a Trends sheet of each group's BRAG counts over its last
 * cycles; and, for a plan with impact measures, a Measures sheet of their values by period
 * whose judgement is a formula against the target (and the trajectory, where there is one).
 */
import ExcelJS from 'exceljs';
import { BRAG_COLOURS, type Rating } from '../domain/brag';
import { BRAG_ORDER } from '../facts/counts';
import { bragCounts, sectionsOf, type PlanReport, type ReportRow } from '../facts/plan';
import { TREND_CYCLES } from '../facts/movement';
import { arrowOf, TREND_WORDS } from './trendWords';
import { JUDGEMENT_WORDS } from '../cards/measures';
import { judgeValue, trajectoryAt } from '../measures/judgement';
import { parsePeriod, periodEndingOnOrBefore } from '../measures/periods';

type CellValue = string | number | Date | null;

interface TrackerColumn {
  header: string;
  width: number;
  value: (row: ReportRow) => CellValue;
  wrap?: boolean;
  numFmt?: string;
}

/** A plan date (YYYY-MM-DD) as a date cell; exceljs writes a Date as its UTC day. */
const dateCell = (iso: string | undefined): Date | null => (iso ? new Date(`${iso}T00:00:00Z`) : null);
/** "29 Jan 2027", as the rest of Plan Pulse writes dates. */
const UK_DATE = 'd mmm yyyy';

const TRACKER_COLUMNS: TrackerColumn[] = [
  { header: 'Ref', width: 7, value: (r) => r.action.ref },
  { header: 'Action', width: 60, value: (r) => r.action.text, wrap: true },
  { header: 'Leads', width: 32, value: (r) => r.action.leadStrings.join('\n'), wrap: true },
  { header: 'Group', width: 24, value: (r) => r.group?.name ?? r.action.groupId, wrap: true },
  { header: 'Start', width: 12, value: (r) => dateCell(r.action.start), numFmt: UK_DATE },
  { header: 'Due', width: 12, value: (r) => dateCell(r.action.due), numFmt: UK_DATE },
  { header: 'BRAG', width: 11, value: (r) => label(r.action.brag) },
  { header: 'Trend', width: 7, value: (r) => arrowOf(r.trend) },
  { header: 'Last update', width: 12, value: (r) => dateCell(r.lastUpdateOn), numFmt: UK_DATE },
  { header: 'Updates', width: 9, value: (r) => r.action.updateCount },
  // A number of days (blank when not overdue), shown as "12 days", so it sorts and counts.
  { header: 'Overdue', width: 10, value: (r) => (r.overdue ? r.daysOverdue ?? null : null), numFmt: '0 "days"' },
  { header: 'Open escalations', width: 11, value: (r) => r.openEscalations },
  { header: 'Next update due', width: 13, value: (r) => dateCell(r.nextDue), numFmt: UK_DATE },
  { header: 'Latest narrative', width: 40, value: (r) => r.lastNarrative ?? '', wrap: true },
  { header: 'Outcome', width: 40, value: (r) => r.action.outcome ?? '', wrap: true },
];

const BRAG_COLUMN = TRACKER_COLUMNS.findIndex((c) => c.header === 'BRAG') + 1;
const GROUP_COLUMN = TRACKER_COLUMNS.findIndex((c) => c.header === 'Group') + 1;
const OVERDUE_COLUMN = TRACKER_COLUMNS.findIndex((c) => c.header === 'Overdue') + 1;
const TREND_COLUMN = TRACKER_COLUMNS.findIndex((c) => c.header === 'Trend') + 1;

const label = (rating: Rating) => rating.charAt(0).toUpperCase() + rating.slice(1);
const BRAG_LABELS = BRAG_ORDER.map(label);
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
    // Section rows are not merged: merged cells inside a filtered range stop Excel sorting it.
    const section = sheet.addRow([area.title]);
    section.font = { bold: true };
    for (let c = 1; c <= TRACKER_COLUMNS.length; c++) section.getCell(c).fill = fill('FFD9E1F2');
    section.getCell(1).alignment = { vertical: 'middle' };
    section.height = 22;
    for (const row of area.rows) {
      const line = sheet.addRow(TRACKER_COLUMNS.map((c) => c.value(row)));
      line.alignment = { vertical: 'top' };
      TRACKER_COLUMNS.forEach((c, i) => {
        if (c.wrap) line.getCell(i + 1).alignment = { vertical: 'top', wrapText: true };
        if (c.numFmt) line.getCell(i + 1).numFmt = c.numFmt;
      });
      const brag = line.getCell(BRAG_COLUMN);
      brag.fill = fill(argbOf(row.action.brag));
      brag.font = { bold: true, color: { argb: row.action.brag === 'amber' ? 'FF000000' : 'FFFFFFFF' } };
      brag.alignment = { horizontal: 'center', vertical: 'top' };
      brag.dataValidation = {
        type: 'list',
        allowBlank: false,
        formulae: [`"${BRAG_LABELS.join(',')}"`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'BRAG',
        error: `Choose one of ${BRAG_LABELS.join(', ')}.`,
        showInputMessage: true,
        promptTitle: 'BRAG',
        prompt: 'Blue: complete and embedded. Green: complete. Amber: progressing to timescale. Red: little or no progress or delayed.',
      };
      if (row.overdue) line.getCell(OVERDUE_COLUMN).font = { bold: true, color: { argb: argbOf('red') } };
      const trend = line.getCell(TREND_COLUMN);
      trend.alignment = { horizontal: 'center', vertical: 'top' };
      if (row.trend) trend.note = `${TREND_WORDS[row.trend.trend]} since ${label(row.trend.from)} at the ${row.trend.since} meeting`;
    }
  }

  const lastRow = Math.max(2, sheet.rowCount);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastRow, column: TRACKER_COLUMNS.length } };
  // The BRAG cell's colour follows its value, so a rating changed in the workbook shows as such.
  const bragLetter = sheet.getColumn(BRAG_COLUMN).letter;
  sheet.addConditionalFormatting({
    ref: `${bragLetter}2:${bragLetter}${lastRow}`,
    rules: BRAG_ORDER.map((rating, i) => ({
      type: 'cellIs' as const,
      operator: 'equal' as const,
      formulae: [`"${label(rating)}"`],
      priority: i + 1,
      style: { fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: argbOf(rating) } }, font: { bold: true, color: { argb: rating === 'amber' ? 'FF000000' : 'FFFFFFFF' } } },
    })),
  });
  addSummarySheet(wb, report, sheet, lastRow);
  addTrendsSheet(wb, report);
  if (report.measures) addMeasuresSheet(wb, report);
  wb.calcProperties = { fullCalcOnLoad: true };

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * BRAG counts per group as COUNTIFS over the Tracker's Group and BRAG columns (their values as
 * exported cached, for readers that do not calculate), and the whole plan as their sums.
 */
function addSummarySheet(wb: ExcelJS.Workbook, report: PlanReport, tracker: ExcelJS.Worksheet, lastRow: number): void {
  const range = (column: number) => {
    const letter = tracker.getColumn(column).letter;
    return `Tracker!$${letter}$2:$${letter}$${lastRow}`;
  };
  const groups = range(GROUP_COLUMN);
  const brags = range(BRAG_COLUMN);
  const overdue = range(OVERDUE_COLUMN);
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
    const line = summary.addRow([group.name]);
    const me = `$A${line.number}`;
    BRAG_ORDER.forEach((r, i) => {
      line.getCell(i + 2).value = { formula: `COUNTIFS(${groups},${me},${brags},"${label(r)}")`, result: counts[r] };
    });
    line.getCell(BRAG_ORDER.length + 2).value = { formula: `COUNTIFS(${groups},${me},${overdue},">0")`, result: rows.filter((r) => r.overdue).length };
    line.getCell(BRAG_ORDER.length + 3).value = { formula: `COUNTIF(${groups},${me})`, result: rows.length };
  }
  const lastGroupRow = summary.rowCount;
  const all = bragCounts(report.rows);
  const total = summary.addRow(['Whole plan']);
  const cached = [...BRAG_ORDER.map((r) => all[r]), report.rows.filter((r) => r.overdue).length, report.rows.length];
  cached.forEach((result, i) => {
    const letter = summary.getColumn(i + 2).letter;
    total.getCell(i + 2).value = { formula: `SUM(${letter}2:${letter}${Math.max(2, lastGroupRow)})`, result };
  });
  total.font = { bold: true };
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


const MEASURE_COLUMNS = ['Id', 'Area', 'Measure', 'Unit', 'Better', 'Period', 'Period ends', 'Value', 'Target', 'Trajectory', 'Judgement', 'Note', 'Source'] as const;
const col = (name: (typeof MEASURE_COLUMNS)[number]) => String.fromCharCode(65 + MEASURE_COLUMNS.indexOf(name));

/**
 * One row per measure and period: the values recorded, and a blank value for the latest period
 * that has ended without one. The judgement is a formula over the row (value against the
 * target, or against where the straight line from baseline to target stands at the period's
 * end), so it follows a value corrected in the workbook; its result as exported is cached.
 */
function addMeasuresSheet(wb: ExcelJS.Workbook, report: PlanReport): void {
  const data = report.measures!;
  const sheet = wb.addWorksheet('Measures', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  const widths: Record<(typeof MEASURE_COLUMNS)[number], number> = {
    Id: 14, Area: 6, Measure: 44, Unit: 9, Better: 8, Period: 11, 'Period ends': 12, Value: 9, Target: 9, Trajectory: 11, Judgement: 11, Note: 36, Source: 30,
  };
  sheet.columns = MEASURE_COLUMNS.map((header) => ({ header, width: widths[header] }));
  sheet.getRow(1).font = { bold: true, color: { argb: 'FFFFFFFF' } };
  sheet.getRow(1).fill = fill('FF1F3864');
  const ordered = [...data.measures].sort((a, b) => a.area - b.area || a.id.localeCompare(b.id));
  for (const m of ordered) {
    const due = periodEndingOnOrBefore(m.frequency, report.today, m.terms);
    const recorded = (data.values.get(m.id) ?? []).flatMap((v) => {
      const p = parsePeriod(v.period, m.frequency, m.terms);
      return p.ok ? [{ period: p.period, value: v as typeof v | undefined }] : [];
    });
    if (!recorded.some((r) => r.period.label === due.label)) recorded.push({ period: due, value: undefined });
    recorded.sort((a, b) => a.period.end.localeCompare(b.period.end));
    // The trajectory starts where the judgement starts it: the baseline date, else the first period recorded.
    const line = { ...m, baselineDate: m.baselineDate ?? recorded[0]?.period.start };
    for (const { period, value } of recorded) {
      const expected = m.targetDate ? trajectoryAt(line, period.end) : undefined;
      const row = sheet.addRow([
        m.id,
        m.area,
        m.name,
        m.unit,
        m.direction === 'up' ? 'Higher' : 'Lower',
        period.label,
        dateCell(period.end),
        value ? value.value : null,
        m.target,
        expected === undefined ? null : Math.round(expected * 1e6) / 1e6,
        null,
        value?.note ?? '',
        value?.source ?? '',
      ]);
      const n = row.number;
      const [v, t, e, better] = [`${col('Value')}${n}`, `${col('Target')}${n}`, `${col('Trajectory')}${n}`, `${col('Better')}${n}`];
      const cached = value ? JUDGEMENT_WORDS[judgeValue(line, value.value, period.end).judgement] : JUDGEMENT_WORDS.noData;
      row.getCell(MEASURE_COLUMNS.indexOf('Judgement') + 1).value = {
        formula: `IF(${v}="","${JUDGEMENT_WORDS.noData}",IF(${better}="Higher",IF(OR(${v}>=${t},AND(${e}<>"",${v}>=${e})),"${JUDGEMENT_WORDS.onTrack}","${JUDGEMENT_WORDS.offTrack}"),IF(OR(${v}<=${t},AND(${e}<>"",${v}<=${e})),"${JUDGEMENT_WORDS.onTrack}","${JUDGEMENT_WORDS.offTrack}")))`,
        result: cached,
      };
      row.getCell(MEASURE_COLUMNS.indexOf('Period ends') + 1).numFmt = UK_DATE;
      row.getCell(MEASURE_COLUMNS.indexOf('Trajectory') + 1).numFmt = '0.0';
      row.getCell(MEASURE_COLUMNS.indexOf('Measure') + 1).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  const judgementCol = col('Judgement');
  const last = Math.max(2, sheet.rowCount);
  const colours: Array<[string, string]> = [
    [JUDGEMENT_WORDS.onTrack, 'FFC6EFCE'],
    [JUDGEMENT_WORDS.offTrack, 'FFFFC7CE'],
    [JUDGEMENT_WORDS.noData, 'FFFFEB9C'],
  ];
  sheet.addConditionalFormatting({
    ref: `${judgementCol}2:${judgementCol}${last}`,
    rules: colours.map(([text, argb], i) => ({
      type: 'containsText',
      operator: 'containsText',
      text,
      priority: i + 1,
      style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb } } },
    })),
  });
  sheet.autoFilter = { from: 'A1', to: `${col('Source')}1` };
}
