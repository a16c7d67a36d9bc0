import { sql, type Kysely } from 'kysely';
import { CASE_STATUSES, OPEN_STATUSES } from '../../cases/status.js';
import { redactPersonal } from '../../privacy/redact.js';
import { RETENTION_EVENT, retentionEvents, type RetentionEvent } from '../../retention/events.js';
import { planRetention, type CaseFacts, type RetentionFacts, type RetentionPlan, type ReporterFacts } from '../../retention/plan.js';
import type { RetentionPolicy } from '../../retention/policy.js';
import type { Database } from '../schema.js';

/** What a pass erased (or, dry, would erase). */
export interface RetentionReport {
  plan: RetentionPlan;
  /** The audit events, one per case that lost something. */
  events: (RetentionEvent & { number: string })[];
  /** Journal rows (messages and outbox) whose text masking changes. */
  maskedMessages: number;
}

/** Finished statuses (closed, not accepted): every status that is not open, as a SQL list. */
const FINAL = sql`(${sql.join(CASE_STATUSES.filter((s) => !OPEN_STATUSES.includes(s)))})`;

/** A journal row of one reporter and its masked text. */
interface JournalChange {
  table: 'messages' | 'outbox';
  id: string;
  text: string;
}

/**
 * The facts a plan needs, narrowed to data still held: finished cases with a contact copy left,
 * reporters following a finished case with a contact, a /forget request or journal rows not yet
 * masked (with every case they follow), and kept evidence files (with every case referring to
 * them). Only `reporterId`'s when given (the /forget turn).
 */
async function loadFacts(db: Kysely<Database>, reporterId: string | null, withEvidence: boolean): Promise<RetentionFacts & { known: Map<string, string[]> }> {
  const onlyReporter = reporterId === null ? sql`true` : sql`r.id = ${reporterId}::bigint`;
  const { rows: contactCases } = await sql<{ id: string }>`
    select c.id::text as id from cases c join reporters r on r.id = c.reporter_id
    where ${onlyReporter} and c.status in ${FINAL}
      and (c.contact_name is not null or c.contact_phone is not null
        or exists (select 1 from open311_requests o where o.case_id = c.id and o.contact_email is not null))`.execute(db);
  const { rows: reporters } = await sql<{ id: string; has_contact: boolean; forget: boolean; follows: string[]; masked_before: Date | null; next_journal_at: Date | null }>`
    select r.id::text as id, (r.contact_name is not null or r.contact_phone is not null) as has_contact,
      r.forget_requested_at is not null as forget, r.journal_masked_before as masked_before,
      array(select f.case_id::text from case_reporters f where f.reporter_id = r.id order by f.case_id) as follows,
      least(
        (select min(m.received_at) from messages m where m.reporter_id = r.id and m.received_at >= coalesce(r.journal_masked_before, '-infinity')),
        (select min(o.created_at) from outbox o where o.reporter_id = r.id and o.created_at >= coalesce(r.journal_masked_before, '-infinity'))
      ) as next_journal_at
    from reporters r
    where ${onlyReporter}
      and exists (select 1 from case_reporters f join cases c on c.id = f.case_id where f.reporter_id = r.id and c.status in ${FINAL})
      and (r.contact_name is not null or r.contact_phone is not null or r.forget_requested_at is not null
        or exists (select 1 from messages m where m.reporter_id = r.id and m.received_at >= coalesce(r.journal_masked_before, '-infinity'))
        or exists (select 1 from outbox o where o.reporter_id = r.id and o.created_at >= coalesce(r.journal_masked_before, '-infinity')))`.execute(db);
  const { rows: refs } = withEvidence
    ? await sql<{ sha256: string; case_id: string }>`
        with refs as (
          select c.id as case_id, x->>'sha256' as sha256 from cases c, jsonb_array_elements(c.evidence) x where jsonb_typeof(c.evidence) = 'array'
          union
          select e.case_id, x->>'sha256' from case_events e, jsonb_array_elements(e.data->'evidence') x
          where e.type = 'supplemented' and jsonb_typeof(e.data->'evidence') = 'array'
        )
        select f.sha256, r.case_id::text as case_id from evidence_files f join refs r on r.sha256 = f.sha256 order by f.sha256, r.case_id`.execute(db)
    : { rows: [] };
  const ids = [...new Set([...contactCases.map((c) => c.id), ...reporters.flatMap((r) => r.follows), ...refs.map((r) => r.case_id)])];
  const { rows: cases } = ids.length === 0
    ? { rows: [] }
    : await sql<{ id: string; number: string; closed_at: Date | null; has_contact: boolean; forget: boolean; reporter_id: string; contact_name: string | null; contact_phone: string | null }>`
        select c.id::text as id, c.number, c.reporter_id::text as reporter_id, c.contact_name, c.contact_phone,
          case when c.status in ${FINAL} then (select max(e.at) from case_events e where e.case_id = c.id and e.type in ${FINAL}) end as closed_at,
          (c.contact_name is not null or c.contact_phone is not null
            or exists (select 1 from open311_requests o where o.case_id = c.id and o.contact_email is not null)) as has_contact,
          r.forget_requested_at is not null as forget
        from cases c join reporters r on r.id = c.reporter_id
        where c.id in (${sql.join(ids.map((id) => sql`${id}::bigint`))})`.execute(db);
  // The names and phones to mask in a reporter's journal: on their record and on the cases they reported.
  const known = new Map<string, string[]>();
  for (const c of cases) known.set(c.reporter_id, [...(known.get(c.reporter_id) ?? []), ...[c.contact_name, c.contact_phone].filter((v): v is string => v !== null)]);
  const { rows: own } = reporters.length === 0
    ? { rows: [] }
    : await sql<{ id: string; contact_name: string | null; contact_phone: string | null }>`
        select id::text as id, contact_name, contact_phone from reporters where id in (${sql.join(reporters.map((r) => sql`${r.id}::bigint`))})`.execute(db);
  for (const r of own) known.set(r.id, [...(known.get(r.id) ?? []), ...[r.contact_name, r.contact_phone].filter((v): v is string => v !== null)]);
  const at = (d: Date | string | null): Date | null => (d === null ? null : new Date(d));
  return {
    cases: cases.map((c): CaseFacts => ({ id: c.id, number: c.number, closedAt: at(c.closed_at), hasContact: c.has_contact, forget: c.forget })),
    reporters: reporters.map((r): ReporterFacts => ({ id: r.id, hasContact: r.has_contact, forget: r.forget, follows: r.follows.map(String), journalMaskedBefore: at(r.masked_before), nextJournalAt: at(r.next_journal_at) })),
    evidence: [...refs.reduce((m, r) => m.set(r.sha256, [...(m.get(r.sha256) ?? []), r.case_id]), new Map<string, string[]>())].map(([sha256, ids]) => ({ sha256, cases: ids })),
    known,
  };
}

/** The journal rows of one reporter in [from, before) whose masked text differs, with that text. */
async function journalChanges(db: Kysely<Database>, reporterId: string, from: Date | null, before: Date, known: readonly string[]): Promise<JournalChange[]> {
  const since = from === null ? sql`'-infinity'::timestamptz` : sql`${from}::timestamptz`;
  const { rows } = await sql<{ table: 'messages' | 'outbox'; id: string; text: string }>`
    select 'messages' as table, id::text as id, text from messages
    where reporter_id = ${reporterId}::bigint and received_at >= ${since} and received_at < ${before} and text is not null
    union all
    select 'outbox', id::text, text from outbox
    where reporter_id = ${reporterId}::bigint and created_at >= ${since} and created_at < ${before}
    order by 1, 2`.execute(db);
  return rows.flatMap((r) => {
    const text = redactPersonal(r.text, known);
    return text === r.text ? [] : [{ table: r.table, id: r.id, text }];
  });
}

/**
 * One retention pass at `now`: plans from the database (`policy` null: reporters' /forget
 * requests only, no age limit; `reporterId`: that reporter only) and, with `apply`, erases in one
 * transaction: journals masked first (they need the names and phones), then case contact copies
 * (the description masked with them, as reporters type their phone there), reporters' contact
 * records, evidence files, and one `retention_erased` event per case. A second pass finds nothing.
 */
export async function runRetention(db: Kysely<Database>, policy: RetentionPolicy | null, now: Date, opts: { apply: boolean; reporterId?: string }): Promise<RetentionReport> {
  const pass = async (tx: Kysely<Database>): Promise<RetentionReport> => {
    const facts = await loadFacts(tx, opts.reporterId ?? null, policy !== null);
    const plan = planRetention(facts, policy, now);
    const masked = new Map<string, number>();
    for (const j of plan.journals) {
      const changes = await journalChanges(tx, j.reporterId, j.from, j.before, facts.known.get(j.reporterId) ?? []);
      masked.set(j.reporterId, changes.length);
      if (!opts.apply) continue;
      for (const c of changes) await tx.updateTable(c.table).set({ text: c.text }).where('id', '=', c.id).execute();
      await tx.updateTable('reporters').set({ journal_masked_before: j.before }).where('id', '=', j.reporterId).execute();
    }
    const numbers = new Map(facts.cases.map((c) => [c.id, c.number]));
    const events = retentionEvents(plan, masked).map((e) => ({ ...e, number: numbers.get(e.caseId) ?? '' }));
    if (opts.apply) {
      for (const { caseId } of plan.caseContacts) {
        const c = await tx.selectFrom('cases').select(['description', 'contact_name', 'contact_phone']).where('id', '=', caseId).executeTakeFirstOrThrow();
        await tx.updateTable('cases').set({ contact_name: null, contact_phone: null, description: redactPersonal(c.description, [c.contact_name, c.contact_phone]) }).where('id', '=', caseId).execute();
        await tx.updateTable('open311_requests').set({ contact_email: null }).where('case_id', '=', caseId).where('contact_email', 'is not', null).execute();
      }
      const reporterIds = plan.reporterContacts.map((r) => r.reporterId);
      if (reporterIds.length > 0) await tx.updateTable('reporters').set({ contact_name: null, contact_phone: null }).where('id', 'in', reporterIds).execute();
      const files = plan.evidence.map((e) => e.sha256);
      if (files.length > 0) await tx.deleteFrom('evidence_files').where('sha256', 'in', files).execute();
      if (events.length > 0) {
        await tx
          .insertInto('case_events')
          .values(events.map((e) => ({ case_id: e.caseId, at: now, actor: 'system:retention', type: RETENTION_EVENT, data: JSON.stringify(e.data), reason: e.reason })))
          .execute();
      }
    }
    return { plan, events, maskedMessages: [...masked.values()].reduce((a, b) => a + b, 0) };
  };
  if (!opts.apply) return pass(db);
  // Applied passes (another instance's job, a /forget turn) take turns, each planning from what the
  // last one left: nothing is erased or logged twice. A /forget turn's transaction is joined.
  const locked = async (tx: Kysely<Database>) => {
    await sql`select pg_advisory_xact_lock(hashtext('huiyin.retention'))`.execute(tx);
    return pass(tx);
  };
  return db.isTransaction ? locked(db) : db.transaction().execute(locked);
}

/**
 * A reporter's confirmed /forget, inside their turn's transaction: remembered on their record (so
 * open cases lose the contact when they finish) and applied at once to finished cases. Resolves
 * with the cases whose contact went now and the open cases still holding it until they finish.
 */
export async function forgetReporter(db: Kysely<Database>, reporterId: string, now: Date): Promise<{ closed: number; open: number }> {
  await db.updateTable('reporters').set({ forget_requested_at: now }).where('id', '=', reporterId).where('forget_requested_at', 'is', null).execute();
  const report = await runRetention(db, null, now, { apply: true, reporterId });
  const { rows } = await sql<{ open: string }>`
    select count(*) as open from case_reporters f join cases c on c.id = f.case_id
    where f.reporter_id = ${reporterId}::bigint and c.status not in ${FINAL}`.execute(db);
  return { closed: report.events.filter((e) => e.data.erased.includes('contact')).length, open: Number(rows[0]?.open ?? 0) };
}

/** The scheduled pass: `huiyin start` ticks it (see src/commands/serve.ts); the same as `huiyin retention --apply`. */
export class RetentionJob {
  constructor(private readonly deps: { db: Kysely<Database>; policy: RetentionPolicy; clock: () => Date }) {}

  /** One pass now: what it erased, or with `apply` false what it would (`huiyin retention --dry-run`). */
  run(apply: boolean): Promise<RetentionReport> {
    return runRetention(this.deps.db, this.deps.policy, this.deps.clock(), { apply });
  }

  /** One applied pass; counts of what it erased. */
  async tick(): Promise<Record<string, number>> {
    return retentionCounts(await this.run(true));
  }
}

/** A pass's counts by kind, as the job logs them and the command prints them. */
export function retentionCounts(r: RetentionReport): Record<string, number> {
  return {
    caseContacts: r.plan.caseContacts.length,
    reporterContacts: r.plan.reporterContacts.length,
    evidenceFiles: r.plan.evidence.length,
    maskedMessages: r.maskedMessages,
    events: r.events.length,
  };
}
