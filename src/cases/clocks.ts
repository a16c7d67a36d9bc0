import { addDays, localTime, type Calendar } from '../routing/calendar.js';

/**
 * A `case_events` row as the clocks read it (oldest first). They act on registered, accepted,
 * not_accepted, forwarded, sent_back, in_progress, extended, answered, reopened and rated; other
 * types (notes, reminders) pass by.
 */
export interface ClockEvent {
  type: string;
  at: Date;
  /** For `extended`: the days granted. */
  days?: number;
  /** For `rated`: whether the reporter was (basically) satisfied, which ends the review window. */
  satisfied?: boolean;
}

/** The statutory periods and the local targets, in days (working days where named so). */
export interface ClockPolicy {
  /** Acceptance decision told to the reporter within this many calendar days (15). */
  acceptDays: number;
  /** A shorter local target for acceptance, in working days (e.g. 2); null for none. */
  acceptTargetWorkingDays: number | null;
  /** Answer within this many calendar days of acceptance (60). */
  answerDays: number;
  /** The one extension's longest length (30). */
  maxExtensionDays: number;
  /** A misrouted case may be sent back within this many working days of being forwarded (5). */
  sendBackWorkingDays: number;
  /** The reporter may ask for review (复查) within this many days of the answer (30). */
  reviewDays: number;
  /** Fractions of a clock's period at which the unit is reminded (e.g. 0.5, 0.8). */
  remindAt: readonly number[];
  /** Days after the answer without a rating before the reporter is reminded once; twice that, no response. */
  ratingReminderDays: number;
}

/** The periods of 信访工作条例 (2022) and the hotline rules, with no shorter local target (the rating reminder is ours). */
export const STATUTORY_CLOCKS: ClockPolicy = { acceptDays: 15, acceptTargetWorkingDays: null, answerDays: 60, maxExtensionDays: 30, sendBackWorkingDays: 5, reviewDays: 30, remindAt: [], ratingReminderDays: 7 };

/** One running clock: what is due, by the end of which local day, and whether that day has passed. */
export interface Deadline {
  kind: 'accept' | 'accept_target' | 'answer' | 'send_back' | 'review';
  /** The local day the clock started. */
  from: string;
  /** The last local day (YYYY-MM-DD) on which it is still in time. */
  due: string;
  overdue: boolean;
}

/** The clocks of one case, derived from its events alone (no stored counters to drift). */
export interface CaseClocks {
  /** Every clock still running, earliest first. */
  running: Deadline[];
  /** Whether the one extension was used. */
  extended: boolean;
}

/** Thrown when an event breaks the rules the clocks rely on (a second extension, one too long). */
export class ClockRuleError extends Error {
  override name = 'ClockRuleError';
}

/** The date `n` working days after `date` under the holiday calendar (调休 make-up days count). */
export function addWorkingDays(calendar: Calendar, date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (calendar.dayKind(d) === 'workday') left--;
  }
  return d;
}

/**
 * Computes which deadlines run for a case and whether they have passed at `now`. Days are local
 * calendar days in `timeZone`: "within 15 days" of a report on the 1st ends with the 16th.
 * Acceptance clocks run from registration until accepted or not accepted; a forward starts the
 * send-back window; the answer clock runs from acceptance (plus the extension) until answered; a
 * reopening restarts it from the reopening; the review window runs from the answer until the reporter rates it.
 */
export function caseClocks(events: readonly ClockEvent[], policy: ClockPolicy, calendar: Calendar, timeZone: string, now: Date): CaseClocks {
  const day = (at: Date): string => localTime(at, timeZone).date;
  const today = day(now);
  let registered: string | null = null;
  let decided = false;
  let answerFrom: string | null = null;
  let extension = 0;
  let extended = false;
  let answered: string | null = null;
  let verified = false;
  let forwarded: string | null = null;
  for (const e of events) {
    switch (e.type) {
      case 'registered':
        registered = day(e.at);
        break;
      case 'accepted':
        // Accepting a forwarded case is the receiving unit taking it: it can no longer be sent back.
        decided = true;
        forwarded = null;
        answerFrom = day(e.at);
        break;
      case 'not_accepted':
        decided = true;
        break;
      case 'forwarded':
        forwarded = day(e.at);
        break;
      case 'sent_back':
      case 'in_progress':
        // Starting work is the receiving unit keeping the case: the send-back window closes.
        forwarded = null;
        break;
      case 'extended':
        if (extended) throw new ClockRuleError('a case may be extended only once');
        if (!e.days || e.days < 1 || e.days > policy.maxExtensionDays) throw new ClockRuleError(`an extension is 1 to ${policy.maxExtensionDays} days`);
        extended = true;
        extension = e.days;
        break;
      case 'answered':
        answered = day(e.at);
        break;
      case 'reopened':
        answered = null;
        verified = false;
        answerFrom = day(e.at);
        break;
      case 'rated':
        // A dissatisfied reporter keeps the right to ask for review until the window ends.
        if (e.satisfied) verified = true;
        break;
    }
  }
  const running: Deadline[] = [];
  const add = (kind: Deadline['kind'], from: string, due: string): void => void running.push({ kind, from, due, overdue: today > due });
  if (registered && !decided) {
    add('accept', registered, addDays(registered, policy.acceptDays));
    if (policy.acceptTargetWorkingDays !== null) add('accept_target', registered, addWorkingDays(calendar, registered, policy.acceptTargetWorkingDays));
  }
  if (forwarded && !answered) add('send_back', forwarded, addWorkingDays(calendar, forwarded, policy.sendBackWorkingDays));
  if (answerFrom && !answered) add('answer', answerFrom, addDays(answerFrom, policy.answerDays + extension));
  if (answered && !verified) add('review', answered, addDays(answered, policy.reviewDays));
  running.sort((a, b) => a.due.localeCompare(b.due));
  return { running, extended };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The local days on which the unit is reminded of a running clock: the given fractions of its
 * period, rounded down to a day, never before its start, and each day once.
 */
export function reminderDays(d: Deadline, remindAt: readonly number[]): string[] {
  const period = daysBetween(d.from, d.due);
  const days = remindAt.map((f) => addDays(d.from, Math.max(0, Math.floor(period * f))));
  return [...new Set(days)].sort();
}
