/**
 * Turn throughput of the whole intake engine (journal → understand → state machine → persist →
 * outbox) with the rules extractor, on real PostgreSQL, against `pgbench -N` on the same server
 * at the same client count, measured in the same run.
 *
 *   npm run bench                       # 32 reporters, DATABASE_URL or the local test database
 *   BENCH_CLIENTS=8 BENCH_ROUNDS=5 npm run bench
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import { openDb } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { IntakeEngine } from '../src/intake/engine.js';
import { RulesUnderstander } from '../src/understanding/rules/understander.js';

const BASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 10);

// Varied first messages so the extractor and gazetteer do real work on every turn.
const OPENERS = [
  '郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟',
  '温江区万春镇的养猪场把粪水直接排进江安河',
  '成华区建设路附近一个工地凌晨两点还在打桩',
  '我家楼下的火锅店油烟直接往小区里排，在锦江区春熙路街道',
  '龙泉驿区洛带镇山上有人偷倒建筑垃圾',
  '新都区大丰街道的广场舞音响每天晚上开到十点半',
];
const FOLLOW_UPS = ['每天都有', '没有', '希望尽快处理', '1', '1'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function pgbenchTps(url: string, clients: number): number {
  const u = new URL(url);
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  const dbName = 'huiyin_pgbench';
  const admin = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), '-d', u.pathname.slice(1) || 'postgres'];
  execFileSync('psql', [...admin, '-qc', `drop database if exists ${dbName}`], { stdio: 'ignore' });
  execFileSync('psql', [...admin, '-qc', `create database ${dbName}`], { stdio: 'ignore' });
  execFileSync('pgbench', [...args, '-i', '-q', '-s', '10', dbName], { stdio: 'ignore' });
  const out = execFileSync('pgbench', [...args, '-N', '-c', String(clients), '-j', '2', '-T', String(PGBENCH_SECONDS), dbName], { encoding: 'utf8' });
  execFileSync('psql', [...admin, '-qc', `drop database if exists ${dbName}`], { stdio: 'ignore' });
  const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out) ?? /tps = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`could not read pgbench output:\n${out}`);
  return Number(m[1]);
}

async function engineRun(): Promise<{ turns: number; seconds: number; latencies: number[]; cases: number }> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = await openDb({ kind: 'postgres', url: BASE_URL }, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const u = new URL(BASE_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openDb({ kind: 'postgres', url: u.toString() }, { poolSize: CLIENTS });
  try {
    await migrateToLatest(db.db, schema);
    const log = pino({ level: 'silent' });
    const engine = new IntakeEngine({
      db: db.db,
      understander: new RulesUnderstander(() => new Date()),
      clock: () => new Date(),
      timeZone: 'Asia/Shanghai',
      machine: { resumeAfterMs: 12 * 3_600_000 },
      log,
    });
    const latencies: number[] = [];
    let failed = 0;
    const reporter = async (i: number): Promise<void> => {
      for (let round = 0; round < ROUNDS; round++) {
        const lines = [OPENERS[(i + round) % OPENERS.length]!, ...FOLLOW_UPS];
        for (const [k, text] of lines.entries()) {
          const t0 = performance.now();
          const r = await engine.handle({ channel: 'bench', chatId: `c${i}`, userId: `u${i}`, messageId: `${i}-${round}-${k}`, text, at: new Date() });
          latencies.push(performance.now() - t0);
          if (r.status !== 'processed') failed++;
        }
      }
    };
    // Warm the gazetteer, the extractor and the pool before timing.
    await engine.handle({ channel: 'bench', chatId: 'warm', userId: 'warm', messageId: 'warm', text: OPENERS[0]!, at: new Date() });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => reporter(i)));
    const seconds = (performance.now() - t0) / 1000;
    if (failed > 0) throw new Error(`${failed} turns failed`);
    const { n } = await db.db.selectFrom('cases').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    return { turns: latencies.length, seconds, latencies: latencies.sort((a, b) => a - b), cases: n };
  } finally {
    await db.close();
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
}

const run = await engineRun();
const turnsPerSecond = run.turns / run.seconds;
const tps = pgbenchTps(BASE_URL, CLIENTS);
const p50 = percentile(run.latencies, 50);
const p99 = percentile(run.latencies, 99);
const ratio = turnsPerSecond / tps;
console.log(`engine: ${CLIENTS} concurrent reporters, ${run.turns} turns, ${run.cases} cases in ${run.seconds.toFixed(2)} s`);
console.log(`engine turns/s: ${turnsPerSecond.toFixed(0)}   p50: ${p50.toFixed(1)} ms   p99: ${p99.toFixed(1)} ms`);
console.log(`pgbench -N tps at ${CLIENTS} clients: ${tps.toFixed(0)}`);
console.log(`ratio turns/s ÷ pgbench tps: ${ratio.toFixed(2)}   (target ≥ 0.5; p99 target ≤ 50 ms)`);
