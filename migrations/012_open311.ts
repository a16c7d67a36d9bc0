import { sql, type Kysely } from 'kysely';

/**
 * Open311 GeoReport v2 clients and the requests they posted. A client's `api_key` is kept only
 * as the SHA-256 of its text, as staff API tokens are: a copy of the database does not let anyone
 * post as the client. Revoking keeps the row, so an audit can still say whose key it was.
 *
 * A request row is the channel's own note of a POST: which client sent it, and the reporter's
 * e-mail and the client's account and device ids, which the `cases` table has no column for. It
 * is reporter data: only the unit handling the case may use it to answer, and no GET returns it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('open311_clients')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('open311_clients_name').on('open311_clients').column('name').execute();

  await db.schema
    .createTable('open311_requests')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'bigint', (c) => c.notNull().references('cases.id'))
    .addColumn('client_id', 'bigint', (c) => c.notNull().references('open311_clients.id'))
    // True when the request joined an open case of the same problem instead of opening one.
    .addColumn('joined', 'boolean', (c) => c.notNull())
    .addColumn('contact_email', 'text')
    .addColumn('account_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('open311_requests_case').on('open311_requests').column('case_id').execute();
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('open311_requests').ifExists().execute();
  await db.schema.dropTable('open311_clients').ifExists().execute();
}
