/**
 * Scale figures (issue 8 item 6), all from one run on real PostgreSQL: load BENCH_SCALE_CASES
 * (1,000,000) cases of two years into a fresh schema, then time the duplicate lookup at intake,
 * the status reply, the city digest of three days, the memory of BENCH_SCALE_CHATS (10,000)
 * conversations open in one process, and the start-up of `huiyin start` on PGlite and PostgreSQL.
 * Prints a markdown table. Run: `npx tsx bench/scale.ts` (BENCH_SCALE_CASES=100000 for a quick one;
 * BENCH_SCALE_KEEP=1 keeps the schema for EXPLAIN).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { loadCaseRules } from '../src/cases/rules.js';
import { openDb } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { caseStats } from '../src/db/repo/case-stats.js';
import { closedInPeriod } from '../src/db/repo/digests.js';
import type { LifecycleDeps } from '../src/db/repo/lifecycle.js';
import { loadDigestConfig } from '../src/disclosure/config.js';
import { DigestService } from '../src/disclosure/service.js';
import { addDays, localTime } from '../src/routing/calendar.js';
import { loadRouting } from '../src/routing/load.js';
import { HUIYIN_BIN } from '../test/helpers/cli.js';
import { scaleEngine } from './scale-engine.js';
import { loadScaleCases } from './scale-load.js';
import { askers, missedDuplicates, percentile, reportSites, timeDuplicateLookups, timePublicLists, timeStatusQueries, type Timings } from './scale-lookups.js';
import type { MemoryResult } from './scale-memory.js';
import { scalePlaces } from './scale-places.js';
import { timeStart, type StartTiming } from './scale-start.js';

const BASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const CASES = Number(process.env.BENCH_SCALE_CASES ?? 1_000_000);
const CHATS = Number(process.env.BENCH_SCALE_CHATS ?? 10_000);
const CALLS = Number(process.env.BENCH_SCALE_CALLS ?? 1_000);
const TZ = 'Asia/Shanghai';

const rows: [string, string, string][] = [];
const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
const s = (v: number) => `${(v / 1000).toFixed(1)} s`;
const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
const n = (v: number) => v.toLocaleString('en-US');
const p50p99 = (t: Timings) => `p50 ${ms(percentile(t.ms, 50))}, p99 ${ms(percentile(t.ms, 99))} (max ${ms(t.ms[t.ms.length - 1] ?? NaN)})`;
const say = (line: string) => process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** `url` with its connections' search_path (and any other settings) given. */
function withOptions(url: string, options: string): string {
  const u = new URL(url);
  u.searchParams.set('options', options);
  return u.toString();
}

/** Runs the memory child and parses its line. */
function memoryChild(url: string, chats: number): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', new URL('./scale-memory.ts', import.meta.url).pathname, url, String(chats)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as MemoryResult) : reject(new Error(`memory child exited ${code}: ${out}`))));
  });
}

/** `huiyin digest` as an operator runs it, wall-clock from spawn to exit. */
function digestCommand(env: NodeJS.ProcessEnv, args: string[]): number {
  const t = performance.now();
  execFileSync(process.execPath, [HUIYIN_BIN, 'digest', ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t;
}

const started = performance.now();
const routing = loadRouting('config');
const caseRules = loadCaseRules('config');
const lifecycle: LifecycleDeps = { policy: caseRules.clocks, calendar: routing.calendar, timeZone: TZ, units: routing.units };
const places = scalePlaces(routing);
const schema = `scale_${randomBytes(4).toString('hex')}`;
const admin = await openDb({ kind: 'postgres', url: BASE_URL }, { poolSize: 1 });
await sql`create schema ${sql.id(schema)}`.execute(admin.db);
const url = withOptions(BASE_URL, `-c search_path=${schema}`);
const db = await openDb({ kind: 'postgres', url }, { poolSize: 4 });
const publicDir = mkdtempSync(join(tmpdir(), 'huiyin-scale-public-'));
try {
  await migrateToLatest(db.db, schema);
  const now = new Date();

  // 1. The data. The loading connection may sort in memory; the measured ones keep the server's defaults.
  say(`loading ${n(CASES)} cases into ${schema}`);
  const loader = await openDb({ kind: 'postgres', url: withOptions(BASE_URL, `-c search_path=${schema} -c work_mem=256MB -c maintenance_work_mem=512MB -c synchronous_commit=off`) }, { poolSize: 1 });
  const loaded = await loadScaleCases(loader.db, CASES, now, places).finally(() => loader.close());
  const loadMs = Object.values(loaded.ms).reduce((a, b) => a + b, 0);
  rows.push([
    `${n(loaded.cases)} cases loaded`,
    `${s(loadMs)} (reporters ${s(loaded.ms.reporters)}, cases ${s(loaded.ms.cases)}, followers ${s(loaded.ms.followers)}, events ${s(loaded.ms.events)}, ANALYZE ${s(loaded.ms.analyze)})`,
    `${n(loaded.reporters)} reporters, ${n(loaded.followers)} case_reporters, ${n(loaded.events)} case_events; last 730 days, 183 Sichuan counties (~60% Chengdu), statuses by age, pins GCJ-02 (WeChat) / WGS-84; set-based insert … select from generate_series, then ANALYZE`,
  ]);
  const size = (await sql<{ b: string }>`select sum(pg_total_relation_size(c.oid))::text as b from pg_class c join pg_namespace ns on ns.oid = c.relnamespace where ns.nspname = ${schema} and c.relkind = 'r'`.execute(db.db)).rows[0]!.b;
  rows.push(['database size', mib(Number(size)), 'pg_total_relation_size of every table in the schema (tables + indexes + TOAST)']);

  // 2. Duplicate lookup, as the engine calls it when a reporter confirms.
  say('duplicate lookups');
  const sites = await reportSites(db.db, CALLS, places, caseRules.repeats, now);
  await timeDuplicateLookups(db.db, sites.slice(0, 50), caseRules.repeats, now);
  const dup = await timeDuplicateLookups(db.db, sites, caseRules.repeats, now);
  rows.push([`duplicate lookup (${n(sites.length)} calls)`, p50p99(dup), `findDuplicates(db, site, config/repeats.yaml, now) one after another; half the sites repeat an open case of the 30-day window (pin ~200 m off or town only), half are new; ${n(dup.hits)} offered a case`]);
  const miss = await missedDuplicates(db.db, sites, caseRules.repeats, now);
  rows.push(['duplicate lookup: matches missed', `${n(miss.missed)} of ${n(sites.length)} (${n(miss.missedWithPin)} of the ${n(miss.withPin)} with a pin)`, 'calls that offered nothing although an open case of the window is the same problem by sameProblem (checked without the query\'s 200-row limit)']);

  // 3. Status: the reads of the status reply, then the whole turn a citizen's question takes.
  say('status queries');
  const who = await askers(db.db, CALLS + Math.ceil(CALLS / 2));
  const status = await timeStatusQueries(db.db, who.slice(0, CALLS), lifecycle, now);
  rows.push([`status by case number (${n(status.byNumber.ms.length)} calls)`, p50p99(status.byNumber), `caseDetail(db, reporter, number) for random cases of the two years and their reporter; ${n(status.byNumber.hits)} found`]);
  rows.push([`status without a number (${n(status.latest.ms.length)} calls)`, p50p99(status.latest), 'what the engine does for "/status": followedCases(openOnly), then the latest case in full (caseDetail)']);
  const engine = scaleEngine(db.db);
  const turns: number[] = [];
  let shown = 0;
  for (const [i, a] of who.slice(CALLS).entries()) {
    const t = performance.now();
    const r = await engine.handle({ channel: a.channel, chatId: a.externalId, userId: a.externalId, messageId: `status-${i}`, text: `${a.number} 进展怎么样了`, at: new Date() });
    turns.push(performance.now() - t);
    if (r.status !== 'processed') throw new Error(`status turn ${r.status}`);
    // The reply must be the case itself, not a greeting or a "not found".
    const replies = await db.db.selectFrom('outbox').select('text').where('id', 'in', r.outboxIds.length > 0 ? r.outboxIds : ['0']).execute();
    if (replies.some((o) => o.text.includes(a.number))) shown++;
  }
  turns.sort((a, b) => a - b);
  rows.push([`status question, whole turn (${n(turns.length)} turns)`, p50p99({ ms: turns, hits: 0 }), `IntakeEngine.handle("HY-… 进展怎么样了") from the case's reporter: journal, understanding, status reads, reply to the outbox; ${n(shown)} replies showed the case`]);

  // Not in the issue's list: the public list reads cases by registration time, like the digest.
  const lists = await timePublicLists(db.db, Math.ceil(CALLS / 5), now);
  rows.push([`Open311 requests.json list (${n(lists.ms.length)} calls)`, p50p99(lists), 'publicCases as GET requests.json calls it: alternately the default (last 90 days, newest 1,000) and 1–7 days at a random date for one service code']);

  // 4. The city digest of three days, by the command's code path, in process and as the command.
  say('digest');
  const digestConfig = loadDigestConfig('config/digests.yaml');
  const city = digestConfig.cities.find((c) => c.name === '成都市')!;
  const to = addDays(localTime(now, TZ).date, -1);
  const period = { from: addDays(to, -2), to };
  const service = new DigestService({ db: db.db, lifecycle, config: digestConfig, publicDir, publicUrl: null, telegramChat: null, clock: () => new Date(), log: pino({ level: 'silent' }) });
  let t = performance.now();
  await service.publish(city, period);
  const publishMs = performance.now() - t;
  t = performance.now();
  const stats = await caseStats(db.db, { ...period, scope: { city: city.name } }, lifecycle, now);
  const statsMs = performance.now() - t;
  t = performance.now();
  const closed = await closedInPeriod(db.db, { city: city.name }, period, TZ);
  const closedMs = performance.now() - t;
  const commandMs = digestCommand({ DATABASE_URL: url, HUIYIN_PUBLIC_DIR: publicDir }, ['--city', city.name, '--from', period.from, '--to', period.to]);
  rows.push([
    `城市 digest, 成都市 ${period.from}..${period.to}`,
    `${ms(publishMs)} (of which caseStats ${ms(statsMs)}, closedInPeriod ${ms(closedMs)}); \`huiyin digest\` command ${ms(commandMs)}`,
    `DigestService.publish (what \`huiyin digest --city 成都市\` calls) into a temp dir: ${n(stats.totals.received)} cases registered and ${n(closed.length)} closed in the window; the parts timed again alone; the command spawned on the same schema, wall clock incl. Node start`,
  ]);

  // 5. Memory with many conversations open, in a process of its own.
  say(`memory: ${n(CHATS)} chats`);
  const mem = await memoryChild(url, CHATS);
  const midway = (await sql<{ n: number }>`select count(*)::int as n from conversations where channel = 'scale' and chat_id like 'chat%' and state->>'phase' = 'collecting'`.execute(db.db)).rows[0]!.n;
  // Where an open conversation really lives: its rows (state, journal, replies queued), without index entries.
  const stored = (
    await sql<{ b: string }>`select ((select coalesce(sum(pg_column_size(t.*)), 0) from conversations t where t.channel = 'scale' and t.chat_id like 'chat%')
      + (select coalesce(sum(pg_column_size(t.*)), 0) from messages t where t.channel = 'scale' and t.chat_id like 'chat%')
      + (select coalesce(sum(pg_column_size(t.*)), 0) from outbox t where t.channel = 'scale' and t.chat_id like 'chat%'))::text as b`.execute(db.db)
  ).rows[0]!.b;
  rows.push([
    `memory, ${n(mem.chats)} conversations open`,
    `RSS ${mib(mem.before.rss)} → ${mib(mem.after.rss)} (${((mem.after.rss - mem.before.rss) / mem.chats / 1024).toFixed(1)} KiB per conversation; peak ${mib(mem.peakRss)} while running); heap used ${mib(mem.before.heapUsed)} → ${mib(mem.after.heapUsed)} (${((mem.after.heapUsed - mem.before.heapUsed) / mem.chats).toFixed(0)} B per conversation); in PostgreSQL ${((Number(stored) / mem.chats) / 1024).toFixed(1)} KiB of rows per conversation`,
    `child process, real IntakeEngine (rules, flood guard) on this PostgreSQL schema; each chat sent a report opener and one answer (${n(mem.turns)} turns in ${mem.seconds.toFixed(1)} s, ${n(mem.failed)} not processed; ${n(midway)} left mid-report); readings ${mem.gc ? 'after global.gc()' : 'without gc'}, before = after 200 warm-up chats`,
  ]);
  if (mem.failed > 0) throw new Error(`${mem.failed} memory turns were not processed`);
} finally {
  await db.close();
  // The server may have gone away under the run (another job restarting it): say what to clean up.
  if (!process.env.BENCH_SCALE_KEEP) await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db).catch((err: unknown) => say(`could not drop schema ${schema}: ${String(err)}`));
  else say(`kept schema ${schema}`);
  rmSync(publicDir, { recursive: true, force: true });
}

// 6. Start-up: PGlite (first start on an empty data directory runs initdb and the migrations), then PostgreSQL.
say('start-up');
const starts: [string, StartTiming][] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'huiyin-scale-pglite-'));
const startPublic = mkdtempSync(join(tmpdir(), 'huiyin-scale-start-'));
try {
  const env = { DATABASE_URL: '', HUIYIN_DATA_DIR: dataDir, HUIYIN_PUBLIC_DIR: startPublic };
  starts.push(['PGlite, first start (empty data dir)', await timeStart(env)]);
  starts.push(['PGlite, second start (same dir)', await timeStart(env)]);
  // A database of its own: see the report on starting in a fresh schema of a shared database.
  const dbName = `huiyin_scale_${randomBytes(3).toString('hex')}`;
  await sql`create database ${sql.id(dbName)}`.execute(admin.db);
  try {
    const u = new URL(BASE_URL);
    u.pathname = `/${dbName}`;
    starts.push(['PostgreSQL, first start (empty database)', await timeStart({ DATABASE_URL: u.toString(), HUIYIN_PUBLIC_DIR: startPublic })]);
    starts.push(['PostgreSQL, second start', await timeStart({ DATABASE_URL: u.toString(), HUIYIN_PUBLIC_DIR: startPublic })]);
  } finally {
    await sql`drop database ${sql.id(dbName)} with (force)`.execute(admin.db);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(startPublic, { recursive: true, force: true });
  await admin.close();
}
for (const [what, st] of starts) {
  rows.push([`start-up, ${what}`, `${ms(st.httpMs)} to first HTTP answer (banner at ${ms(st.bannerMs)})`, `spawn node bin/huiyin.js start (HUIYIN_PORT=0) → GET / answered ${st.status}; SIGTERM after, exit code ${st.exitCode}`]);
}
rows.push(['whole run', s(performance.now() - started), `this script, ${n(CASES)} cases, ${n(CHATS)} chats, on ${process.version}`]);

const cell = (v: string) => v.replace(/\|/g, '\\|');
process.stdout.write(`\n| figure | value | how measured |\n|---|---|---|\n${rows.map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n')}\n`);
