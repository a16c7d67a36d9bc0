import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DB_KIND, withSearchPath } from '../helpers/db.js';

describe.skipIf(DB_KIND !== 'postgres')('migrations in a database that already holds a Huiyin', () => {
  it('migrate a fresh schema next to a migrated one, as `huiyin migrate` does with a search_path', async () => {
    const base = process.env.DATABASE_URL as string;
    const admin = await openDb({ kind: 'postgres', url: base }, { poolSize: 1 });
    const [first, second] = [`m_${randomBytes(5).toString('hex')}`, `m_${randomBytes(5).toString('hex')}`];
    try {
      for (const s of [first, second]) await sql`create schema ${sql.id(s)}`.execute(admin.db);
      for (const s of [first, second]) {
        const db = await openDb({ kind: 'postgres', url: withSearchPath(base, s) }, { poolSize: 1 });
        try {
          expect((await migrateToLatest(db.db)).length).toBeGreaterThan(10);
          expect(await migrateToLatest(db.db)).toEqual([]);
        } finally {
          await db.close();
        }
      }
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = ${second} and table_name = 'kysely_migration'`.execute(admin.db);
      expect(rows[0]!.n).toBe(1);
    } finally {
      for (const s of [first, second]) await sql`drop schema if exists ${sql.id(s)} cascade`.execute(admin.db);
      await admin.close();
    }
  });
});
