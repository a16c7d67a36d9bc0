import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDb, type Db, type DbTarget } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** Which database the suite runs on: real PostgreSQL when DATABASE_URL is set, else PGlite. */
export const DB_KIND: DbTarget['kind'] = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** A migrated database of its own for one test file, and how to throw it away. */
export interface TestDb extends Db {
  /** The PostgreSQL URL of this file's schema (null on PGlite), for a second connection or a child process. */
  url: string | null;
}

/**
 * On PGlite: a fresh in-memory database. On PostgreSQL: a fresh schema in DATABASE_URL's database,
 * so test files running in parallel never see each other's rows; dropped on close.
 */
export async function createTestDb(): Promise<TestDb> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await openDb({ kind: 'pglite', dataDir: null });
    await migrateToLatest(db.db);
    return { ...db, url: null };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openDb({ kind: 'postgres', url: base }, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const url = withSearchPath(base, schema);
  const db = await openDb({ kind: 'postgres', url }, { poolSize: 8 });
  // No schema named: the default must find the search_path's own, with other schemas migrated beside it.
  await migrateToLatest(db.db);
  return {
    ...db,
    url,
    close: async () => {
      await db.close();
      const cleanup = await openDb({ kind: 'postgres', url: base }, { poolSize: 1 });
      await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}

/** `url` with its connections' search_path set to `schema`. */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
