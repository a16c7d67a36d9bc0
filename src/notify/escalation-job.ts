import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { localTime } from '../routing/calendar.js';
import { caseSummaryOf, overduePages, sendPage, subjectsToPage, type PageSubject } from '../db/repo/pages.js';
import type { Database } from '../db/schema.js';
import { staffActions } from '../i18n/choices.js';
import { renderForStaff } from '../i18n/render.js';
import { maskPhonesIn } from '../privacy/mask.js';
import { ackDueAt, pageTarget, type EscalationPolicy, type PageReason } from '../routing/escalation.js';
import type { Routing } from '../routing/load.js';

/** What the escalation job needs. */
export interface EscalationDeps {
  db: Kysely<Database>;
  routing: Routing;
  policy: EscalationPolicy;
  clock: () => Date;
  timeZone: string;
  log: Logger;
  /** Called when pages were queued, to wake delivery. */
  onQueued?: () => void;
  /** A staff group that sees every page too, as a card with buttons. */
  staffGroup?: { channel: string; chatId: string } | null;
}

/** What one tick did. */
export type EscalationTick = {
  paged: number;
  climbed: number;
};


/**
 * Pages whoever is on duty about urgent cases and conversations that asked for a person, and
 * climbs the chain (duty officer → section chief → bureau lead) when a page is not acknowledged
 * in time. Everything is derived from the database at each tick, so a restart or a missed tick
 * loses nothing; (subject, level) is unique, so two instances page once.
 */
export class EscalationJob {
  private running: Promise<EscalationTick> | null = null;

  constructor(private readonly deps: EscalationDeps) {}

  /** One pass; concurrent calls in one process share the pass under way. */
  tick(): Promise<EscalationTick> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<EscalationTick> {
    const { db } = this.deps;
    const now = this.deps.clock();
    let paged = 0;
    let climbed = 0;
    for (const s of await subjectsToPage(db)) if (await this.page(s, 0, now)) paged++;
    for (const p of await overduePages(db, now)) if (await this.page(p, p.level + 1, now)) climbed++;
    if (paged + climbed > 0) this.deps.onQueued?.();
    return { paged, climbed };
  }

  /**
   * Pages the duty chain of a case's unit because a clock ran out (`key` names the clock and its
   * due day, so each overdue clock is paged once); climbing follows as for every page.
   */
  async pageOverdue(o: { caseId: string; unitId: string; key: string }, now: Date): Promise<boolean> {
    const summary = await caseSummaryOf(this.deps.db, o.caseId);
    if (!summary) return false;
    const sent = await this.page({ subject: `overdue:${o.caseId}:${o.key}`, caseId: o.caseId, conversationId: null, unitId: o.unitId, reason: 'overdue', summary }, 0, now);
    if (sent) this.deps.onQueued?.();
    return sent;
  }

  private async page(s: PageSubject, level: number, now: Date): Promise<boolean> {
    const { routing, timeZone, policy } = this.deps;
    const handle = pageTarget(routing.rosters, routing.calendar, s.unitId, level, now, timeZone);
    if (handle === null && level > 0) {
      this.deps.log.warn({ subject: s.subject, unit: s.unitId, level }, 'escalation chain exhausted');
      return false;
    }
    if (handle === null) this.deps.log.error({ subject: s.subject, unit: s.unitId }, 'nobody on duty to page');
    const reason = s.reason as PageReason;
    const due = ackDueAt(policy, reason, now, routing.calendar, timeZone);
    const local = localTime(due, timeZone);
    const ref = s.summary.number ?? `#${s.subject.split(':')[1]}`;
    const text = renderForStaff({
      key: 'page',
      params: {
        level,
        reason,
        ref,
        due: `${local.date.slice(5)} ${String(Math.floor(local.minute / 60)).padStart(2, '0')}:${String(local.minute % 60).padStart(2, '0')}`,
        // A page is read on a phone by someone who may forward it: no reporter's number rides along.
        summary: { ...s.summary, description: s.summary.description ? maskPhonesIn(s.summary.description) : null },
      },
    });
    return sendPage(
      this.deps.db,
      { subject: s.subject, caseId: s.caseId, conversationId: s.conversationId, unitId: s.unitId, reason, level, staffHandle: handle, sentAt: now, ackDueAt: due },
      { text, choices: staffActions(ref), group: this.deps.staffGroup ?? null },
    );
  }
}
