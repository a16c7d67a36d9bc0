/**
 * The intake engine with a language model in the loop: a fake OpenAI-compatible server on
 * 127.0.0.1 answering every request after 1 s, and 200 concurrent reporters each filing one full
 * report through the real engine, on PGlite (and on PostgreSQL too when DATABASE_URL is set).
 * Prints turns/s, p50/p99 turn latency, model calls per turn and characters per call. The fake
 * runs in a child process, as a model server is another machine: its work does not share the
 * engine's event loop.
 *
 *   npx tsx bench/llm.ts                                 # PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/llm.ts
 *   BENCH_LLM_CLIENTS=200 BENCH_LLM_DELAY_MS=1000 BENCH_LLM_MODE=json_object BENCH_LLM_THINK_MS=1000 npx tsx bench/llm.ts
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { pino } from 'pino';
import { loadCaseRules } from '../src/cases/rules.js';
import { openDb, type Db } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { DbLlmCallRecorder } from '../src/db/repo/llm-calls.js';
import { IntakeEngine } from '../src/intake/engine.js';
import { loadRouting } from '../src/routing/load.js';
import type { OutputMode } from '../src/understanding/llm/settings.js';
import { modelUnderstanding } from '../src/understanding/llm/wire.js';
import { RulesUnderstander } from '../src/understanding/rules/understander.js';
import { citizenMessage, FakeOpenAiApi } from '../test/fakes/openai-api.js';

const CLIENTS = Number(process.env.BENCH_LLM_CLIENTS ?? 200);
const DELAY_MS = Number(process.env.BENCH_LLM_DELAY_MS ?? 1000);
const MODE = (process.env.BENCH_LLM_MODE ?? 'json_schema') as OutputMode;
/** A reporter's pause between reading a reply and sending the next message (0: back to back). */
const THINK_MS = Number(process.env.BENCH_LLM_THINK_MS ?? 0);
/** Reporters' first messages spread evenly over this long (0: all at the same instant). */
const RAMP_MS = Number(process.env.BENCH_LLM_RAMP_MS ?? 0);

// Openers the rules only partly understand, so the model has something to add.
const OPENERS = [
  '郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟',
  '温江区万春镇的养猪场把粪水直接排进江安河',
  '楼下那家每天弄得很难闻，受不了',
  '成华区建设路附近一个工地凌晨两点还在打桩',
  '学校后面那个作坊天天喷漆，在新都区大丰街道',
  '龙泉驿区洛带镇山上有人偷倒建筑垃圾',
];
// Answers that fit whichever question comes next (place, target, time, photos, demand, identity, confirm).
const FOLLOW_UPS = ['在锦江区春熙路街道', '就是红星家具厂', '每天都有', '没有', '希望尽快处理', '1', '1', '1', '1'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A migrated database: PGlite in memory, or a fresh schema on PostgreSQL (dropped by `drop`). */
async function database(kind: 'pglite' | 'postgres'): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openDb({ kind: 'pglite', dataDir: null });
    await migrateToLatest(db.db);
    return { db, drop: () => db.close() };
  }
  const base = process.env.DATABASE_URL as string;
  const schema = `bench_llm_${randomBytes(4).toString('hex')}`;
  const admin = await openDb({ kind: 'postgres', url: base }, { poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openDb({ kind: 'postgres', url: u.toString() }, { poolSize: 50 });
  await migrateToLatest(db.db, schema);
  return {
    db,
    drop: async () => {
      await db.close();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}

async function run(kind: 'pglite' | 'postgres', baseURL: string): Promise<void> {
  const { db, drop } = await database(kind);
  const log = pino({ level: 'silent' });
  const recorder = new DbLlmCallRecorder(db.db, log);
  const clock = () => new Date();
  const model = modelUnderstanding(
    { preset: null, baseURL, apiKey: 'bench', model: 'fake-model', mode: MODE, timeoutMs: 8000, sendPersonalData: false },
    { rules: new RulesUnderstander(clock), recorder, log, clock },
  );
  const engine = new IntakeEngine({ db: db.db, understander: model.understander, clock, timeZone: 'Asia/Shanghai', machine: { resumeAfterMs: 12 * 3_600_000 }, routing: loadRouting('config'), caseRules: loadCaseRules('config'), log });
  const latencies: number[] = [];
  let reports = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const lines = [OPENERS[i % OPENERS.length]!, ...FOLLOW_UPS];
      if (RAMP_MS > 0) await new Promise((r) => setTimeout(r, (RAMP_MS * i) / CLIENTS));
      for (const [k, text] of lines.entries()) {
        if (k > 0 && THINK_MS > 0) await new Promise((r) => setTimeout(r, THINK_MS));
        const started = performance.now();
        const r = await engine.handle({ channel: 'bench', chatId: `c${i}`, userId: `u${i}`, messageId: `${i}-${k}`, text, at: new Date() });
        latencies.push(performance.now() - started);
        if (r.status !== 'processed') throw new Error(`turn ${i}-${k} ${r.status}`);
        if (r.opened.length > 0 || r.joined.length > 0) {
          reports++;
          break;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await recorder.settle();
  const { n: recorded } = await db.db.selectFrom('llm_calls').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const s = model.counters.snapshot();
  const sorted = [...latencies].sort((a, b) => a - b);
  const turns = latencies.length;
  console.log(`llm bench on ${kind}, ${MODE}, model answering after ${DELAY_MS} ms, reporters pausing ${THINK_MS} ms, starting over ${RAMP_MS} ms: ${CLIENTS} concurrent reporters, ${turns} turns, ${reports} reports filed in ${seconds.toFixed(2)} s`);
  console.log(`  turns/s: ${(turns / seconds).toFixed(0)} (target ≥ 100)   p50: ${percentile(sorted, 50).toFixed(0)} ms   p99: ${percentile(sorted, 99).toFixed(0)} ms (target ≤ 1500)`);
  console.log(`  model calls per turn: ${(s.requests / turns).toFixed(2)} (${s.requests} requests for ${s.asked} messages; skipped: ${JSON.stringify(s.skipped)}; fallbacks: ${JSON.stringify(s.fallbacks)}; ${recorded} calls recorded)`);
  console.log(`  characters per call (system + user messages + structured-output definition): average ${(s.charsSent / Math.max(1, s.requests)).toFixed(0)}, max ${s.maxCharsPerRequest}`);
  await drop();
}

/** The fake model server's side: answers well, a second late; names a target and a time only in the reporter's words. */
async function serveFake(): Promise<void> {
  const fake = await FakeOpenAiApi.start();
  fake.script = (req) => {
    const text = citizenMessage(req);
    const target = /(作坊|家具厂|养猪场|塑料厂|工地)/.exec(text)?.[1] ?? null;
    return { kind: 'json', value: { categories: /难闻|臭/.test(text) ? ['air'] : [], subcategory: null, place: null, target, time: /每天|天天/.test(text) ? '每天' : null, demand: null }, delayMs: DELAY_MS };
  };
  process.send?.({ baseURL: fake.baseURL });
  process.on('disconnect', () => void fake.close().then(() => process.exit(0)));
}

if (process.env.BENCH_LLM_ROLE === 'fake') await serveFake();
else {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_LLM_ROLE: 'fake' } });
  const baseURL = await new Promise<string>((resolve) => child.once('message', (m: { baseURL: string }) => resolve(m.baseURL)));
  try {
    await run('pglite', baseURL);
    if (process.env.DATABASE_URL) await run('postgres', baseURL);
  } finally {
    child.disconnect();
  }
}
