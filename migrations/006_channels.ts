import { sql, type Kysely } from 'kysely';

/**
 * What real channels need: buttons or a location request offered with an outbound message
 * (`OutboundChoices` as JSON), and the evidence files reporters send, kept by content hash so
 * a case links to exactly the bytes received and the same photo sent twice is stored once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('choices', 'jsonb').execute();
  await db.schema
    .createTable('evidence_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text')
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/** Drops the evidence files and the choices column. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('evidence_files').execute();
  await db.schema.alterTable('outbox').dropColumn('choices').execute();
}
