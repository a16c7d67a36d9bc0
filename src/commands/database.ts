import type { Config } from '../config.js';
import { openDb } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Db } from '../db/connect.js';

/** `huiyin migrate`: brings the schema up to date and says what it applied. */
export async function migrate(config: Config): Promise<void> {
  const db = await openDb(config.db);
  try {
    const applied = await migrateToLatest(db.db);
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
  } finally {
    await db.close();
  }
}

/** Runs `fn` on the configured database, migrated first, and closes it afterwards. */
export async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(config.db);
  try {
    await migrateToLatest(db.db);
    return await fn(db);
  } finally {
    await db.close();
  }
}
