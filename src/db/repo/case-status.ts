import type { Kysely } from 'kysely';
import { caseClocks } from '../../cases/clocks.js';
import { clockEvents } from '../../cases/lifecycle.js';
import type { Category } from '../../cases/categories.js';
import { OPEN_STATUSES } from '../../cases/status.js';
import type { CaseDetailView, CaseStatusView } from '../../i18n/catalog.js';
import { localTime } from '../../routing/calendar.js';
import type { Database } from '../schema.js';
import type { LifecycleDeps } from './lifecycle.js';

/** The steps of a case a reporter's timeline shows; internal ones (routing, reminders, notes) stay out. */
const REPORTER_STEPS: ReadonlySet<string> = new Set(['registered', 'accepted', 'not_accepted', 'forwarded', 'sent_back', 'in_progress', 'extended', 'answered', 'reopened', 'rated', 'closed', 'merged', 'joined']);

/** The clocks a reporter is owed a date by; the send-back window is the units' business. */
const REPORTER_CLOCKS: ReadonlySet<string> = new Set(['accept', 'answer', 'review']);

/**
 * The cases a reporter follows (reported or joined), newest first, as they may see them: no
 * identities. Only their own: another person's case number finds nothing.
 */
export async function followedCases(db: Kysely<Database>, reporterId: string, opts: { number?: string; openOnly?: boolean; limit?: number } = {}): Promise<(CaseStatusView & { id: string })[]> {
  let q = db
    .selectFrom('case_reporters as cr')
    .innerJoin('cases as c', 'c.id', 'cr.case_id')
    .select(['c.id', 'c.number', 'c.status', 'c.categories', 'c.district_name', 'c.city', 'c.zone'])
    .where('cr.reporter_id', '=', reporterId);
  if (opts.number) q = q.where('c.number', '=', opts.number.toUpperCase());
  if (opts.openOnly) q = q.where('c.status', 'in', OPEN_STATUSES as string[]);
  const rows = await q.orderBy('c.id', 'desc').limit(opts.limit ?? 10).execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    categories: r.categories as Category[],
    district: r.district_name ? `${r.city ?? ''}${r.district_name}` : r.zone,
  }));
}

/** One of the reporter's own cases in full: its timeline and the next date owed; null if not theirs. */
export async function caseDetail(db: Kysely<Database>, reporterId: string, number: string, deps: LifecycleDeps, now: Date): Promise<CaseDetailView | null> {
  const [c] = await followedCases(db, reporterId, { number, limit: 1 });
  if (!c) return null;
  const events = await db.selectFrom('case_events').select(['type', 'at', 'actor', 'data']).where('case_id', '=', c.id).orderBy('id').execute();
  const lifecycle = events.map((e) => ({ type: e.type, at: new Date(e.at), actor: e.actor, data: (e.data ?? {}) as Record<string, unknown> }));
  const clocks = caseClocks(clockEvents(lifecycle), deps.policy, deps.calendar, deps.timeZone, now);
  const next = clocks.running.find((d) => REPORTER_CLOCKS.has(d.kind));
  const { id: _id, ...view } = c;
  return {
    ...view,
    timeline: lifecycle.filter((e) => REPORTER_STEPS.has(e.type)).map((e) => ({ day: localTime(e.at, deps.timeZone).date, type: e.type })),
    next: next ? { kind: next.kind, due: next.due } : null,
  };
}
