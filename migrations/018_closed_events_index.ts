import { sql, type Kysely } from 'kysely';

/**
 * Case closes by time. Found by `bench/scale.ts` on 1,000,000 cases: the digest's closed cases
 * (`closedInPeriod`) read every closed case of the city ever to find the few closed in the window
 * — 867 of a 994 ms digest, growing with history. They now start from the `closed` events of the
 * window, which this finds. Partial: closes are one event of many.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index case_events_closed_at on case_events (at) where type = 'closed'`.execute(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_events_closed_at').ifExists().execute();
}
