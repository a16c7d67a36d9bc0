import { sql, type Kysely } from 'kysely';

/**
 * Inbound messages journaled but not yet processed: the journal recovery looks for them every
 * 10 s (src/intake/journal-recovery.ts). Partial, so it holds only the few in flight, however
 * long the journal grows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index messages_unfinished on messages (id) where direction = 'in' and status = 'received'`.execute(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_unfinished').ifExists().execute();
}
