import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/reports/digest.js';
import { childDb, type ChildDb } from '../helpers/child-db.js';
import { runHuiyin } from '../helpers/cli.js';
import { DB_KIND } from '../helpers/db.js';

/* `huiyin digest` as an operator runs it: clear refusals with exit 2, or the files and their paths. */

let child: ChildDb;
let publicDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  child = await childDb('digest-cli');
  publicDir = mkdtempSync(join(tmpdir(), 'huiyin-digest-cli-'));
  env = { ...child.env, HUIYIN_CONFIG_DIR: 'config', HUIYIN_PUBLIC_DIR: publicDir };
});
afterAll(async () => {
  await child?.dispose();
  if (publicDir) rmSync(publicDir, { recursive: true, force: true });
});

describe(`huiyin digest (${DB_KIND})`, () => {
  it.each([
    [['--from', '2026-11-01', '--to', '2026-11-03'], 'give either --city or --province'],
    [['--city', '成都市', '--province', '四川省', '--from', '2026-11-01', '--to', '2026-11-03'], 'give either --city or --province'],
    [['--city', '成都市', '--to', '2026-11-03'], '--from is missing (a date, YYYY-MM-DD)'],
    [['--city', '成都市', '--from', '2026-11-01'], '--to is missing (a date, YYYY-MM-DD)'],
    [['--city', '成都市', '--from', '2026-13-01', '--to', '2026-11-03'], '--from "2026-13-01" is not a date (YYYY-MM-DD)'],
    [['--city', '成都市', '--from', '2026-11-04', '--to', '2026-11-03'], '--from 2026-11-04 is after --to 2026-11-03'],
    [['--city', '北京市', '--from', '2026-11-01', '--to', '2026-11-03'], 'unknown city "北京市" (config/digests.yaml has: 成都市, 自贡市'],
    [['--province', '云南省', '--from', '2026-11-01', '--to', '2026-11-03'], 'unknown province "云南省" (config/digests.yaml has: 四川省)'],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await runHuiyin(['digest', ...args], '', env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`digest: ${message}`);
    expect(r.stderr).toContain('usage: huiyin digest --city NAME | --province NAME --from YYYY-MM-DD --to YYYY-MM-DD');
    expect(r.stdout).toBe('');
  });

  it('publishes a city digest and prints its files', { timeout: 120_000 }, async () => {
    const r = await runHuiyin(['digest', '--city', '成都市', '--from', '2026-11-01', '--to', '2026-11-03'], '', env, 120_000);
    expect(r.code, r.stderr).toBe(0);
    const base = join(publicDir, 'digests', 'city', '5101-chengdu', '2026-11-01_2026-11-03');
    expect(r.stdout.trim().split('\n')).toEqual([`${base}.html`, `${base}.csv`, `${base}-cases.csv`, `${base}.json`]);
    const digest = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Digest;
    expect(digest).toMatchObject({ kind: 'city', scope: { name: '成都市', name_en: 'Chengdu' }, period: { from: '2026-11-01', to: '2026-11-03' }, closed_cases: [] });
    expect(digest.stats.totals.received).toBe(0);
    expect(readFileSync(`${base}.html`, 'utf8')).toContain('本期没有完结的案件。');
    expect(existsSync(join(publicDir, 'digests', 'index.html'))).toBe(true);
  });

  it('publishes the province digest the same way', { timeout: 120_000 }, async () => {
    const r = await runHuiyin(['digest', '--province', '四川省', '--from', '2026-11-01', '--to', '2026-11-03'], '', env, 120_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(join(publicDir, 'digests', 'province', '51-sichuan', '2026-11-01_2026-11-03.html'));
    const index = JSON.parse(readFileSync(join(publicDir, 'digests', 'index.json'), 'utf8')) as { digests: { kind: string }[] };
    expect(index.digests.map((d) => d.kind).sort()).toEqual(['city', 'province']);
  });
});
