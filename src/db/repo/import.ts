import { sql, type Kysely } from 'kysely';
import { importEvents, type LegacyCase } from '../../cases/legacy-import.js';
import type { CaseFields } from '../case-fields.js';
import type { Database } from '../schema.js';

/**
 * The reporter every imported case belongs to: `cases.reporter_id` is required, and a legacy
 * record names nobody we could reach. One row per database, created on first use.
 */
export async function legacyReporterId(db: Kysely<Database>): Promise<string> {
  const row = await db
    .insertInto('reporters')
    .values({ channel: 'import', external_id: 'legacy' })
    // A no-op update, so that RETURNING gives the id of the row that is already there.
    .onConflict((oc) => oc.columns(['channel', 'external_id']).doUpdateSet({ channel: 'import' }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Where and under whose name imported cases are written. */
export interface ImportTarget {
  reporterId: string;
  /** The audit actor of the import, `import:<file name>`. */
  actor: string;
  /** The zone the file's dates are local to. */
  timeZone: string;
}

/** What became of a batch: written, refused because the number exists, or refused by the database. */
export interface ImportBatchResult {
  written: LegacyCase[];
  existing: LegacyCase[];
  failed: { case: LegacyCase; error: string }[];
}

/** The columns of an imported case: what the row gave, and what every imported case shares. */
function caseFields(c: LegacyCase): CaseFields {
  return {
    ...c.columns,
    lat: null,
    lng: null,
    datum: null,
    evidence: [],
    identity_mode: 'anonymous',
    contact_name: null,
    contact_phone: null,
    lang: 'zh',
  };
}

/** Writes a batch in one transaction: all of it or none of it. A number already in `cases` is left alone and reported. */
async function writeBatch(db: Kysely<Database>, cases: readonly LegacyCase[], t: ImportTarget): Promise<ImportBatchResult> {
  // The file's dates are local wall-clock times; PostgreSQL's zone database turns them into instants.
  const at = (c: LegacyCase) => sql<Date>`cast(${`${c.received.date} ${c.received.time}`} as timestamp) at time zone ${t.timeZone}`;
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('cases')
      .values(
        cases.map((c) => {
          const fields = caseFields(c);
          return {
            ...fields,
            evidence: JSON.stringify(fields.evidence),
            number: c.number,
            status: c.status,
            reporter_id: t.reporterId,
            channel: 'import',
            registered_at: at(c),
            unit_id: c.route.unitId,
            routing_rule: c.route.rule,
          };
        }),
      )
      .onConflict((oc) => oc.column('number').doNothing())
      .returning(['id', 'number'])
      .execute();
    const ids = new Map(inserted.map((r) => [r.number, r.id]));
    const written = cases.filter((c) => ids.has(c.number));
    const events = written.flatMap((c) => importEvents(c, t.actor).map((e) => ({ case_id: ids.get(c.number)!, at: at(c), actor: e.actor, type: e.type, data: JSON.stringify(e.data) })));
    // Rows are inserted in list order, so each case's events keep their order in `id` too.
    if (events.length > 0) await trx.insertInto('case_events').values(events).execute();
    return { written, existing: cases.filter((c) => !ids.has(c.number)), failed: [] };
  });
}

/**
 * Writes imported cases with their audit events, each batch in one transaction. When a batch
 * fails, its rows are written one by one, so a row the database refuses is reported and never
 * takes the good rows of its batch down with it.
 */
export async function writeLegacyCases(db: Kysely<Database>, cases: readonly LegacyCase[], t: ImportTarget): Promise<ImportBatchResult> {
  if (cases.length === 0) return { written: [], existing: [], failed: [] };
  try {
    return await writeBatch(db, cases, t);
  } catch (err) {
    if (cases.length === 1) return { written: [], existing: [], failed: [{ case: cases[0]!, error: err instanceof Error ? err.message : String(err) }] };
  }
  const result: ImportBatchResult = { written: [], existing: [], failed: [] };
  for (const c of cases) {
    const one = await writeLegacyCases(db, [c], t);
    result.written.push(...one.written);
    result.existing.push(...one.existing);
    result.failed.push(...one.failed);
  }
  return result;
}
