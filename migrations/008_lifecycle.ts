import { sql, type Kysely } from 'kysely';

/**
 * The case lifecycle: the supervision flag (督办) and priority, everyone who follows a case (the
 * reporter, and reporters who joined it as a repeat) with their choice of notices and rating, and
 * a key that makes clock events (reminders, overdue) happen once per case however many instances
 * run the clock job. Status `rejected` of earlier versions is `not_accepted` now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('supervised', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update cases set status = 'not_accepted' where status = 'rejected'`.execute(db);
  await db.schema
    .createTable('case_reporters')
    .addColumn('case_id', 'bigint', (c) => c.notNull().references('cases.id'))
    .addColumn('reporter_id', 'bigint', (c) => c.notNull().references('reporters.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('reporter', 'joined')`))
    .addColumn('notify', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_reporters_pk', ['case_id', 'reporter_id'])
    .execute();
  await db.schema.createIndex('case_reporters_reporter').on('case_reporters').columns(['reporter_id', 'case_id']).execute();
  await sql`insert into case_reporters (case_id, reporter_id, role, joined_at)
    select c.id, c.reporter_id, 'reporter', c.registered_at from cases c join reporters r on r.id = c.reporter_id where r.channel <> 'import'`.execute(db);
  await sql`create unique index case_events_once on case_events (case_id, type, (data->>'once')) where data ? 'once'`.execute(db);
  await sql`create index cases_open on cases (status, registered_at) where status not in ('not_accepted', 'closed')`.execute(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_open').ifExists().execute();
  await db.schema.dropIndex('case_events_once').ifExists().execute();
  await db.schema.dropTable('case_reporters').ifExists().execute();
  await sql`update cases set status = 'rejected' where status = 'not_accepted'`.execute(db);
  await db.schema.alterTable('cases').dropColumn('supervised').dropColumn('priority').execute();
}
