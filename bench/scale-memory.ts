/**
 * Child process of the scale benchmark: builds the real engine on the benchmark's PostgreSQL
 * schema (URL in argv[2]) and drives `BENCH_SCALE_CHATS` different chats (argv[3]) into the middle
 * of a report — a first message naming a place and a problem, then one answer — and prints one
 * JSON line with resident memory and heap before and after (and the peak between). Run with `--expose-gc` so both
 * readings are taken after a full collection, not at a random point of the garbage cycle.
 */
import { openDb } from '../src/db/connect.js';
import { scaleEngine } from './scale-engine.js';

/** What the child prints. */
export interface MemoryResult {
  chats: number;
  turns: number;
  seconds: number;
  /** Bytes, after gc when exposed. */
  before: { rss: number; heapUsed: number };
  after: { rss: number; heapUsed: number };
  /** Highest RSS sampled every 50 ms while the chats ran (garbage not yet collected included). */
  peakRss: number;
  gc: boolean;
  /** Turns that did not end `processed`. */
  failed: number;
}

// The openers of bench/turns-instance.ts: each names a district and a problem, so the bot asks the next slot.
const OPENERS = [
  '郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟',
  '温江区万春镇的养猪场把粪水直接排进江安河',
  '成华区建设路附近一个工地凌晨两点还在打桩',
  '我家楼下的火锅店油烟直接往小区里排，在锦江区春熙路街道',
  '龙泉驿区洛带镇山上有人偷倒建筑垃圾',
  '新都区大丰街道的广场舞音响每天晚上开到十点半',
];
const CONCURRENCY = 16;
const WARM = 200;

const gc = (globalThis as { gc?: () => void }).gc;
function reading(): { rss: number; heapUsed: number } {
  // Several full collections: V8 drops the bytecode of functions unused for a few of them (start-up
  // code), which would otherwise leave the run and make growth read negative.
  for (let i = 0; i < 8; i++) gc?.();
  return { rss: process.memoryUsage.rss(), heapUsed: process.memoryUsage().heapUsed };
}

const [url, chatsArg] = process.argv.slice(2);
const chats = Number(chatsArg ?? 10_000);
const db = await openDb({ kind: 'postgres', url: url! }, { poolSize: CONCURRENCY });
const engine = scaleEngine(db.db);
// Warm the gazetteer, the extractor, the pool and the JIT with chats of their own first, and let
// start-up garbage go: otherwise "before" holds memory the run gives back and growth reads negative.
for (let w = 0; w < WARM; w++) await engine.handle({ channel: 'scale', chatId: `warm${w}`, userId: `warm${w}`, messageId: `warm${w}`, text: OPENERS[w % OPENERS.length]!, at: new Date() });
await new Promise((r) => setTimeout(r, 500));
const before = reading();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
const t0 = performance.now();
let next = 0;
let failed = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < chats; i = next++) {
      const who = { channel: 'scale', chatId: `chat${i}`, userId: `user${i}` };
      const first = await engine.handle({ ...who, messageId: `m${i}-1`, text: OPENERS[i % OPENERS.length]!, at: new Date() });
      const second = await engine.handle({ ...who, messageId: `m${i}-2`, text: '每天都有', at: new Date() });
      failed += [first, second].filter((r) => r.status !== 'processed').length;
    }
  }),
);
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
const after = reading();
await db.close();
const result: MemoryResult = { chats, turns: chats * 2, seconds, before, after, peakRss, gc: gc !== undefined, failed };
process.stdout.write(`${JSON.stringify(result)}\n`);
