import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connect.js';
import { runHuiyin } from '../helpers/cli.js';
import { childDb, type ChildDb } from '../helpers/child-db.js';
import { DB_KIND } from '../helpers/db.js';

// The scripted conversation of the "done when": piped into `huiyin chat`, it must end with a case.
const SCRIPT = [
  '我要举报',
  '郫县团结镇有家饲料厂晚上粉尘很大',
  '不对，是温江区',
  '每天晚上十点以后',
  '/photo photo-001',
  '没有',
  '希望停产整改',
  '3',
  '李四 13912345678',
  '1',
].join('\n');

let child: ChildDb;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  child = await childDb('chat');
  env = { ...child.env };
});
afterAll(async () => {
  await child?.dispose();
});

describe(`huiyin chat on ${DB_KIND}`, () => {
  it('takes a piped conversation to a case number, and the case row holds what was said', async () => {
    const out = await runHuiyin(['chat', '--user', 'script-user'], SCRIPT, env);
    expect(out.code, out.stderr).toBe(0);
    const number = /HY-\d{8}-\d{4}/.exec(out.stdout)?.[0];
    expect(number, out.stdout).toBeDefined();
    expect(out.stdout.trimEnd().split('\n').some((l) => l.includes(number!) && l.startsWith('回音>'))).toBe(true);

    const db = await child.open();
    try {
      const c = await db.db.selectFrom('cases').selectAll().where('number', '=', number!).executeTakeFirstOrThrow();
      expect(c).toMatchObject({
        categories: ['air'],
        subcategory: 'dust',
        district_name: '温江区',
        city: '成都市',
        night: true,
        identity_mode: 'real_name',
        contact_name: '李四',
        contact_phone: '13912345678',
        channel: 'terminal',
        demand: '希望停产整改',
        unit_id: 'cd-wenjiang-eeb',
      });
      expect(c.target).toContain('饲料厂');
      expect(c.time_text).toContain('晚上');
      expect(c.evidence).toEqual([{ kind: 'photo', ref: 'photo-001' }]);
    } finally {
      if (!child.shared) await db.close();
    }
  });

  it('prints usage for an unknown command and exits non-zero', async () => {
    const out = await runHuiyin(['frobnicate'], '', env);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/unknown command/);
  });

  it('refuses a bad configuration with a readable message', async () => {
    const out = await runHuiyin(['migrate'], '', { ...env, DATABASE_URL: 'mysql://nope', HUIYIN_PORT: 'eighty' });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/DATABASE_URL/);
    expect(out.stderr).toMatch(/HUIYIN_PORT/);
  });
});

describe.runIf(DB_KIND === 'pglite')('one process per PGlite data directory', () => {
  it('refuses a second process on the same data directory with a clear message, and frees it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huiyin-lock-'));
    try {
      const first = await openDb({ kind: 'pglite', dataDir: dir });
      const second = await runHuiyin(['migrate'], '', { DATABASE_URL: '', HUIYIN_DATA_DIR: dir });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/another Huiyin process is using/);
      await first.close();
      const third = await runHuiyin(['migrate'], '', { DATABASE_URL: '', HUIYIN_DATA_DIR: dir });
      expect(third.code, third.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
