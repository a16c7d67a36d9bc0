import { z } from 'zod';
import { ConfigFileError, loadYamlFile } from '../config-files/yaml.js';
import { addDays, localTime, weekdayOf, type Calendar, type DayKind } from './calendar.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const KINDS = ['workday', 'weekend', 'holiday'] as const satisfies readonly DayKind[];

/**
 * Which days a shift runs: a kind of day (follows holidays and make-up days) or a weekday, which
 * matches by the calendar alone — `mon` runs on a National Day Monday too.
 */
export type DayToken = DayKind | (typeof WEEKDAYS)[number];

/** One recurring shift. Times are minutes after local midnight; `end <= start` ends the next day. */
export interface Shift {
  name: string;
  days: readonly DayToken[];
  start: number;
  end: number;
  /** The escalation chain: duty officer first, then section chief, then bureau lead. */
  staff: readonly string[];
}

/** A unit's duty roster: its shifts, and who is called when no shift covers the hour. */
export interface Roster {
  unit: string;
  shifts: readonly Shift[];
  onCall: readonly string[];
}

/** Every unit's roster, by unit id, in file order. */
export type Rosters = ReadonlyMap<string, Roster>;

/** The part of the calendar rosters need; tests can pass a stub. */
export type DayKinds = Pick<Calendar, 'dayKind'>;

/** Who answers for a unit at an instant. `shift` names the shift when `source` is `shift`. */
export interface OnDuty {
  staff: readonly string[];
  source: 'shift' | 'on_call';
  shift?: string;
}

const MINUTES_PER_DAY = 1440;
const HOUR_MS = 3_600_000;

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM, 00:00 to 23:59')
  .transform((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
const handle = z.string().regex(/^\S+$/, 'a staff handle is one word, without spaces');
const dayToken = z.enum([...KINDS, ...WEEKDAYS]);

const shiftSchema = z
  .strictObject({
    name: z.string().min(1),
    days: z.array(dayToken).min(1, 'a shift runs on at least one kind of day'),
    start: hhmm,
    end: hhmm,
    staff: z.array(handle).min(1, 'a shift needs at least one person'),
  })
  .superRefine((s, ctx) => {
    if (s.start === s.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end equals start; a 24-hour shift is two shifts' });
  });

const schema = z.strictObject({
  // Only there to be named by anchors (`days: *every_day`); the code reads `rosters`.
  day_sets: z.record(z.string(), z.array(dayToken)).optional(),
  rosters: z.array(z.strictObject({ unit: z.string().min(1), shifts: z.array(shiftSchema), on_call: z.array(handle) })),
});

type Path = (string | number)[];

/**
 * Loads and checks the duty rosters. With `unitIds` it also refuses a roster for an unknown unit
 * and a unit without a roster. Every problem — bad times, empty staff, a duplicate roster,
 * overlapping shifts — is reported at once as a {@link ConfigFileError} with `file:line`.
 */
export function loadRosters(file: string, unitIds?: Iterable<string>): Rosters {
  const loaded = loadYamlFile(file, schema);
  const problems: string[] = [];
  const at = (path: Path, message: string): void => {
    problems.push(`${loaded.where(path)}: ${path.join('.')}: ${message}`);
  };
  const known = unitIds === undefined ? undefined : new Set(unitIds);
  const rosters = new Map<string, Roster>();
  const firstAt = new Map<string, number>();

  loaded.value.rosters.forEach((r, i) => {
    const unitPath: Path = ['rosters', i, 'unit'];
    const before = firstAt.get(r.unit);
    if (before !== undefined) return at(unitPath, `a second roster for ${r.unit}; the first is at ${loaded.where(['rosters', before, 'unit'])}`);
    firstAt.set(r.unit, i);
    if (known && !known.has(r.unit)) at(unitPath, `unknown unit ${r.unit}`);
    const names = new Map<string, number>();
    r.shifts.forEach((s, j) => {
      const seen = names.get(s.name);
      if (seen !== undefined) at(['rosters', i, 'shifts', j, 'name'], `shift name "${s.name}" is used twice in this roster (also at ${loaded.where(['rosters', i, 'shifts', seen, 'name'])})`);
      else names.set(s.name, j);
    });
    const roster: Roster = { unit: r.unit, shifts: r.shifts, onCall: r.on_call };
    for (const o of overlaps(roster)) {
      at(['rosters', i, 'shifts', o.a], `shifts "${r.shifts[o.a]!.name}" and "${r.shifts[o.b]!.name}" (${loaded.where(['rosters', i, 'shifts', o.b])}) overlap ${o.when}, ${o.window}`);
    }
    rosters.set(r.unit, roster);
  });
  for (const id of known ?? []) {
    if (!rosters.has(id)) problems.push(`${loaded.where(['rosters'])}: rosters: no roster for unit ${id}`);
  }
  if (problems.length > 0) throw new ConfigFileError(problems);
  return rosters;
}

function runs(shift: Shift, kind: DayKind, weekday: number): boolean {
  return shift.days.includes(kind) || shift.days.includes(WEEKDAYS[weekday]!);
}

function runsOn(shift: Shift, calendar: DayKinds, date: string): boolean {
  return runs(shift, calendar.dayKind(date), weekdayOf(date));
}

function crossesMidnight(shift: Shift): boolean {
  return shift.end <= shift.start;
}

/** Minutes [from, to) of one local day during which a shift is on. */
interface Segment {
  shift: Shift;
  from: number;
  to: number;
}

// The one place that decides when a shift is on: it runs on the day it starts, and an overnight
// shift carries into the next morning whatever kind that next day is.
function segmentsOn(roster: Roster, calendar: DayKinds, date: string): Segment[] {
  const out: Segment[] = [];
  const yesterday = addDays(date, -1);
  for (const shift of roster.shifts) {
    if (crossesMidnight(shift) && shift.end > 0 && runsOn(shift, calendar, yesterday)) out.push({ shift, from: 0, to: shift.end });
    if (runsOn(shift, calendar, date)) out.push({ shift, from: shift.start, to: crossesMidnight(shift) ? MINUTES_PER_DAY : shift.end });
  }
  return out;
}

interface Overlap {
  a: number;
  b: number;
  when: string;
  window: string;
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const clock = (m: number): string => `${String(Math.floor((m % MINUTES_PER_DAY) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

// Every kind a weekday can have: a Saturday can be worked (调休) or off, a Monday never a weekend.
const PROFILES = [0, 1, 2, 3, 4, 5, 6].flatMap((weekday) =>
  KINDS.filter((kind) => kind !== 'weekend' || weekday === 0 || weekday === 6).map((kind) => ({ kind, weekday })),
);

/**
 * Pairs of shifts that can be on at the same time, each reported once with the first kind of day
 * where it happens. Days are checked in pairs so a night shift spilling into a morning is seen.
 */
function overlaps(roster: Roster): Overlap[] {
  const found = new Map<string, Overlap>();
  for (const today of PROFILES) {
    for (const tomorrow of PROFILES.filter((p) => p.weekday === (today.weekday + 1) % 7)) {
      const spans = [today, tomorrow].flatMap((day, offset) =>
        roster.shifts.flatMap((shift, index) => {
          if (!runs(shift, day.kind, day.weekday)) return [];
          const from = offset * MINUTES_PER_DAY + shift.start;
          return [{ index, offset, from, to: from + ((shift.end - shift.start + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY) }];
        }),
      );
      for (const x of spans) {
        for (const y of spans) {
          // Tomorrow's shifts among themselves are today's when the loop reaches that profile.
          if (x.index >= y.index || (x.offset === 1 && y.offset === 1)) continue;
          const from = Math.max(x.from, y.from);
          const to = Math.min(x.to, y.to);
          const key = `${x.index}/${y.index}`;
          if (from >= to || found.has(key)) continue;
          const describe = (d: { kind: DayKind; weekday: number }): string => `a ${d.kind} ${WEEKDAY_NAMES[d.weekday]}`;
          const when = x.offset === y.offset ? `on ${describe(today)}` : `when ${describe(today)} is followed by ${describe(tomorrow)}`;
          found.set(key, { a: x.index, b: y.index, when, window: `${clock(from)}–${clock(to)}${to > MINUTES_PER_DAY ? ' the next day' : ''}` });
        }
      }
    }
  }
  return [...found.values()];
}

/**
 * Who answers for `unitId` at `at`: the shift on at that local time (an overnight shift counts on
 * the day it started), else the on-call list, else null — also for a unit without a roster.
 */
export function onDuty(rosters: Rosters, calendar: DayKinds, unitId: string, at: Date, timeZone = 'Asia/Shanghai'): OnDuty | null {
  const roster = rosters.get(unitId);
  if (!roster) return null;
  const { date, minute } = localTime(at, timeZone);
  const on = segmentsOn(roster, calendar, date).find((s) => s.from <= minute && minute < s.to);
  if (on) return { staff: on.shift.staff, source: 'shift', shift: on.shift.name };
  return roster.onCall.length > 0 ? { staff: roster.onCall, source: 'on_call' } : null;
}

/** One local hour and the units short of cover in it. */
export interface HourReport {
  /** The instant the hour starts. */
  at: Date;
  /** The hour on the local wall clock, `YYYY-MM-DD HH:00`. */
  local: string;
  units: string[];
}

/** Hours in which a unit has nobody (`gaps`) or only its on-call list for some of the hour (`onCallOnly`). */
export interface RosterGaps {
  gaps: HourReport[];
  onCallOnly: HourReport[];
}

function coversWholly(segments: Segment[], from: number, to: number): boolean {
  let reached = from;
  for (const s of [...segments].sort((a, b) => a.from - b.from)) {
    if (s.from > reached) return false;
    reached = Math.max(reached, s.to);
    if (reached >= to) return true;
  }
  return reached >= to;
}

// Zones such as Asia/Kolkata are off UTC by half hours, so the hour is floored on the wall clock.
function startOfLocalHour(at: Date, timeZone: string): Date {
  const { minute } = localTime(at, timeZone);
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000 - (minute % 60) * 60_000);
}

/**
 * Walks `days` × 24 local hours from the hour containing `from` and lists, per hour, the units
 * that no shift covers for the whole hour: with an on-call list they are a warning, without one a
 * gap. A unit with no roster at all is a gap every hour.
 */
export function rosterGaps(rosters: Rosters, calendar: DayKinds, unitIds: Iterable<string>, from: Date, days: number, timeZone = 'Asia/Shanghai'): RosterGaps {
  const ids = [...unitIds];
  const result: RosterGaps = { gaps: [], onCallOnly: [] };
  const start = startOfLocalHour(from, timeZone).getTime();
  for (let h = 0; h < days * 24; h++) {
    const at = new Date(start + h * HOUR_MS);
    const { date, minute } = localTime(at, timeZone);
    const nobody: string[] = [];
    const onCall: string[] = [];
    for (const id of ids) {
      const roster = rosters.get(id);
      if (roster && coversWholly(segmentsOn(roster, calendar, date), minute, minute + 60)) continue;
      (roster && roster.onCall.length > 0 ? onCall : nobody).push(id);
    }
    const local = `${date} ${clock(minute)}`;
    if (nobody.length > 0) result.gaps.push({ at, local, units: nobody });
    if (onCall.length > 0) result.onCallOnly.push({ at, local, units: onCall });
  }
  return result;
}
