import { sql, type Kysely } from 'kysely';

/** Reporters, conversations, the message journal, cases, their audit trail and the outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reporters')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('zh'))
    .addColumn('identity_mode', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_inbound_at', 'timestamptz')
    .addUniqueConstraint('reporters_channel_external_id', ['channel', 'external_id'])
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('reporter_id', 'bigint', (c) => c.notNull().references('reporters.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('turns', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('conversations_reporter_channel', ['reporter_id', 'channel'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('in', 'out')`))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'bigint', (c) => c.references('reporters.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('text_length', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('text_cut', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('payload', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('received'))
    .addColumn('error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('processed_at', 'timestamptz')
    .addUniqueConstraint('messages_channel_direction_external_id', ['channel', 'direction', 'external_id'])
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('registered'))
    .addColumn('reporter_id', 'bigint', (c) => c.notNull().references('reporters.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('categories', sql`text[]`, (c) => c.notNull())
    .addColumn('subcategory', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('place_text', 'text')
    .addColumn('district_code', 'text')
    .addColumn('district_name', 'text')
    .addColumn('city', 'text')
    .addColumn('province', 'text')
    .addColumn('town', 'text')
    .addColumn('zone', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('datum', 'text')
    .addColumn('time_text', 'text')
    .addColumn('night', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('urgent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('repeat', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('demand', 'text')
    .addColumn('identity_mode', 'text', (c) => c.notNull().check(sql`identity_mode in ('anonymous', 'confidential', 'real_name')`))
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_reporter').on('cases').column('reporter_id').execute();
  await db.schema.createIndex('cases_district_status').on('cases').columns(['district_code', 'status']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'bigint', (c) => c.notNull().references('cases.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();
  // The audit trail is append-only: the database itself refuses edits and deletions.
  await sql`create function case_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'case_events is append-only'; end $$`.execute(db);
  await sql`create trigger case_events_no_change before update or delete on case_events
    for each row execute function case_events_append_only()`.execute(db);

  // Case numbers come from a sequence, not a counter row: a row would be locked by every turn
  // that opens a case until it commits, and under load those turns queue behind each other.
  await sql`create sequence case_number_seq`.execute(db);

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'bigint', (c) => c.references('reporters.id'))
    .addColumn('in_reply_to', 'bigint', (c) => c.references('messages.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index outbox_due on outbox (next_attempt_at, id) where status = 'pending'`.execute(db);
  await db.schema.createIndex('outbox_chat').on('outbox').columns(['channel', 'chat_id', 'id']).execute();
}

/** Drops everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop sequence if exists case_number_seq`.execute(db);
  for (const t of ['outbox', 'case_events', 'cases', 'messages', 'conversations', 'reporters']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists case_events_append_only()`.execute(db);
}
