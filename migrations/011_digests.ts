import { sql, type Kysely } from 'kysely';

/**
 * Public disclosure digests: one row per published digest. The unique (kind, scope, period) key
 * is the claim of a schedule slot — the instance whose insert lands publishes it, every other
 * instance's insert does nothing — so a slot runs once however many instances tick. `files` are
 * the published paths (relative to the public folder); `finished_at` is null only while the
 * claiming transaction runs, so a crash mid-publication leaves no row and the slot is retried.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('digest_runs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('city', 'province')`))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('period_from', 'date', (c) => c.notNull())
    .addColumn('period_to', 'date', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('files', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('schedule', 'command')`))
    .addUniqueConstraint('digest_runs_slot', ['kind', 'scope', 'period_from', 'period_to'])
    .addCheckConstraint('digest_runs_period', sql`period_from <= period_to`)
    .execute();
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('digest_runs').ifExists().execute();
}
