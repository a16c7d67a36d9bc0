import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCases, importRows, readLegacyCsv } from '../../src/commands/import.js';
import { loadConfig } from '../../src/config.js';
import { loadRouting } from '../../src/routing/load.js';
import { childDb } from '../helpers/child-db.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';
import { legacyCsv, type ExpectedCase } from '../helpers/legacy-csv.js';

const routing = loadRouting('config');
// The file's dates are checked against this: 2026-11-28 12:00 in Chengdu.
const NOW = new Date('2026-11-28T12:00:00+08:00');
const ROWS = 10_000;

let db: TestDb;
let dir: string;

beforeAll(async () => {
  db = await createTestDb();
  dir = mkdtempSync(join(tmpdir(), 'huiyin-import-'));
});
afterAll(async () => {
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A stream that keeps what is written to it. */
function sink(): Writable & { text: string } {
  const s = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        s.text += chunk.toString();
        done();
      },
    }),
    { text: '' },
  );
  return s;
}

/** Writes `text` to a file of the temp dir and imports it into the test database; `tty` makes stderr look like a terminal. */
async function run(name: string, text: string | Buffer, tty = false): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const started = performance.now();
  const file = readLegacyCsv(path);
  if ('problem' in file) throw new Error(file.problem);
  const out = sink();
  const err = Object.assign(sink(), { isTTY: tty });
  const code = await importRows({ db: db.db, routing, timeZone: 'Asia/Shanghai', now: NOW, out, err }, file);
  return { code, stdout: out.text, stderr: err.text, ms: performance.now() - started };
}

/** The summary the import must print for a generated file. */
function expectedSummary(good: readonly ExpectedCase[], bad: readonly { line: number; reason: string }[], blank: number): string {
  const desk = good.filter((c) => c.triageDesk !== null);
  const lines = [`imported ${good.length}, skipped ${bad.length}`, ...[...bad].sort((a, b) => a.line - b.line).map((b) => `line ${b.line}: ${b.reason}`)];
  if (desk.length > 0) lines.push(`routed to the triage desk (cd-city-eeb), no unit owns their place: ${desk.length}`, ...desk.map((c) => `line ${c.line}: ${c.number}: ${c.triageDesk}`));
  if (blank > 0) lines.push(`blank rows passed over: ${blank}`);
  return `${lines.join('\n')}\n`;
}

const EVENTS: Record<ExpectedCase['status'], string[]> = {
  registered: ['registered', 'routed'],
  accepted: ['registered', 'routed', 'accepted'],
  forwarded: ['registered', 'routed', 'accepted', 'forwarded'],
  in_progress: ['registered', 'routed', 'accepted', 'in_progress'],
};

/** Every imported case with its events, oldest first, by number. */
async function importedCases() {
  const cases = await db.db
    .selectFrom('cases')
    .innerJoin('reporters', 'reporters.id', 'cases.reporter_id')
    .select(['cases.id', 'number', 'status', 'registered_at', 'unit_id', 'routing_rule', 'cases.channel', 'cases.identity_mode', 'cases.lang', 'urgent', 'district_name', 'reporters.channel as reporter_channel', 'reporters.external_id as reporter_external_id'])
    .where('cases.channel', '=', 'import')
    .execute();
  const events = await db.db.selectFrom('case_events').select(['case_id', 'type', 'actor', 'at', 'data']).where('case_id', 'in', cases.length > 0 ? cases.map((c) => c.id) : ['0']).orderBy('case_id').orderBy('id').execute();
  const byCase = new Map<string, typeof events>();
  for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
  return new Map(cases.map((c) => [c.number, { ...c, events: byCase.get(c.id) ?? [] }]));
}

// The tests share one database and run in order: the first import's numbers are in the big file.
describe(`huiyin import on ${DB_KIND}`, () => {
  const old = `number,Description,District,Type,Received Date,Status\r\nOLD-001,锦江区有家火锅店油烟很大,,大气,2026/11/3,new\r\nOLD-002,"工地晚上施工,噪音很大",武侯区,noise,2026年11月3日,In Progress\r\nOLD-003,垃圾堆放发臭,郫都区,,2026-11-03 09:15,已转办\r\n`;

  it('imports a small file with English headers, keeping the numbers and received dates', async () => {
    const r = await run('old.csv', old);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('imported 3, skipped 0\n');
    expect(r.stderr).toBe('');
    const cases = await importedCases();
    expect([...cases.keys()].sort()).toEqual(['OLD-001', 'OLD-002', 'OLD-003']);
    expect(cases.get('OLD-001')).toMatchObject({ status: 'registered', unit_id: 'cd-urban-mgmt', registered_at: new Date('2026-11-03T00:00:00+08:00') });
    expect(cases.get('OLD-002')).toMatchObject({ status: 'in_progress', unit_id: 'cd-housing', district_name: '武侯区' });
    expect(cases.get('OLD-003')).toMatchObject({ status: 'forwarded', unit_id: 'cd-pidu-eeb', registered_at: new Date('2026-11-03T09:15:00+08:00') });
    expect(cases.get('OLD-003')!.events.map((e) => [e.type, e.actor, e.data])).toEqual([
      ['registered', 'import:old.csv', { number: 'OLD-003', source: 'legacy', line: 4, original_status: '已转办' }],
      ['routed', 'system:routing', { unit: 'cd-pidu-eeb', rule: '属地生态环境局（成都各区县）' }],
      ['accepted', 'import:old.csv', { imported: true }],
      ['forwarded', 'import:old.csv', { from: null, to: 'cd-pidu-eeb', back: 'accepted' }],
    ]);
  });

  const big = legacyCsv({ rows: ROWS, existing: ['OLD-001', 'OLD-002'] });

  it(`imports ${ROWS.toLocaleString('en')} rows: exactly the good ones, with their events; every bad row reported on its line`, { timeout: 180_000 }, async () => {
    expect(big.bad.length).toBeGreaterThanOrEqual(40);
    const r = await run('cases.csv', big.text);
    console.info(`import of ${ROWS} rows on ${DB_KIND}: ${Math.round(r.ms)} ms (${big.good.length} imported, ${big.bad.length} skipped)`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expectedSummary(big.good, big.bad, big.blank));
    // Not a terminal: a progress line every 1000 rows instead of a bar.
    expect(r.stderr).toBe(['note: column "备注" is not imported', ...Array.from({ length: 10 }, (_, i) => `import: ${(i + 1) * 1000} of ${ROWS} rows`)].join('\n') + '\n');

    const cases = await importedCases();
    const expected = new Map(big.good.map((c) => [c.number, c]));
    expect(cases.size).toBe(big.good.length + 3);
    for (const [number, e] of expected) {
      const c = cases.get(number);
      expect(c, number).toBeDefined();
      expect({ number, status: c!.status, registered_at: c!.registered_at, channel: c!.channel, identity_mode: c!.identity_mode, lang: c!.lang, urgent: c!.urgent }).toEqual({
        number,
        status: e.status,
        registered_at: e.registeredAt,
        channel: 'import',
        identity_mode: 'anonymous',
        lang: 'zh',
        urgent: false,
      });
      expect(c!.reporter_channel === 'import' && c!.reporter_external_id === 'legacy').toBe(true);
      if (e.triageDesk) expect([c!.unit_id, c!.routing_rule]).toEqual(['cd-city-eeb', 'fallback']);
      else expect(c!.unit_id, number).toMatch(/^cd-[a-z-]+$/);
      expect(c!.events.map((ev) => ev.type)).toEqual(EVENTS[e.status]);
      for (const ev of c!.events) expect(ev.at).toEqual(e.registeredAt);
      expect(c!.events[0]!.data).toEqual({ number, source: 'legacy', line: e.line, original_status: e.originalStatus });
      expect(c!.events[1]!.data).toEqual({ unit: c!.unit_id, rule: c!.routing_rule });
      if (e.status === 'forwarded') expect(c!.events[3]!.data).toEqual({ from: null, to: c!.unit_id, back: 'accepted' });
    }
    // Nothing of a bad row: no case and no event beyond the good rows' (and the first file's).
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from case_events e join cases c on c.id = e.case_id where c.channel = 'import'`.execute(db.db);
    expect(rows[0]!.n).toBe(big.good.reduce((n, e) => n + EVENTS[e.status].length, 0) + 2 + 4 + 4);
    expect(cases.has('JC2026-10001')).toBe(false);
  });

  it('reports every row of the same file again as an existing number, and imports nothing', { timeout: 120_000 }, async () => {
    const before = await importedCases();
    const r = await run('cases.csv', big.text);
    expect(r.code).toBe(0);
    const again = big.good.map((c) => ({ line: c.line, reason: `number ${c.number} already exists in the database` }));
    expect(r.stdout).toBe(expectedSummary([], [...big.bad, ...again], big.blank));
    const after = await importedCases();
    expect(after.size).toBe(before.size);
    expect([...after.values()].reduce((n, c) => n + c.events.length, 0)).toBe([...before.values()].reduce((n, c) => n + c.events.length, 0));
  });

  it('writes the other rows of a batch when the database refuses one of them', async () => {
    // A row the checks let through but the database refuses: stands for any failure the checks cannot foresee.
    await sql`create function refuse_marked() returns trigger language plpgsql as $$
      begin if new.description like '%拒收%' then raise exception 'refused for the test'; end if; return new; end $$`.execute(db.db);
    await sql`create trigger refuse_marked before insert on cases for each row execute function refuse_marked()`.execute(db.db);
    try {
      const text = ['编号,描述,区县,类型,受理日期,状态', 'B-1,塑料厂排黑烟,锦江区,,2026-11-01,待受理', 'B-2,拒收：塑料厂排黑烟,青羊区,,2026-11-01,待受理', 'B-3,塑料厂排黑烟,金牛区,,2026-11-01,已受理'].join('\n');
      const r = await run('batch.csv', text);
      expect(r.stdout).toBe('imported 2, skipped 1\nline 3: the database refused the row: refused for the test\n');
      const cases = await importedCases();
      expect(['B-1', 'B-2', 'B-3'].map((n) => cases.has(n))).toEqual([true, false, true]);
      expect(cases.get('B-3')!.events.map((e) => e.type)).toEqual(['registered', 'routed', 'accepted']);
    } finally {
      await sql`drop trigger refuse_marked on cases`.execute(db.db);
      await sql`drop function refuse_marked()`.execute(db.db);
    }
  });

  it('counts lines across quoted line breaks (LF, CRLF, a lone CR) and blank lines', async () => {
    const text = '编号,描述,区县,类型,受理日期,状态\r\n\r\nL-1,"塑料厂\r\n排黑烟\n很呛",锦江区,,2026-11-01,待受理\r\nL-2,,锦江区,,2026-11-01,待受理\rL-3,"多行\r\n\r\n描述",锦江区,,2026-11-01,挂起\nL-4,塑料厂排黑烟,锦江区,2026-11-01,待受理';
    const r = await run('lines.csv', text);
    expect(r.stdout).toBe(
      [
        'imported 1, skipped 3',
        'line 6: empty description',
        'line 7: unknown status "挂起" (known: 待受理/登记/new, 已受理/accepted, 已转办/forwarded, 办理中/处理中/in progress)',
        'line 10: wrong number of columns: 5, the header has 6',
        '',
      ].join('\n'),
    );
    const cases = await importedCases();
    expect(cases.get('L-1')!.events[0]!.data).toMatchObject({ line: 3 });
  });

  it('shows a progress bar when stderr is a terminal', async () => {
    const small = legacyCsv({ rows: 40, withBad: false, header: ['编号', '描述', '区县', '类型', '接收日期', '办理状态', '备注'] });
    const r = await run('bar.csv', small.text.replaceAll('JC2026-', 'BAR-'), true);
    expect(r.stdout).toBe(expectedSummary(small.good.map((c) => ({ ...c, number: c.number.replace('JC2026-', 'BAR-') })), [], small.blank));
    expect(r.stderr).toContain('importing [');
    expect(r.stderr).toContain('40/40 rows');
    expect(r.stderr).not.toMatch(/^import: /m);
  });
});

describe('huiyin import, the command', () => {
  /** Runs the command with stdout and stderr captured. */
  async function command(path: string | undefined, env: NodeJS.ProcessEnv = { HUIYIN_CONFIG_DIR: 'config', DATABASE_URL: '' }) {
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
    try {
      return { code: await importCases(loadConfig(env), path), stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }
  const file = (name: string, content: string | Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  it('exits 2 without a file', async () => {
    const r = await command(undefined);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: huiyin import FILE\.csv/);
  });

  it('exits 1 on a file it cannot read as a case list, saying why, before opening the database', async () => {
    const missing = await command(join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^import: cannot read .*nope\.csv: ENOENT/);

    // 锦江区 in GBK: not UTF-8.
    const gbk = Buffer.concat([Buffer.from('编号,描述,区县,受理日期,状态\nG-1,塑料厂,'), Buffer.from([0xbd, 0xf5, 0xbd, 0xad, 0xc7, 0xf8]), Buffer.from(',2026-11-01,待受理\n')]);
    const notUtf8 = await command(file('gbk.csv', gbk));
    expect(notUtf8.code).toBe(1);
    expect(notUtf8.stderr).toMatch(/gbk\.csv is not UTF-8 text \(line 2 has bytes that are not UTF-8\): only UTF-8 is read/);

    const empty = await command(file('empty.csv', ''));
    expect([empty.code, empty.stderr]).toEqual([1, `import: ${join(dir, 'empty.csv')} has no header row\n`]);

    const header = await command(file('header.csv', '编号,说明,受理日期,受理日期\nH-1,x,2026-11-01,2026-11-01\n'));
    expect(header.code).toBe(1);
    expect(header.stderr).toMatch(/line 1: columns 3 and 4 are both the received column \("受理日期", "受理日期"\); no description column \(.*\); no status column/);

    // The configuration is never read for a database: a bad DATABASE_URL would have failed loadConfig, so point at none.
    expect(missing.stdout + notUtf8.stdout + empty.stdout + header.stdout).toBe('');
  });

  it(`imports through the configured database (${DB_KIND}), migrating it first`, { timeout: 120_000 }, async () => {
    const child = await childDb('import');
    try {
      const small = legacyCsv({ rows: 30, withBad: false });
      const r = await command(file('small.csv', small.text), { ...child.env, HUIYIN_CONFIG_DIR: 'config' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(expectedSummary(small.good, [], small.blank));
      const opened = await child.open();
      try {
        const n = await opened.db.selectFrom('cases').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
        expect(n.n).toBe(30);
      } finally {
        if (!child.shared) await opened.close();
      }
    } finally {
      await child.dispose();
    }
  });
});
