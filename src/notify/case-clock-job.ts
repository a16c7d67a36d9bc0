import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { caseClocks, reminderDays, type Deadline } from '../cases/clocks.js';
import { clockEvents, type CaseAction, type LifecycleEvent } from '../cases/lifecycle.js';
import { OPEN_STATUSES } from '../cases/status.js';
import { applyTo, lockCase, type LifecycleDeps, type LoadedCase } from '../db/repo/lifecycle.js';
import type { Database } from '../db/schema.js';
import { renderForStaff } from '../i18n/render.js';
import { addDays, localTime } from '../routing/calendar.js';
import { pageTarget } from '../routing/escalation.js';
import type { Rosters } from '../routing/roster.js';
import type { EscalationJob } from './escalation-job.js';

/** What the case clock job needs. */
export interface CaseClockDeps {
  db: Kysely<Database>;
  lifecycle: LifecycleDeps;
  rosters: Rosters;
  /** Pages the unit's duty chain about an overdue case, and climbs it when nobody acknowledges. */
  escalation: EscalationJob;
  clock: () => Date;
  log: Logger;
  onQueued?: () => void;
}

/** What one pass did. */
export type CaseClockTick = {
  reminded: number;
  overdue: number;
  ratingReminders: number;
  noResponse: number;
};

/** Clocks the unit answers to; the review window is the reporter's, not the unit's. */
const UNIT_CLOCKS: ReadonlySet<Deadline['kind']> = new Set(['accept', 'accept_target', 'answer', 'send_back']);

/** Open cases are read in pages of this many, so a large backlog never sits in memory at once. */
const PAGE = 500;

/**
 * Watches every open case's clocks: reminds the owning unit at the policy's fractions of each
 * period, flags an overdue case for supervision and pages the unit's duty chain, reminds a
 * reporter once to rate an answer, and closes the case as "no response" after twice that. All is
 * derived from events at each pass; reminders and overdue marks carry a once-key that the
 * database keeps unique, and rating steps decide under the case's row lock, so a missed, doubled
 * or concurrent pass (two instances) changes nothing.
 */
export class CaseClockJob {
  private running: Promise<CaseClockTick> | null = null;

  constructor(private readonly deps: CaseClockDeps) {}

  /** One pass; concurrent calls in one process share the pass under way. */
  tick(): Promise<CaseClockTick> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<CaseClockTick> {
    const { db, lifecycle } = this.deps;
    const now = this.deps.clock();
    const today = localTime(now, lifecycle.timeZone).date;
    const tick: CaseClockTick = { reminded: 0, overdue: 0, ratingReminders: 0, noResponse: 0 };
    for (let after = '0'; ; ) {
      const cases = await db
        .selectFrom('cases')
        .select(['id', 'number', 'status', 'unit_id', 'supervised'])
        .where('status', 'in', OPEN_STATUSES as string[])
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      if (cases.length === 0) break;
      after = cases.at(-1)!.id;
      const events = await db
        .selectFrom('case_events')
        .select(['case_id', 'type', 'at', 'actor', 'data'])
        .where('case_id', 'in', cases.map((c) => c.id))
        .orderBy('id')
        .execute();
      for (const c of cases) {
        const own: LifecycleEvent[] = events.filter((e) => e.case_id === c.id).map((e) => ({ type: e.type, at: new Date(e.at), actor: e.actor, data: (e.data ?? {}) as Record<string, unknown> }));
        try {
          await this.watch({ id: c.id, number: c.number, status: c.status as LoadedCase['status'], unitId: c.unit_id, supervised: c.supervised, events: own }, today, now, tick);
        } catch (err) {
          // One broken case must not stop the clocks of all the others.
          this.deps.log.error({ err, caseNumber: c.number }, 'case clock failed');
        }
      }
    }
    if (tick.reminded + tick.overdue + tick.ratingReminders > 0) this.deps.onQueued?.();
    return tick;
  }

  private async watch(c: LoadedCase, today: string, now: Date, tick: CaseClockTick): Promise<void> {
    const { lifecycle } = this.deps;
    const clocks = caseClocks(clockEvents(c.events), lifecycle.policy, lifecycle.calendar, lifecycle.timeZone, now);
    for (const d of clocks.running) {
      if (!UNIT_CLOCKS.has(d.kind)) continue;
      if (d.overdue) {
        if (await this.markOverdue(c, d, now)) tick.overdue++;
        continue;
      }
      // After downtime several reminder days may have passed: remind once, for the latest.
      const day = reminderDays(d, lifecycle.policy.remindAt).filter((x) => x <= today).at(-1);
      if (day && (await this.remind(c, d, day, now))) tick.reminded++;
    }
    if (c.status === 'answered') {
      const answered = [...c.events].reverse().find((e) => e.type === 'answered');
      if (!answered) return;
      const from = localTime(answered.at, lifecycle.timeZone).date;
      const n = lifecycle.policy.ratingReminderDays;
      const reminded = c.events.some((e) => e.type === 'rating_reminded' && e.at >= answered.at);
      if (today >= addDays(from, 2 * n) && (await this.decideLocked(c.number, { kind: 'no_response' }, (l) => l.status === 'answered'))) tick.noResponse++;
      else if (!reminded && today >= addDays(from, n) && (await this.decideLocked(c.number, { kind: 'remind_rating' }, (l) => !l.events.some((e) => e.type === 'rating_reminded' && e.at >= answered.at)))) tick.ratingReminders++;
    }
  }

  /** Appends a clock event once per case and key; resolves with whether this call appended it. */
  private async once(caseId: string, type: string, key: string, data: Record<string, unknown>, now: Date, db: Kysely<Database> = this.deps.db): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`
      insert into case_events (case_id, at, actor, type, data)
      values (${caseId}, ${now}, 'system:clock', ${type}, ${JSON.stringify({ ...data, once: key })}::jsonb)
      on conflict (case_id, type, (data->>'once')) where data ? 'once' do nothing
      returning id`.execute(db);
    return rows.length > 0;
  }

  /** Tells the unit's duty officer a clock is running out. */
  private async remind(c: LoadedCase, d: Deadline, day: string, now: Date): Promise<boolean> {
    if (!c.unitId) return false;
    const { db, lifecycle } = this.deps;
    return db.transaction().execute(async (trx) => {
      if (!(await this.once(c.id, 'reminded', `${d.kind}:${d.due}:${day}`, { clock: d.kind, due: d.due }, now, trx))) return false;
      const handle = pageTarget(this.deps.rosters, lifecycle.calendar, c.unitId!, 0, now, lifecycle.timeZone);
      const text = renderForStaff({ key: 'clock_reminder', params: { ref: c.number, clock: d.kind, due: d.due } });
      const { rows } = await sql<{ id: string }>`insert into outbox (channel, chat_id, reporter_id, in_reply_to, text)
        select channel, chat_id, null, null, ${text} from staff where handle = ${handle} and active returning id`.execute(trx);
      // The reminder stays in the case's events either way; the roster gap is the operator's to fix.
      if (rows.length === 0) this.deps.log.warn({ caseNumber: c.number, unit: c.unitId, handle }, 'nobody registered on duty to remind of a deadline');
      return true;
    });
  }

  /** Marks a clock overdue once: the case goes under supervision and the unit's chain is paged. */
  private async markOverdue(c: LoadedCase, d: Deadline, now: Date): Promise<boolean> {
    const { db, lifecycle } = this.deps;
    const key = `${d.kind}:${d.due}`;
    const marked = await db.transaction().execute(async (trx) => {
      if (!(await this.once(c.id, 'overdue', key, { clock: d.kind, due: d.due }, now, trx))) return false;
      const locked = await lockCase(trx, c.number);
      if (locked && !locked.supervised) await applyTo(trx, locked, { kind: 'supervise', reason: `overdue: ${d.kind} due ${d.due}` }, 'system:clock', now, lifecycle);
      return true;
    });
    if (marked && c.unitId) await this.deps.escalation.pageOverdue({ caseId: c.id, unitId: c.unitId, key }, now);
    return marked;
  }

  /** Applies a rating step under the case's row lock, if `still` holds once locked. */
  private async decideLocked(number: string, action: CaseAction, still: (c: LoadedCase) => boolean): Promise<boolean> {
    const { db, lifecycle } = this.deps;
    return db.transaction().execute(async (trx) => {
      const locked = await lockCase(trx, number);
      if (!locked || !still(locked)) return false;
      return (await applyTo(trx, locked, action, 'system:clock', this.deps.clock(), lifecycle)).ok;
    });
  }
}
