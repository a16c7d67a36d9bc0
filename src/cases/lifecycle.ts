import { addDays, localTime, type Calendar } from '../routing/calendar.js';
import type { Reply } from '../i18n/catalog.js';
import { caseClocks, ClockRuleError, type ClockEvent, type ClockPolicy, type Deadline } from './clocks.js';
import type { CaseStatus } from './status.js';

/** What an investigation found (核查结论). */
export const FINDINGS = ['true', 'partly_true', 'basically_true', 'untrue'] as const;

/** One of {@link FINDINGS}: 属实 / 部分属实 / 基本属实 / 不属实. */
export type Finding = (typeof FINDINGS)[number];

/** How the reporter rated the answer. */
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

/** One of {@link RATINGS}: 满意 / 基本满意 / 不满意. */
export type Rating = (typeof RATINGS)[number];

/** A `case_events` row as the lifecycle reads it. */
export interface LifecycleEvent {
  type: string;
  at: Date;
  actor: string;
  data: Record<string, unknown>;
}

/** A case as the lifecycle decides on it: where it stands and everything that happened to it. */
export interface CaseRecord {
  number: string;
  status: CaseStatus;
  unitId: string | null;
  supervised: boolean;
  /** Oldest first. */
  events: readonly LifecycleEvent[];
}

/** Something staff, the reporter or the clock does to a case. */
export type CaseAction =
  | { kind: 'accept' }
  | { kind: 'not_accept'; body: string; reason: string }
  | { kind: 'forward'; to: string; reason: string }
  | { kind: 'send_back'; reason: string }
  | { kind: 'start' }
  | { kind: 'extend'; days: number; reason: string }
  | { kind: 'answer'; finding: Finding; action: string }
  | { kind: 'rate'; rating: Rating; reason: string | null; reporterId: string }
  | { kind: 'supervise'; reason: string }
  | { kind: 'remind_rating' }
  | { kind: 'no_response' }
  | { kind: 'merge_into'; into: string };

/** Why an action was refused, for a clear answer to whoever tried it. */
export type Refusal =
  | 'wrong_status'
  | 'not_accepted_yet'
  | 'already_extended'
  | 'bad_extension'
  | 'send_back_late'
  | 'same_unit'
  | 'already_rated'
  | 'already_supervised';

/** An event to append, without the case, time and actor the caller adds. */
export interface EventDraft {
  type: string;
  data: Record<string, unknown>;
  reason: string | null;
}

/** What an action does: the new status and owner, the events to append and what followers are told. */
export interface Decision {
  ok: true;
  status: CaseStatus;
  unitId: string | null;
  supervised: boolean;
  events: EventDraft[];
  /** Pushed to everyone following the case (null: nobody is told). */
  notice: Reply | null;
  /** Said only to the reporter who acted (a rating's answer), when that differs from the notice. */
  toActor: Reply | null;
}

/** How a decision reads the calendar and names units. */
export interface LifecycleContext {
  now: Date;
  policy: ClockPolicy;
  calendar: Calendar;
  timeZone: string;
  /** A unit's names for notices; null for an unknown unit. */
  unitName(id: string): { zh: string; en: string } | null;
}

/** The events the clocks read, from the lifecycle's. */
export function clockEvents(events: readonly LifecycleEvent[]): ClockEvent[] {
  return events.map((e) => ({
    type: e.type,
    at: e.at,
    ...(typeof e.data.days === 'number' ? { days: e.data.days } : {}),
    ...(e.type === 'rated' ? { satisfied: e.data.rating !== 'unsatisfied' } : {}),
  }));
}

const HANDLING: readonly CaseStatus[] = ['accepted', 'forwarded', 'in_progress'];

/**
 * Decides one action on a case: whether it is allowed now, and if so the new status, the events
 * and the notice. Pure: the caller loads the case, checks who may act, and writes the result.
 */
export function decide(c: CaseRecord, action: CaseAction, ctx: LifecycleContext): Decision | { ok: false; why: Refusal } {
  const refuse = (why: Refusal) => ({ ok: false as const, why });
  const today = localTime(ctx.now, ctx.timeZone).date;
  const accepted = c.events.some((e) => e.type === 'accepted');
  const lastAnswer = [...c.events].reverse().find((e) => e.type === 'answered');
  // Acceptance is decided once: by the unit it was routed to, or the one it was forwarded to before a decision.
  const undecided = c.status === 'registered' || (c.status === 'forwarded' && !accepted);
  /** The clocks after appending `drafts` now, to tell followers the next date. */
  const clocksAfter = (drafts: EventDraft[]) =>
    caseClocks([...clockEvents(c.events), ...clockEvents(drafts.map((d) => ({ ...d, at: ctx.now, actor: '' })))], ctx.policy, ctx.calendar, ctx.timeZone, ctx.now);
  const due = (drafts: EventDraft[], kind: Deadline['kind']): string => clocksAfter(drafts).running.find((d) => d.kind === kind)?.due ?? today;
  const ok = (status: CaseStatus, events: EventDraft[], notice: Reply | null, extra: Partial<Decision> = {}): Decision => ({
    ok: true,
    status,
    unitId: c.unitId,
    supervised: c.supervised,
    events,
    notice,
    toActor: null,
    ...extra,
  });
  const ev = (type: string, data: Record<string, unknown> = {}, reason: string | null = null): EventDraft => ({ type, data, reason });
  const number = c.number;

  switch (action.kind) {
    case 'accept': {
      if (!undecided) return refuse('wrong_status');
      const events = [ev('accepted')];
      return ok('accepted', events, { key: 'case_accepted', params: { number, due: due(events, 'answer') } });
    }
    case 'not_accept':
      if (!undecided) return refuse('wrong_status');
      return ok('not_accepted', [ev('not_accepted', { body: action.body }, action.reason)], { key: 'case_not_accepted', params: { number, reason: action.reason, body: action.body } });
    case 'forward': {
      if (c.status !== 'registered' && !HANDLING.includes(c.status)) return refuse('wrong_status');
      if (action.to === c.unitId) return refuse('same_unit');
      const unit = ctx.unitName(action.to) ?? { zh: action.to, en: action.to };
      // The status to return to if the unit sends it back: what it was before this forward.
      const back = c.status === 'forwarded' ? (accepted ? 'accepted' : 'registered') : c.status;
      return ok('forwarded', [ev('forwarded', { from: c.unitId, to: action.to, back }, action.reason)], { key: 'case_forwarded', params: { number, unit } }, { unitId: action.to });
    }
    case 'send_back': {
      if (c.status !== 'forwarded') return refuse('wrong_status');
      const window = clocksAfter([]).running.find((d) => d.kind === 'send_back');
      if (!window || window.overdue) return refuse('send_back_late');
      const forward = [...c.events].reverse().find((e) => e.type === 'forwarded');
      const from = typeof forward?.data.from === 'string' ? forward.data.from : null;
      const back = forward?.data.back === 'registered' || forward?.data.back === 'in_progress' ? forward.data.back : 'accepted';
      return ok(back, [ev('sent_back', { from: c.unitId, to: from }, action.reason)], { key: 'case_sent_back', params: { number } }, { unitId: from });
    }
    case 'start': {
      if (c.status !== 'accepted' && c.status !== 'forwarded') return refuse('wrong_status');
      if (!accepted) return refuse('not_accepted_yet');
      const events = [ev('in_progress')];
      const unit = (c.unitId && ctx.unitName(c.unitId)) || { zh: c.unitId ?? '', en: c.unitId ?? '' };
      return ok('in_progress', events, { key: 'case_in_progress', params: { number, unit, due: due(events, 'answer') } });
    }
    case 'extend': {
      if (!HANDLING.includes(c.status)) return refuse('wrong_status');
      if (!accepted) return refuse('not_accepted_yet');
      const events = [ev('extended', { days: action.days }, action.reason)];
      try {
        const after = clocksAfter(events);
        return ok(c.status, events, { key: 'case_extended', params: { number, days: action.days, reason: action.reason, due: after.running.find((d) => d.kind === 'answer')?.due ?? today } });
      } catch (err) {
        if (!(err instanceof ClockRuleError)) throw err;
        return refuse(c.events.some((e) => e.type === 'extended') ? 'already_extended' : 'bad_extension');
      }
    }
    case 'answer': {
      if (!HANDLING.includes(c.status)) return refuse('wrong_status');
      if (!accepted) return refuse('not_accepted_yet');
      // After one reopening the answer is final: a dissatisfied reporter goes to review (复查).
      const final = c.events.some((e) => e.type === 'reopened');
      const events = [ev('answered', { finding: action.finding, action: action.action, final })];
      const reviewDue = addDays(today, ctx.policy.reviewDays);
      return ok('answered', events, { key: 'case_answered', params: { number, finding: action.finding, action: action.action, final, reviewDue } });
    }
    case 'rate': {
      if (c.status !== 'answered' && c.status !== 'closed') return refuse('wrong_status');
      if (!lastAnswer) return refuse('wrong_status');
      const rated = c.events.some((e) => e.type === 'rated' && e.at >= lastAnswer.at && e.data.reporter === action.reporterId);
      if (rated) return refuse('already_rated');
      const rating = ev('rated', { rating: action.rating, reporter: action.reporterId }, action.reason);
      if (action.rating !== 'unsatisfied') {
        const thanks: Reply = { key: 'rating_thanks', params: { number } };
        return c.status === 'answered' ? ok('closed', [rating, ev('closed', { why: 'rated' })], null, { toActor: thanks }) : ok('closed', [rating], null, { toActor: thanks });
      }
      const reopenable = c.status === 'answered' && lastAnswer.data.final !== true;
      if (reopenable) {
        const events = [rating, ev('reopened', {}, action.reason)];
        return ok('in_progress', events, { key: 'case_reopened', params: { number, due: due(events, 'answer') } });
      }
      const answeredDay = localTime(lastAnswer.at, ctx.timeZone).date;
      const reviewDue = addDays(answeredDay, ctx.policy.reviewDays);
      const events = c.status === 'answered' ? [rating, ev('closed', { why: 'rated' })] : [rating];
      const toActor: Reply = today <= reviewDue ? { key: 'review_guidance', params: { number, due: reviewDue } } : { key: 'review_expired', params: { number, due: reviewDue } };
      return ok('closed', events, null, { toActor });
    }
    case 'supervise':
      if (c.supervised) return refuse('already_supervised');
      if (c.status === 'closed' || c.status === 'not_accepted') return refuse('wrong_status');
      return ok(c.status, [ev('supervised', {}, action.reason)], null, { supervised: true });
    case 'remind_rating':
      if (c.status !== 'answered' || !lastAnswer) return refuse('wrong_status');
      return ok('answered', [ev('rating_reminded')], { key: 'rating_reminder', params: { number } });
    case 'no_response':
      if (c.status !== 'answered') return refuse('wrong_status');
      return ok('closed', [ev('closed', { why: 'no_response' })], null);
    case 'merge_into':
      if (c.status === 'closed' || c.status === 'not_accepted') return refuse('wrong_status');
      return ok('closed', [ev('merged', { into: action.into }), ev('closed', { why: 'merged' })], { key: 'case_merged', params: { number, into: action.into } });
  }
}
