import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { MIGRATIONS } from '../../migrations/index.js';
import type { Config } from '../config.js';
import { openDb } from '../db/connect.js';
import { failed, type CheckResult } from './result.js';

// Where the database is, for the message, without the password a DATABASE_URL may carry.
function describe(target: Config['db']): string {
  if (target.kind === 'pglite') return `PGlite ${target.dataDir ?? '(in memory)'}`;
  const u = new URL(target.url);
  return `PostgreSQL ${u.host}${u.pathname}`;
}

/**
 * The database answers and its schema is migrated, read only: pending migrations are listed,
 * never applied, and a PGlite directory that was never created is not created here.
 */
export async function checkDatabase(config: Config): Promise<CheckResult> {
  const where = describe(config.db);
  // PG_VERSION is what initdb writes first: without it, opening would create a new database.
  if (config.db.kind === 'pglite' && config.db.dataDir && !existsSync(join(config.db.dataDir, 'PG_VERSION'))) {
    return { status: 'fail', name: 'database', message: `${where} holds no database: run huiyin migrate (or set HUIYIN_DATA_DIR, or DATABASE_URL for PostgreSQL)` };
  }
  try {
    const db = await openDb(config.db, { poolSize: 1 });
    try {
      // Kysely keeps its bookkeeping in the connection's current schema, as migrateToLatest does.
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db.db)).rows[0]?.s;
      const migrator = new Migrator({ db: db.db, provider: { getMigrations: async () => MIGRATIONS }, migrationTableSchema: schema });
      const all = await migrator.getMigrations();
      const pending = all.filter((m) => !m.executedAt).map((m) => m.name);
      const applied = all.length - pending.length;
      if (pending.length > 0) {
        return { status: 'warn', name: 'database', message: `${where} reachable, ${applied} migrations applied, ${pending.length} pending (${pending.join(', ')}): run huiyin migrate` };
      }
      return { status: 'ok', name: 'database', message: `${where} reachable, ${applied} migrations applied` };
    } finally {
      await db.close();
    }
  } catch (err) {
    const r = failed('database', err);
    return { ...r, message: `${where}: ${r.message}: check ${config.db.kind === 'postgres' ? 'DATABASE_URL' : 'HUIYIN_DATA_DIR'}` };
  }
}
