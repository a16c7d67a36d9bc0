import { sql, type Kysely } from 'kysely';

/**
 * Staff who answer escalations, and pages: one row per (subject, level) so that every page is
 * sent once however many instances run the escalation job. A subject is a case (`case:<id>`) or a
 * conversation that asked for a person or was not understood (`conv:<id>`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('handle', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('duty', 'chief', 'lead', 'handler', 'supervisor')`))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('staff_channel_external_id', ['channel', 'external_id'])
    .execute();

  await db.schema
    .createTable('pages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('case_id', 'bigint', (c) => c.references('cases.id'))
    .addColumn('conversation_id', 'bigint', (c) => c.references('conversations.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('staff_handle', 'text')
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ack_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('acked_at', 'timestamptz')
    .addColumn('acked_by', 'text')
    .addUniqueConstraint('pages_subject_level', ['subject', 'level'])
    .execute();
  await sql`create index pages_open on pages (ack_due_at) where acked_at is null`.execute(db);

  // A conversation's request for a person (or the bot's failure to understand it), waiting to be paged.
  await db.schema
    .alterTable('conversations')
    .addColumn('help_reason', 'text')
    .addColumn('help_unit', 'text')
    .addColumn('help_requested_at', 'timestamptz')
    .execute();
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversations').dropColumn('help_reason').dropColumn('help_unit').dropColumn('help_requested_at').execute();
  await db.schema.dropTable('pages').ifExists().execute();
  await db.schema.dropTable('staff').ifExists().execute();
}
