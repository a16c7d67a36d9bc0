import { sql, type Kysely } from 'kysely';

/**
 * Retention (src/retention/): a reporter's /forget request, how far their chat journal has been
 * masked (so a pass never reads an already masked journal again), and their journal rows by time
 * (a pass reads one reporter's rows below a cutoff).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reporters').addColumn('forget_requested_at', 'timestamptz').addColumn('journal_masked_before', 'timestamptz').execute();
  await sql`create index messages_reporter_time on messages (reporter_id, received_at) where reporter_id is not null`.execute(db);
  await sql`create index outbox_reporter_time on outbox (reporter_id, created_at) where reporter_id is not null`.execute(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_reporter_time').ifExists().execute();
  await db.schema.dropIndex('messages_reporter_time').ifExists().execute();
  await db.schema.alterTable('reporters').dropColumn('forget_requested_at').dropColumn('journal_masked_before').execute();
}
