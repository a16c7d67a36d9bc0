import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDb } from '../../src/db/connect.js';
import { withSearchPath, type TestDb } from './db.js';

/**
 * Like `createTestDb`, but with no migration run: a fresh in-memory PGlite, or a fresh schema of
 * DATABASE_URL's database (dropped on close). The upgrade test migrates it step by step itself.
 */
export async function createEmptyTestDb(): Promise<TestDb> {
  const base = process.env.DATABASE_URL;
  if (!base) return { ...(await openDb({ kind: 'pglite', dataDir: null })), url: null };
  const schema = `u_${randomBytes(6).toString('hex')}`;
  const admin = await openDb({ kind: 'postgres', url: base }, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const url = withSearchPath(base, schema);
  const db = await openDb({ kind: 'postgres', url }, { poolSize: 4 });
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
