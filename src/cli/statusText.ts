/** The `status` command's plain-text report: the plan's status facts (facts/status) in words. */
import { BRAG_ORDER } from '../facts/counts';
import type { PlanStatus, StatusAction, StatusMeasure } from '../facts/status';
import type { Judgement } from '../measures/judgement';
import { counted, formatDate, formatPlanDate } from '../cards/format';
import { formatMeasureValue } from '../cards/measures';

const JUDGEMENT_WORDS: Record<Judgement, string> = { onTrack: 'on track', offTrack: 'off track', noData: 'no data' };


function describeMeasure(m: StatusMeasure): string {
  const latest = m.latest ? `latest ${formatMeasureValue(m.latest.value, m.unit)} (${m.latest.period})` : 'no value yet';
  const target = `target ${formatMeasureValue(m.target, m.unit)}${m.targetDate ? ` by ${formatPlanDate(m.targetDate)}` : ''}`;
  const missing = m.judgement === 'noData' ? `, none for ${m.duePeriod}` : '';
  const line = m.expected !== undefined ? `, trajectory ${formatMeasureValue(Math.round(m.expected * 10) / 10, m.unit)}` : '';
  return `${JUDGEMENT_WORDS[m.judgement].padEnd(9)} ${latest}${missing}, ${target}${line} — ${m.name}`;
}

/**
 * The human-readable report, its dates as everywhere else ("29 Jan 2027"): plan dates as
 * written, the last update on its day in timeZone (the plan's, PLAN_TIMEZONE).
 */
export function formatPlanStatus(status: PlanStatus, { timeZone, limit = 20 }: { timeZone: string; limit?: number }): string {
  const lines: string[] = [];
  lines.push(`${status.planName}${status.group ? ` — ${status.group}` : ''}: ${counted(status.actions, 'action')}, as at ${formatPlanDate(status.today)}`);
  lines.push(`BRAG: ${BRAG_ORDER.map((r) => `${r} ${status.counts[r]}`).join(', ')}`);
  const list = (title: string, items: StatusAction[], describe: (a: StatusAction) => string) => {
    lines.push('');
    lines.push(`${title}: ${items.length}`);
    for (const item of items.slice(0, limit)) lines.push(`  ${item.ref.padEnd(6)} ${describe(item)}`);
    if (items.length > limit) lines.push(`  … and ${items.length - limit} more (use --json for all)`);
  };
  list('Overdue actions', status.overdue, (a) => `${a.brag.padEnd(7)} due ${a.due ? formatPlanDate(a.due) : 'no date'} (${counted(a.daysOverdue ?? 0, 'day')} ago) — ${a.leads.join(' | ')}`);
  list(
    'Missing updates',
    status.missingUpdates,
    (a) => `${a.brag.padEnd(7)} ${a.lastUpdate ? `last update ${formatDate(a.lastUpdate, timeZone)}` : 'no update yet'} — ${a.group}`,
  );
  lines.push('');
  lines.push(`Open escalations: ${status.openEscalations}`);
  if (status.measures.length > 0) {
    lines.push('');
    lines.push(`Measures: ${status.measures.length}`);
    for (const m of status.measures.slice(0, limit)) lines.push(`  ${m.id.padEnd(12)} ${describeMeasure(m)}`);
    if (status.measures.length > limit) lines.push(`  … and ${status.measures.length - limit} more (use --json for all)`);
  }
  return lines.join('\n') + '\n';
}
