import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import type { Database } from './schema.js';

/** Where the data lives: a PostgreSQL URL, a PGlite data directory, or PGlite in memory. */
export type DbTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

/** An open database and how to close it. */
export interface Db {
  db: Kysely<Database>;
  kind: DbTarget['kind'];
  close(): Promise<void>;
}

// int8 (bigserial ids, count(*)) comes back as a string from both drivers, so ids compare and
// serialise the same on PGlite and PostgreSQL; counts are cast with ::int where a number is wanted.
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (v: string) => v);

/** Opens the database named by `target`. PGlite creates its data directory on first use. */
export async function openDb(target: DbTarget, options: { poolSize?: number; onConnectionError?: (err: Error) => void } = {}): Promise<Db> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
    // When the server stops or the network drops, a connection dies and its client emits 'error':
    // unheard, that kills the process. The pool drops the dead client and the next query fails
    // (and is handled) on its own, so these only need noting. Idle clients report through the
    // pool; a client checked out between two statements reports on itself.
    const onError = (err: Error) => options.onConnectionError?.(err);
    pool.on('error', onError);
    pool.on('connect', (client) => client.on('error', onError));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  // A PGlite data directory must be opened by one process only; two would corrupt it. The lock
  // turns "huiyin chat while npm start runs" into a clear message instead.
  let release: (() => Promise<void>) | null = null;
  if (target.dataDir) {
    mkdirSync(target.dataDir, { recursive: true });
    try {
      release = await lockfile.lock(target.dataDir, { stale: 15_000, update: 5_000 });
    } catch (err) {
      if ((err as { code?: string }).code !== 'ELOCKED') throw err;
      throw new Error(`another Huiyin process is using ${target.dataDir}: stop it first, or set DATABASE_URL to share a PostgreSQL server`);
    }
  }
  const client = await PGlite.create({ dataDir: target.dataDir ?? undefined, parsers: { [INT8_OID]: (v: string) => v } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
      await release?.();
    },
  };
}
