/**
 * Turn throughput of the whole intake engine (journal → understand → state machine → persist →
 * outbox) with the rules extractor, on real PostgreSQL, against `pgbench -N` on the same server
 * at the same client count, measured in the same run.
 *
 * The reporters can be spread over BENCH_INSTANCES engine processes (default 1), the way production
 * runs several stateless instances on one database, and as pgbench spreads its clients over
 * `-j 2` threads.
 *
 *   npm run bench                       # 32 reporters, DATABASE_URL or the local test database
 *   BENCH_CLIENTS=8 BENCH_ROUNDS=4 BENCH_INSTANCES=1 npm run bench
 */
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDb } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { InstanceResult, InstanceTask } from './turns-instance.js';

const BASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const INSTANCES = Math.max(1, Math.min(CLIENTS, Number(process.env.BENCH_INSTANCES ?? 1)));
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function pgbenchTps(url: string, clients: number): number {
  const u = new URL(url);
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  const admin = [...conn, '-d', u.pathname.slice(1) || 'postgres'];
  const dbName = 'huiyin_pgbench';
  execFileSync('psql', [...admin, '-qc', `drop database if exists ${dbName}`], { stdio: 'ignore' });
  execFileSync('psql', [...admin, '-qc', `create database ${dbName}`], { stdio: 'ignore' });
  try {
    execFileSync('pgbench', [...conn, '-i', '-q', '-s', '10', dbName], { stdio: 'ignore' });
    const out = execFileSync('pgbench', [...conn, '-N', '-c', String(clients), '-j', '2', '-T', String(PGBENCH_SECONDS), dbName], { encoding: 'utf8' });
    const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out) ?? /tps = ([\d.]+)/.exec(out);
    if (!m) throw new Error(`could not read pgbench output:\n${out}`);
    return Number(m[1]);
  } finally {
    execFileSync('psql', [...admin, '-qc', `drop database if exists ${dbName}`], { stdio: 'ignore' });
  }
}

/** Runs one engine instance in a child process and resolves with what it measured. */
function runInstance(task: InstanceTask, start: Promise<void>): { ready: Promise<void>; done: Promise<InstanceResult> } {
  const child = fork(fileURLToPath(new URL('./turns-instance.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])] });
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  const done = new Promise<InstanceResult>((resolve, reject) => {
    child.on('message', (msg: { type: string; result?: InstanceResult; error?: string }) => {
      if (msg.type === 'ready') ready();
      else if (msg.type === 'done') resolve(msg.result as InstanceResult);
      else if (msg.type === 'error') reject(new Error(msg.error));
    });
    child.on('exit', (code) => code !== 0 && reject(new Error(`instance exited with ${code}`)));
  });
  child.send({ type: 'task', task });
  void start.then(() => child.send({ type: 'go' }));
  return { ready: readyP, done };
}

async function engineRun(): Promise<{ turns: number; seconds: number; latencies: number[]; cases: number; cpuSeconds: number }> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = await openDb({ kind: 'postgres', url: BASE_URL }, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const u = new URL(BASE_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openDb({ kind: 'postgres', url: u.toString() }, { poolSize: 1 });
  try {
    await migrateToLatest(db.db, schema);
    let go!: () => void;
    const start = new Promise<void>((r) => (go = r));
    const instances = Array.from({ length: INSTANCES }, (_, k) => {
      const clients = Array.from({ length: CLIENTS }, (_, i) => i).filter((i) => i % INSTANCES === k);
      return runInstance({ url: u.toString(), clients, rounds: ROUNDS }, start);
    });
    await Promise.all(instances.map((i) => i.ready));
    const t0 = performance.now();
    go();
    const results = await Promise.all(instances.map((i) => i.done));
    const seconds = (performance.now() - t0) / 1000;
    // Every report ends in a case of its own or as a follower of one: none is lost.
    const { n } = await db.db.selectFrom('case_reporters').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    if (n !== CLIENTS * ROUNDS) throw new Error(`expected ${CLIENTS * ROUNDS} reports, found ${n}`);
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    return { turns: latencies.length, seconds, latencies, cases: n, cpuSeconds: results.reduce((s, r) => s + r.cpuSeconds, 0) };
  } finally {
    await db.close();
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
}

const run = await engineRun();
const turnsPerSecond = run.turns / run.seconds;
const p50 = percentile(run.latencies, 50);
const p99 = percentile(run.latencies, 99);
console.log(`engine: ${CLIENTS} concurrent reporters on ${INSTANCES} instance(s), ${run.turns} turns, ${run.cases} reports (each a case or joined to one) in ${run.seconds.toFixed(2)} s (engine CPU ${run.cpuSeconds.toFixed(2)} s)`);
console.log(`engine turns/s: ${turnsPerSecond.toFixed(0)}   p50: ${p50.toFixed(1)} ms   p99: ${p99.toFixed(1)} ms`);
if (process.env.BENCH_SKIP_PGBENCH) process.exit(0);
const tps = pgbenchTps(BASE_URL, CLIENTS);
console.log(`pgbench -N -c ${CLIENTS} -j 2 tps: ${tps.toFixed(0)}`);
console.log(`ratio turns/s ÷ pgbench tps: ${(turnsPerSecond / tps).toFixed(2)}   (target ≥ 0.5; p99 target ≤ 50 ms)`);
