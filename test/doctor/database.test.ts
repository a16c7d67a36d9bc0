import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { checkDatabase } from '../../src/doctor/database.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { DB_KIND, createTestDb, withSearchPath, type TestDb } from '../helpers/db.js';

const ALL = Object.keys(MIGRATIONS).length;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'huiyin-doctor-db-'));

// The suite's database as a fresh, empty place: a PGlite directory, or a new PostgreSQL schema.
async function emptyTarget(cleanups: (() => Promise<void>)[]): Promise<NodeJS.ProcessEnv> {
  if (DB_KIND === 'pglite') {
    const dataDir = join(tmp(), 'pg');
    const db = await openDb({ kind: 'pglite', dataDir });
    await db.close();
    return { HUIYIN_DATA_DIR: dataDir };
  }
  const base = process.env.DATABASE_URL!;
  const schema = `doctor_${Date.now()}_${process.pid}`;
  const admin = await openDb({ kind: 'postgres', url: base }, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  cleanups.push(async () => {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  });
  return { DATABASE_URL: withSearchPath(base, schema) };
}

describe('doctor: database', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('fails on a PGlite directory that holds no database, and does not create one', async () => {
    const dataDir = join(tmp(), 'never-started');
    const r = await checkDatabase(loadConfig({ HUIYIN_DATA_DIR: dataDir }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('run huiyin migrate');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('fails on a PostgreSQL server that does not answer, naming DATABASE_URL and hiding the password', async () => {
    const r = await checkDatabase(loadConfig({ DATABASE_URL: 'postgres://huiyin:secret@127.0.0.1:1/huiyin' }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^PostgreSQL 127\.0\.0\.1:1\/huiyin: .*ECONNREFUSED.*check DATABASE_URL$/);
    expect(r.message).not.toContain('secret');
  });

  it('lists pending migrations on an unmigrated database and leaves them pending', async () => {
    const env = await emptyTarget(cleanups);
    const r = await checkDatabase(loadConfig(env));
    expect(r).toMatchObject({ status: 'warn', name: 'database' });
    expect(r.message).toContain(`0 migrations applied, ${ALL} pending (001_intake,`);
    expect(r.message).toContain('run huiyin migrate');
    expect((await checkDatabase(loadConfig(env))).message).toContain(`${ALL} pending`);
  });

  it('is ok on a migrated database', async () => {
    let env: NodeJS.ProcessEnv;
    let test: TestDb | null = null;
    if (DB_KIND === 'pglite') {
      const dataDir = join(tmp(), 'pg');
      const db = await openDb({ kind: 'pglite', dataDir });
      await migrateToLatest(db.db);
      await db.close();
      env = { HUIYIN_DATA_DIR: dataDir };
    } else {
      test = await createTestDb();
      env = { DATABASE_URL: test.url! };
    }
    try {
      const r = await checkDatabase(loadConfig(env));
      expect(r).toMatchObject({ status: 'ok', name: 'database' });
      expect(r.message).toMatch(new RegExp(`^(PGlite|PostgreSQL) .* reachable, ${ALL} migrations applied$`));
    } finally {
      await test?.close();
    }
  });
});
