import { addDays, localTime, type Calendar } from './calendar.js';
import { rosterGaps, type HourReport, type Rosters } from './roster.js';

/** What `huiyin roster check` looks at. */
export interface RosterCheckInput {
  rosters: Rosters;
  calendar: Calendar;
  /** Every unit that must be covered, usually the ids in config/units.yaml. */
  unitIds: readonly string[];
  from: Date;
  days: number;
  timeZone?: string;
}

/** The report as printable lines, and what should make the command fail. */
export interface RosterCheckReport {
  lines: string[];
  /** Some unit has neither a shift nor an on-call list for some hour. */
  hasGaps: boolean;
  /** Local dates in the window whose year config/holidays.yaml does not cover. */
  uncoveredDays: string[];
  /** No gaps and no uncovered days: the command should exit 0 only then. */
  ok: boolean;
}

const HOUR_MS = 3_600_000;

function wallClock(at: Date, timeZone: string): string {
  const { date, minute } = localTime(at, timeZone);
  return `${date} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

// One line per unit and run of consecutive hours: a missing night shift over a 7-day break is 7
// lines, not 84.
function runsByUnit(hours: HourReport[], timeZone: string): string[] {
  const byUnit = new Map<string, HourReport[]>();
  for (const h of hours) {
    for (const u of h.units) {
      const list = byUnit.get(u);
      if (list) list.push(h);
      else byUnit.set(u, [h]);
    }
  }
  const lines: string[] = [];
  for (const [unit, list] of byUnit) {
    let first = 0;
    for (let i = 1; i <= list.length; i++) {
      if (i < list.length && list[i]!.at.getTime() - list[i - 1]!.at.getTime() === HOUR_MS) continue;
      const end = new Date(list[i - 1]!.at.getTime() + HOUR_MS);
      lines.push(`${unit}: ${list[first]!.local} → ${wallClock(end, timeZone)} (${i - first} h)`);
      first = i;
    }
  }
  return lines;
}

function dateRuns(dates: string[]): string[] {
  const out: string[] = [];
  let first = 0;
  for (let i = 1; i <= dates.length; i++) {
    if (i < dates.length && dates[i] === addDays(dates[i - 1]!, 1)) continue;
    out.push(i - first === 1 ? dates[first]! : `${dates[first]} → ${dates[i - 1]} (${i - first} days)`);
    first = i;
  }
  return out;
}

/**
 * The text `huiyin roster check` prints: the window, days the holiday calendar does not cover
 * (their day kinds are guesses, so a clean result there proves little), hours with nobody, and
 * hours left to the on-call list as warnings. Exit non-zero unless `ok`.
 */
export function rosterCheckReport(input: RosterCheckInput): RosterCheckReport {
  const { rosters, calendar, unitIds, from, days } = input;
  const timeZone = input.timeZone ?? 'Asia/Shanghai';
  const { gaps, onCallOnly } = rosterGaps(rosters, calendar, unitIds, from, days, timeZone);

  const dates = new Set<string>();
  for (let h = 0; h < days * 24; h++) dates.add(localTime(new Date(from.getTime() + h * HOUR_MS), timeZone).date);
  const uncoveredDays = [...dates].filter((d) => !calendar.covers(d));

  const lines = [
    `Roster check of ${unitIds.length} unit(s) for ${days} day(s) from ${wallClock(from, timeZone)} (${timeZone}).`,
    `Holiday calendar ${calendar.file} covers ${calendar.years.join(', ') || 'no year'}.`,
  ];
  if (uncoveredDays.length > 0) {
    const years = [...new Set(uncoveredDays.map((d) => d.slice(0, 4)))].join(', ');
    lines.push(`NOT COVERED: ${calendar.file} has no holiday schedule for ${years}; these days are taken as plain weekdays and weekends, so holidays and make-up working days are missing. Add the State Council notice for ${years}:`);
    lines.push(...dateRuns(uncoveredDays).map((r) => `  ${r}`));
  }
  if (gaps.length > 0) {
    lines.push(`GAPS: ${gaps.length} hours in which a unit has nobody on shift and no on-call list:`);
    lines.push(...runsByUnit(gaps, timeZone).map((l) => `  ${l}`));
  }
  if (onCallOnly.length > 0) {
    lines.push(`Warning: ${onCallOnly.length} hours covered only by a unit's on-call list:`);
    lines.push(...runsByUnit(onCallOnly, timeZone).map((l) => `  ${l}`));
  }
  const hasGaps = gaps.length > 0;
  const ok = !hasGaps && uncoveredDays.length === 0;
  lines.push(ok ? 'OK: every unit has someone on duty every hour.' : `FAILED: ${[hasGaps && 'gaps in cover', uncoveredDays.length > 0 && 'days outside the holiday calendar'].filter(Boolean).join(' and ')}.`);
  return { lines, hasGaps, uncoveredDays, ok };
}
