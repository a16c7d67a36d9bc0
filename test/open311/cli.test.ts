import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { clientByKey } from '../../src/db/repo/open311.js';
import { childDb, type ChildDb } from '../helpers/child-db.js';
import { runHuiyin } from '../helpers/cli.js';
import { DB_KIND } from '../helpers/db.js';

let child: ChildDb;

/** Runs `fn` on the command's database, closing it afterwards when it is the test's own (PGlite allows one opener). */
async function onDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await child.open();
  try {
    return await fn(db);
  } finally {
    if (!child.shared) await db.close();
  }
}

beforeAll(async () => {
  child = await childDb('open311');
});
afterAll(async () => {
  await child?.dispose();
});

describe(`huiyin open311 key on ${DB_KIND}`, () => {
  it('prints a key once, alone on stdout, that the API accepts; the database keeps its hash only', async () => {
    const r = await runHuiyin(['open311', 'key', 'add', '--name', 'fixmystreet-cd'], '', child.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^o311_[A-Za-z0-9_-]{43}\n$/);
    expect(r.stderr).toMatch(/only this once/);
    const key = r.stdout.trim();
    expect(await onDb((db) => clientByKey(db.db, key, new Date()))).toMatchObject({ name: 'fixmystreet-cd' });
    const rows = await onDb((db) => db.db.selectFrom('open311_clients').selectAll().execute());
    expect(JSON.stringify(rows)).not.toContain(key.slice(5));
  });

  it('revokes every key of a client, and refuses a missing name', async () => {
    const key = (await runHuiyin(['open311', 'key', 'add', '--name', 'fixmystreet-cd'], '', child.env)).stdout.trim();
    const r = await runHuiyin(['open311', 'key', '--revoke', '--name', 'fixmystreet-cd'], '', child.env);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: expect.stringContaining('revoked 2 keys of fixmystreet-cd') });
    expect(await onDb((db) => clientByKey(db.db, key, new Date()))).toBeNull();
    expect(await runHuiyin(['open311', 'key', 'add'], '', child.env)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('--name') });
  });
});
