import { sql, type Kysely } from 'kysely';

/**
 * Bearer tokens for the staff JSON API, and the answers it gave to requests with an
 * `Idempotency-Key`. A token is kept only as the SHA-256 of its text: a copy of the database does
 * not let anyone act as staff. Revoking keeps the row, so an audit can still say whose token it
 * was. A request row holds the first answer to a staff member's key and a hash of what was asked,
 * so a retry gets the same answer and a key reused for another request is told apart.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('staff_handle', 'text', (c) => c.notNull().references('staff.handle'))
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_tokens_staff').on('api_tokens').column('staff_handle').execute();

  await db.schema
    .createTable('api_requests')
    .addColumn('staff_handle', 'text', (c) => c.notNull().references('staff.handle'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'bytea', (c) => c.notNull())
    .addColumn('response', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('api_requests_pk', ['staff_handle', 'key'])
    .execute();
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_requests').ifExists().execute();
  await db.schema.dropTable('api_tokens').ifExists().execute();
}
