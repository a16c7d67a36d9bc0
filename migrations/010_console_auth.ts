import { sql, type Kysely } from 'kysely';

/**
 * Console sign-in: a password hash (scrypt) and the lockout counter on staff, the `admin` role,
 * and sessions kept in the database (by the SHA-256 of their cookie, with the CSRF token every
 * form must carry), so any instance can check a session and logout ends it everywhere.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('staff')
    .addColumn('password_hash', 'text')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .execute();
  await sql`alter table staff drop constraint if exists staff_role_check`.execute(db);
  await sql`alter table staff add constraint staff_role_check check (role in ('duty', 'chief', 'lead', 'handler', 'supervisor', 'admin'))`.execute(db);
  await db.schema
    .createTable('console_sessions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('staff_handle', 'text', (c) => c.notNull().references('staff.handle'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .execute();
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('console_sessions').ifExists().execute();
  await sql`alter table staff drop constraint if exists staff_role_check`.execute(db);
  await sql`alter table staff add constraint staff_role_check check (role in ('duty', 'chief', 'lead', 'handler', 'supervisor'))`.execute(db);
  await db.schema.alterTable('staff').dropColumn('password_hash').dropColumn('failed_logins').dropColumn('locked_until').execute();
}
