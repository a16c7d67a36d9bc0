import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ClosedCaseRecord, DigestKind } from '../../reports/digest.js';
import type { DigestFiles } from '../../reports/files.js';
import type { IndexEntry } from '../../reports/index-page.js';
import type { Period } from '../../reports/period.js';
import type { Database } from '../schema.js';
import { onLocalDays, scopeCondition, type StatsScope } from './case-stats.js';

/** A closed case as {@link readClosedCases} gives it: the digest's record with the ids a summary is keyed on. */
export interface ClosedCaseRow extends ClosedCaseRecord {
  caseId: string;
  /** The `answered` event the digest publishes (the last before the close), or null. */
  answerEventId: string | null;
}

/**
 * Closed cases as the digest reads them: the last answer before the close, the case a merge closed
 * it into, the stored public summary of that answer, and the contacts of everyone following it
 * (for the texts to be cleaned of). The complaint's own texts (description, target, place text)
 * are not read at all: what is not read cannot be published. `where` and `tail` (order, limit)
 * may name `c` (the case), `x` (its last close), `a` (that answer) and `s` (its summary).
 * Shared by the digest and the summary job, so a summary is written from what the digest shows.
 * The query starts from the `closed` events, not the cases, so `where` should bound `x.at`: then
 * it reads only the closes of that time (index `case_events_closed_at`), however long the history.
 */
export async function readClosedCases(db: Kysely<Database>, where: RawBuilder<unknown>, tail: RawBuilder<unknown>): Promise<ClosedCaseRow[]> {
  const { rows } = await sql<{
    case_id: string;
    number: string;
    city: string | null;
    district: string | null;
    town: string | null;
    categories: string[];
    registered_at: Date | string;
    closed_at: Date | string;
    answer_event_id: string | null;
    answered_at: Date | string | null;
    finding: string | null;
    action: string | null;
    summary: string | null;
    merged_into: string | null;
    personal: (string | null)[];
  }>`
    select c.id as case_id, c.number, c.city, coalesce(c.district_name, c.zone) as district, c.town, c.categories, c.registered_at,
      x.at as closed_at, a.id as answer_event_id, a.at as answered_at, a.data->>'finding' as finding, a.data->>'action' as action,
      s.summary, m.data->>'into' as merged_into,
      array[c.contact_name, c.contact_phone] || array(
        select v from case_reporters cr join reporters r on r.id = cr.reporter_id, unnest(array[r.contact_name, r.contact_phone]) v
        where cr.case_id = c.id and v is not null) as personal
    from case_events x
    join cases c on c.id = x.case_id
    left join lateral (select e.id, e.at, e.data from case_events e where e.case_id = c.id and e.type = 'answered' and e.id < x.id order by e.id desc limit 1) a on true
    left join lateral (select e.data from case_events e where e.case_id = c.id and e.type = 'merged' and e.id < x.id order by e.id desc limit 1) m on true
    left join case_summaries s on s.case_id = c.id and s.answer_event_id = a.id
    where x.type = 'closed' and c.status = 'closed'
      and not exists (select from case_events y where y.case_id = x.case_id and y.type = 'closed' and y.id > x.id)
      and ${where}
    ${tail}`.execute(db);
  return rows.map((r) => ({
    caseId: String(r.case_id),
    number: r.number,
    city: r.city,
    district: r.district,
    town: r.town,
    categories: r.categories,
    registeredAt: new Date(r.registered_at),
    closedAt: new Date(r.closed_at),
    answerEventId: r.answer_event_id === null ? null : String(r.answer_event_id),
    answer: r.answered_at !== null ? { finding: r.finding ?? '', action: r.action ?? '', at: new Date(r.answered_at) } : null,
    summary: r.summary,
    mergedInto: r.merged_into,
    personal: r.personal,
  }));
}

/** The cases of `scope` closed on the local days of `period`, in closing order (see {@link readClosedCases}). */
export async function closedInPeriod(db: Kysely<Database>, scope: StatsScope, period: Period, timeZone: string): Promise<ClosedCaseRecord[]> {
  return readClosedCases(db, sql`${scopeCondition(scope)} and ${onLocalDays(sql`x.at`, period.from, period.to, timeZone)}`, sql`order by x.at, c.number`);
}

/** One digest slot: what, for whom, which days. */
export interface DigestSlot {
  kind: DigestKind;
  scope: string;
  period: Period;
}

/**
 * Claims a scheduled slot in the caller's transaction: resolves with the run's id, or null when
 * another run (another instance, an earlier tick) has it. On PostgreSQL a second instance's claim
 * waits for the first transaction and then finds the slot taken; if the first rolls back, the
 * second gets it.
 */
export async function claimSlot(db: Kysely<Database>, s: DigestSlot, now: Date): Promise<string | null> {
  const row = await db
    .insertInto('digest_runs')
    .values({ kind: s.kind, scope: s.scope, period_from: s.period.from, period_to: s.period.to, started_at: now, trigger: 'schedule' })
    .onConflict((oc) => oc.columns(['kind', 'scope', 'period_from', 'period_to']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Records an on-demand run (`huiyin digest`): a slot published again is overwritten, never refused. */
export async function recordCommandRun(db: Kysely<Database>, s: DigestSlot, now: Date): Promise<string> {
  const row = await db
    .insertInto('digest_runs')
    .values({ kind: s.kind, scope: s.scope, period_from: s.period.from, period_to: s.period.to, started_at: now, trigger: 'command' })
    .onConflict((oc) => oc.columns(['kind', 'scope', 'period_from', 'period_to']).doUpdateSet({ started_at: now, finished_at: null, trigger: 'command' }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Marks a run published, with its files. */
export async function finishRun(db: Kysely<Database>, id: string, files: DigestFiles, now: Date): Promise<void> {
  await db.updateTable('digest_runs').set({ finished_at: now, files: JSON.stringify(files) }).where('id', '=', id).execute();
}

/**
 * The last day of the latest period the schedule published for `kind` and `scope`, or null before
 * the first. On-demand runs do not count: their periods need not be the schedule's.
 */
export async function lastScheduled(db: Kysely<Database>, kind: DigestKind, scope: string): Promise<string | null> {
  const row = await db
    .selectFrom('digest_runs')
    .select(sql<string | null>`max(period_to)::text`.as('to'))
    .where('kind', '=', kind)
    .where('scope', '=', scope)
    .where('trigger', '=', 'schedule')
    .executeTakeFirst();
  return row?.to ?? null;
}

/** Every published digest, for the index. */
export async function publishedRuns(db: Kysely<Database>, timeZone: string): Promise<IndexEntry[]> {
  const { rows } = await sql<{ kind: DigestKind; scope: string; from: string; to: string; files: DigestFiles; published_at: string }>`
    select kind, scope, period_from::text as "from", period_to::text as "to", files,
      to_char(finished_at at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI') as published_at
    from digest_runs where finished_at is not null order by period_to desc, kind, scope`.execute(db);
  return rows;
}
