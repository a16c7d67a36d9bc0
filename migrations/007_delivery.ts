import { sql, type Kysely } from 'kysely';

/**
 * Delivery in order per chat, and reply windows. Claiming looks for the oldest undelivered row of
 * each chat, so undelivered rows get indexes of their own: they stay few while sent rows pile up.
 * Held rows (outside the reporter's reply window) are found by reporter when they write again,
 * and by channel and time held when claiming catches one a concurrent write missed.
 * `reply_windows` is each channel's window as its sender declares it, for instances that check
 * reachability without running that sender.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index outbox_undelivered_chat on outbox (channel, chat_id, id) where status in ('pending', 'held')`.execute(db);
  await sql`create index outbox_pending_channel on outbox (channel, id) where status = 'pending'`.execute(db);
  await sql`create index outbox_held_reporter on outbox (reporter_id) where status = 'held'`.execute(db);
  await sql`create index outbox_held_since on outbox (channel, next_attempt_at) where status = 'held'`.execute(db);
  await db.schema
    .createTable('reply_windows')
    .addColumn('channel', 'text', (c) => c.primaryKey())
    .addColumn('window_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/** Drops what `up` created; held rows become pending again so nothing is stranded. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update outbox set status = 'pending' where status = 'held'`.execute(db);
  await db.schema.dropTable('reply_windows').ifExists().execute();
  for (const name of ['outbox_held_since', 'outbox_held_reporter', 'outbox_pending_channel', 'outbox_undelivered_chat']) await db.schema.dropIndex(name).ifExists().execute();
}
