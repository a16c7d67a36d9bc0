import { sql, type Kysely } from 'kysely';

/**
 * Cases by registration time. Found by `bench/scale.ts` on 1,000,000 cases: the public Open311
 * list (`requests.json`: a window of days, newest first, at most 1,000) and the digest statistics
 * (`caseStats`: the cases registered on the period's days) had no index to use and read the whole
 * table — 130–150 ms a request, on both cores, for an unauthenticated endpoint — and grew with
 * every case ever taken. With it they read only the window (~1 ms for the Open311 list).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_registered_at on cases (registered_at)`.execute(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_registered_at').ifExists().execute();
}
