import { sql, type Kysely } from 'kysely';

/** Which unit owns a case and which routing rule decided it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('unit_id', 'text').addColumn('routing_rule', 'text').execute();
  await sql`create index cases_unit_status on cases (unit_id, status)`.execute(db);
}

/** Drops the routing columns. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists cases_unit_status`.execute(db);
  await db.schema.alterTable('cases').dropColumn('unit_id').dropColumn('routing_rule').execute();
}
