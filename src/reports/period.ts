import { addDays, isCalendarDate, weekdayOf, type LocalTime } from '../routing/calendar.js';

/** A run of local days, both ends included (YYYY-MM-DD). */
export interface Period {
  from: string;
  to: string;
}

/** The longest period a digest covers on demand: a year of cases renders in seconds, longer is a mistake. */
export const MAX_PERIOD_DAYS = 366;

/**
 * Checks a period typed by a person: both dates real, `from` not after `to`, at most
 * {@link MAX_PERIOD_DAYS} days. Resolves with the period, or what is wrong in one sentence.
 */
export function checkPeriod(from: string | undefined, to: string | undefined): { ok: true; period: Period } | { ok: false; problem: string } {
  for (const [name, v] of [['--from', from], ['--to', to]] as const) {
    if (v === undefined || v === '') return { ok: false, problem: `${name} is missing (a date, YYYY-MM-DD)` };
    if (!isCalendarDate(v)) return { ok: false, problem: `${name} ${JSON.stringify(v)} is not a date (YYYY-MM-DD)` };
  }
  if (from! > to!) return { ok: false, problem: `--from ${from} is after --to ${to}` };
  if (from! < addDays(to!, -(MAX_PERIOD_DAYS - 1))) return { ok: false, problem: `the period is longer than ${MAX_PERIOD_DAYS} days` };
  return { ok: true, period: { from: from!, to: to! } };
}

/**
 * How a digest's periods are cut. Cron cannot say "every 3 days", so periods are derived from the
 * calendar instead: `every` cuts contiguous windows of `days` days counted from `epoch` (a window
 * starts on the epoch and every `days` days before and after it); `weekdays` starts a period on
 * each listed weekday (0 = Sunday), ending the day before the next one (Monday and Thursday:
 * Monday–Wednesday, then Thursday–Sunday). Either way periods never overlap and leave no gap.
 */
export type Cadence = { kind: 'every'; days: number; epoch: string } | { kind: 'weekdays'; days: readonly number[] };

/** A digest's cadence and the local minute of the day (0–1439) at which a finished period is published. */
export interface Schedule {
  cadence: Cadence;
  minute: number;
}

/** Missed periods older than this are not caught up by the schedule (publish them with `huiyin digest`). */
export const CATCH_UP_DAYS = 31;

/** Whether a period starts on `date`. */
function startsPeriod(c: Cadence, date: string): boolean {
  if (c.kind === 'weekdays') return c.days.includes(weekdayOf(date));
  const n = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${c.epoch}T00:00:00Z`)) / 86_400_000);
  return ((n % c.days) + c.days) % c.days === 0;
}

/** The longest period a cadence cuts, in days. */
const longest = (c: Cadence): number => (c.kind === 'every' ? c.days : 7);

/**
 * The periods due for publication at local time `now`, oldest first: a period is due from the
 * first day after it at `schedule.minute`. `lastTo` is the end of the latest period already
 * published: every later period due is returned (a missed slot is caught up, up to
 * {@link CATCH_UP_DAYS} back); with none yet, only the latest period due.
 */
export function duePeriods(schedule: Schedule, lastTo: string | null, now: LocalTime): Period[] {
  const c = schedule.cadence;
  // The last day whose start may already publish: today once the publication minute has come.
  const edge = now.minute >= schedule.minute ? now.date : addDays(now.date, -1);
  const oldest = addDays(edge, -(CATCH_UP_DAYS + longest(c)));
  const starts: string[] = [];
  for (let d = edge; d >= oldest; d = addDays(d, -1)) if (startsPeriod(c, d)) starts.push(d);
  // starts[i] begins the period that ends the day before starts[i - 1].
  const periods: Period[] = [];
  for (let i = 1; i < starts.length; i++) periods.push({ from: starts[i]!, to: addDays(starts[i - 1]!, -1) });
  const due = periods.filter((p) => p.to >= addDays(edge, -CATCH_UP_DAYS)).reverse();
  if (lastTo === null) return due.slice(-1);
  return due.filter((p) => p.from > lastTo);
}
