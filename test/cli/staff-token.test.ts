import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { staffToken } from '../../src/commands/staff-token.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/connect.js';
import { staffByToken } from '../../src/db/repo/api-tokens.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { childDb, type ChildDb } from '../helpers/child-db.js';
import { DB_KIND } from '../helpers/db.js';

let child: ChildDb;
let config: Config;

/** Runs `fn` on the command's database, closing it afterwards when it is the test's own (PGlite allows one opener). */
async function onDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await child.open();
  try {
    return await fn(db);
  } finally {
    if (!child.shared) await db.close();
  }
}

/** Runs the command in-process, returning its exit code and what it wrote. */
async function run(o: Parameters<typeof staffToken>[1]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: await staffToken(config, o), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  child = await childDb('token');
  config = loadConfig({ ...child.env, HUIYIN_CONFIG_DIR: 'config' });
  await onDb(async (db) => {
    await migrateToLatest(db.db);
    await db.db.insertInto('staff').values({ handle: 'pidu.handler', name: '王芳', unit_id: 'cd-pidu-eeb', role: 'handler', channel: 'telegram', external_id: '5550001', chat_id: '5550001' }).execute();
  });
});
afterAll(async () => {
  await child?.dispose();
});

describe(`huiyin staff token on ${DB_KIND}`, () => {
  it('prints a new token once, alone on stdout, that the API accepts', async () => {
    const r = await run({ handle: 'pidu.handler' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^hy_[A-Za-z0-9_-]{43}\n$/);
    expect(r.stderr).toMatch(/only this once/);
    const token = r.stdout.trim();
    expect(await onDb((db) => staffByToken(db.db, token, new Date()))).toEqual({ handle: 'pidu.handler', unit_id: 'cd-pidu-eeb', role: 'handler' });
    const second = await run({ handle: 'pidu.handler' });
    expect(second.stdout.trim()).not.toBe(token);
  });

  it('refuses a missing or unknown handle', async () => {
    expect(await run({})).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('--handle') });
    expect(await run({ handle: 'nobody' })).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('no active staff') });
  });

  it('revokes every token of a handle', async () => {
    const token = (await run({ handle: 'pidu.handler' })).stdout.trim();
    const r = await run({ handle: 'pidu.handler', revoke: true });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'revoked 3 tokens of pidu.handler\n' });
    expect(await onDb((db) => staffByToken(db.db, token, new Date()))).toBeNull();
  });
});
