import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/db/connect.js';
import { createTestDb, DB_KIND, type TestDb } from './db.js';

/**
 * A database for a `huiyin` child process: a fresh PGlite data directory, or a fresh schema on
 * PostgreSQL; `env` points the child at it, `open()` lets the test look afterwards.
 */
export interface ChildDb {
  env: NodeJS.ProcessEnv;
  /** The database the child wrote to; on PGlite open it only after the child exited, and close it. */
  open(): Promise<Db>;
  /** Whether `open()` returns a shared handle the test must not close. */
  shared: boolean;
  dispose(): Promise<void>;
}

/** Creates the database a child process will use. */
export async function childDb(prefix: string): Promise<ChildDb> {
  if (DB_KIND === 'postgres') {
    const pg: TestDb = await createTestDb();
    return { env: { DATABASE_URL: pg.url ?? '' }, open: async () => pg, shared: true, dispose: () => pg.close() };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `huiyin-${prefix}-`));
  return {
    env: { DATABASE_URL: '', HUIYIN_DATA_DIR: dataDir },
    open: () => openDb({ kind: 'pglite', dataDir }),
    shared: false,
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
