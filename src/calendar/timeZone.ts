/**
 * Plan time: converting between a plan date plus an hour in the plan's time zone and a UTC
 * instant, with daylight saving, using Intl only.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(instant: Date, tz: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: Date, tz: string): number {
  const w = wallTime(instant, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The UTC instant at which the wall clock in `tz` shows `hour`:00 on `date`. An hour skipped by
 * a spring-forward change resolves to the instant just after the gap.
 */
export function atPlanTime(date: string, hour: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, hour);
  // Two passes settle the offset on either side of a daylight-saving change.
  let guess = naive - offsetMs(new Date(naive), tz);
  guess = naive - offsetMs(new Date(guess), tz);
  return new Date(guess);
}

/** The wall clock in a time zone, to the minute. */
export type WallClock = Omit<WallTime, 'second'>;

// Every turn asks for today's date and cards show times to the minute, so the same minutes
// come up again and again; today's zone offsets are whole minutes, so one answer serves a
// whole UTC minute.
const MINUTES_KEPT = 5000;
const wallClocks = new Map<string, WallClock>();

/** The wall clock in `tz` at `instant`, to the minute. */
export function wallClockOf(instant: Date, tz: string): WallClock {
  const key = `${tz}|${Math.floor(instant.getTime() / 60_000)}`;
  let clock = wallClocks.get(key);
  if (!clock) {
    const { second: _second, ...toTheMinute } = wallTime(instant, tz);
    clock = toTheMinute;
    if (wallClocks.size >= MINUTES_KEPT) wallClocks.clear();
    wallClocks.set(key, clock);
  }
  return clock;
}

/** The plan date (YYYY-MM-DD) in `tz` at `instant`. */
export function planDateOf(instant: Date, tz: string): string {
  const w = wallClockOf(instant, tz);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
