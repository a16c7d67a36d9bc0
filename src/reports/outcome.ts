import { caseClocks, type Deadline } from '../cases/clocks.js';
import { clockEvents, type LifecycleEvent } from '../cases/lifecycle.js';
import type { ClockSettings } from '../staff/case-view.js';

/** Where one case stood at a moment, as the statistics count it. */
export interface CaseOutcome {
  accepted: boolean;
  not_accepted: boolean;
  closed: boolean;
  /** Its handling ended: answered (and not reopened since), or closed unanswered by a merge. */
  answered: boolean;
  /** Its handling ended (answered, or closed unanswered) while its answer clock still ran. */
  on_time: boolean;
  /** It is open and a clock the unit answers to has run out. */
  overdue: boolean;
}

/** The reporter's review window is theirs to use, not the unit's to meet: it never makes a case overdue. */
const isUnitClock = (d: Deadline): boolean => d.kind !== 'review';

/**
 * The outcome of a case at `now` from its events (oldest first); events after `now` are ignored,
 * so a digest of a past moment counts what was known then. Deadlines come from the case clocks
 * (`caseClocks`, with the holiday calendar), never from a second calculation:
 * - `on_time`: the handling ended — the latest `answered` event not followed by `reopened`, or
 *   else a `closed` event (a merge) — and at that moment the answer clock, computed over the
 *   events before it, had not run out (a case closed before acceptance had no answer clock);
 * - `overdue`: not closed and not `not_accepted`, and a running clock other than the reporter's
 *   review window is past due at `now` (as staff see it, see `staffClocks`).
 */
export function caseOutcome(events: readonly LifecycleEvent[], s: ClockSettings, now: Date): CaseOutcome {
  const known = events.filter((e) => e.at <= now);
  const reached = new Set(known.map((e) => e.type));
  let end: number | null = null;
  known.forEach((e, i) => {
    if (e.type === 'answered') end = i;
    else if (e.type === 'reopened') end = null;
    else if (e.type === 'closed') end ??= i;
  });
  const clocksAt = (upTo: readonly LifecycleEvent[], at: Date) => caseClocks(clockEvents(upTo), s.policy, s.calendar, s.timeZone, at).running;
  const endedAt = end === null ? null : known[end]!;
  const onTime = endedAt !== null && !clocksAt(known.slice(0, end!), endedAt.at).some((d) => d.kind === 'answer' && d.overdue);
  const closed = reached.has('closed');
  const notAccepted = reached.has('not_accepted');
  // A closed or not-accepted case owes nothing (as staffClocks has it).
  const overdue = !closed && !notAccepted && clocksAt(known, now).some((d) => isUnitClock(d) && d.overdue);
  return { accepted: reached.has('accepted'), not_accepted: notAccepted, closed, answered: endedAt !== null, on_time: onTime, overdue };
}
