import { z } from 'zod';
import { ConfigFileError, loadYamlFile } from '../config-files/yaml.js';

/** What a day is for duty purposes, after the State Council's holidays and make-up days (调休). */
export type DayKind = 'workday' | 'weekend' | 'holiday';

/** The holiday calendar: which days are off, which weekend days are worked, and which years it knows. */
export interface Calendar {
  /** The file it came from, for messages that tell an operator where to fix it. */
  readonly file: string;
  /** The years whose notice is in the file, ascending. */
  readonly years: readonly number[];
  /** Whether the notice for `date`'s year is loaded; outside those years `dayKind` only knows weekends. */
  covers(date: string): boolean;
  /** The kind of the day `date` (YYYY-MM-DD); a Sunday make-up day is a `workday`. */
  dayKind(date: string): DayKind;
  /** The holiday or make-up day's name, or undefined for an ordinary day. */
  nameOf(date: string): string | undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
// Longer than any break the State Council has announced; a longer range is a typo in a date.
const MAX_BREAK_DAYS = 14;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Whether `date` is a real YYYY-MM-DD date (2026-02-30 is not). */
export function isCalendarDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function dayNumber(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of `date`, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

/** The date `days` days after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Wall-clock date and minute of the day (0–1439) of an instant in a time zone. */
export interface LocalTime {
  date: string;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const QUARTER_MS = 900_000;
/** Per zone: quarter hour (ms since 1970 / 15 min) → the zone's UTC offset then, in ms. */
const offsets = new Map<string, Map<number, number>>();

function wallClock(at: Date, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) };
}

/** Where `at` falls on the wall clock of `timeZone` (an IANA name such as `Asia/Shanghai`). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const ms = at.getTime();
  // Asking Intl costs ~10 µs, and the statistics ask for every event of thousands of cases. Since
  // 1970 every zone's offset is whole minutes and changes only on a quarter hour, so Intl is asked
  // once per zone and quarter hour, and the rest is arithmetic.
  if (!(ms >= 0)) return wallClock(at, timeZone);
  let zone = offsets.get(timeZone);
  if (!zone || zone.size > 100_000) offsets.set(timeZone, (zone = new Map()));
  const quarter = Math.floor(ms / QUARTER_MS);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_MS;
    const w = wallClock(new Date(start), timeZone);
    offset = Date.parse(`${w.date}T00:00:00Z`) + w.minute * 60_000 - start;
    zone.set(quarter, offset);
  }
  const local = new Date(ms + offset);
  return { date: local.toISOString().slice(0, 10), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

const isoDate = z.string().superRefine((v, ctx) => {
  if (!DATE.test(v)) ctx.addIssue({ code: 'custom', message: `expected a date as YYYY-MM-DD, got ${JSON.stringify(v)}` });
  else if (!isCalendarDate(v)) ctx.addIssue({ code: 'custom', message: `${v} is not a calendar date` });
});

const holiday = z
  .strictObject({ name: z.string().min(1), date: isoDate.optional(), from: isoDate.optional(), to: isoDate.optional() })
  .superRefine((h, ctx) => {
    const single = h.date !== undefined;
    const range = h.from !== undefined || h.to !== undefined;
    if (single === range || (range && (h.from === undefined || h.to === undefined))) {
      ctx.addIssue({ code: 'custom', message: 'give either `date`, or both `from` and `to`' });
    }
  });

const schema = z.strictObject({
  years: z
    .array(
      z.strictObject({
        year: z.number().int().min(2000).max(2100),
        source: z.string().min(1),
        holidays: z.array(holiday),
        workdays: z.array(z.strictObject({ name: z.string().min(1), date: isoDate })),
      }),
    )
    .min(1),
});

type Path = (string | number)[];
interface Listed {
  kind: 'holiday' | 'workday';
  name: string;
  path: Path;
}

/**
 * Loads and checks the holiday calendar. Every problem (an impossible date, a day both off and
 * worked, a make-up day that is not a weekend day, a year twice …) is reported at once as a
 * {@link ConfigFileError} with `file:line`.
 */
export function loadCalendar(file: string): Calendar {
  const loaded = loadYamlFile(file, schema);
  const problems: string[] = [];
  const at = (path: Path, message: string): void => {
    problems.push(`${loaded.where(path)}: ${path.join('.')}: ${message}`);
  };
  const days = new Map<string, Listed>();
  const list = (date: string, item: Listed): void => {
    const other = days.get(date);
    if (other) at(item.path, `${date} is already listed as ${other.kind} "${other.name}" at ${loaded.where(other.path)}`);
    else days.set(date, item);
  };
  const years = new Set<number>();

  loaded.value.years.forEach((block, i) => {
    if (years.has(block.year)) at(['years', i, 'year'], `year ${block.year} appears twice`);
    years.add(block.year);
    // A notice may reach into the neighbouring December or January, never further.
    const first = dayNumber(`${block.year - 1}-12-01`);
    const last = dayNumber(`${block.year + 1}-01-31`);
    const inReach = (date: string, path: Path): boolean => {
      const n = dayNumber(date);
      if (n >= first && n <= last) return true;
      at(path, `${date} is too far from ${block.year} to belong to its notice`);
      return false;
    };

    block.holidays.forEach((h, j) => {
      const path: Path = ['years', i, 'holidays', j];
      const from = h.date ?? h.from!;
      const to = h.date ?? h.to!;
      const n = dayNumber(to) - dayNumber(from) + 1;
      if (n < 1) return at(path, `from ${from} is after to ${to}`);
      if (n > MAX_BREAK_DAYS) return at(path, `${from} to ${to} is ${n} days, longer than any announced break; check the dates`);
      if (!inReach(from, path) || !inReach(to, path)) return;
      for (let d = 0; d < n; d++) list(addDays(from, d), { kind: 'holiday', name: h.name, path });
    });

    block.workdays.forEach((w, j) => {
      const path: Path = ['years', i, 'workdays', j];
      if (!inReach(w.date, path)) return;
      const wd = weekdayOf(w.date);
      if (wd !== 0 && wd !== 6) return at(path, `${w.date} is a ${WEEKDAY_NAMES[wd]}, a working day anyway; a make-up working day is a Saturday or Sunday`);
      list(w.date, { kind: 'workday', name: w.name, path });
    });
  });
  if (problems.length > 0) throw new ConfigFileError(problems);

  const sortedYears = [...years].sort((a, b) => a - b);
  return {
    file: loaded.file,
    years: sortedYears,
    covers: (date) => {
      dayNumber(date);
      return years.has(Number(date.slice(0, 4)));
    },
    dayKind: (date) => {
      const listed = days.get(date);
      if (listed) return listed.kind;
      const wd = weekdayOf(date);
      return wd === 0 || wd === 6 ? 'weekend' : 'workday';
    },
    nameOf: (date) => days.get(date)?.name,
  };
}
