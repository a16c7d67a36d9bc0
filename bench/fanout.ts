/**
 * Fan-out of notices to Telegram under flood control: N notices to C chats queued in the outbox
 * (PGlite in a temporary directory), delivered by the real OutboxWorker and the real TelegramSender
 * (grammY) to the fake Bot API, which refuses with 429 above R messages/s overall or 1/s per chat.
 * The sender declares the same limits. Reports delivered/s against R, the 429s the fake gave, and
 * notices lost, duplicated or out of order.
 *
 *   npx tsx bench/fanout.ts                       # R=100: 5,000 notices to 1,000 chats; then R=30: 600 to 200
 *   npx tsx bench/fanout.ts --rate 50 --notices 2000 --chats 400 --no-small
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { pino } from 'pino';
import { TelegramSender } from '../adapters/telegram/sender.js';
import { openDb } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { OutboxWorker } from '../src/notify/outbox-worker.js';
import { FakeRateLimit } from '../test/fakes/rate-limit.js';
import { FakeTelegramApi } from '../test/fakes/telegram-api.js';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    notices: { type: 'string', default: '5000' },
    chats: { type: 'string', default: '1000' },
    'no-small': { type: 'boolean', default: false },
  },
});

/** What one fan-out measured. */
interface Result {
  rate: number;
  notices: number;
  chats: number;
  seconds: number;
  received: number;
  refused: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

const FIRST_CHAT = 7_000_000;
const text = (chat: number, k: number): string => `通知 ${k} → ${chat}`;

async function fanout(rate: number, notices: number, chats: number): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'huiyin-fanout-'));
  const db = await openDb({ kind: 'pglite', dataDir });
  const fake = await FakeTelegramApi.start();
  try {
    await migrateToLatest(db.db);
    // Notice i goes to chat i mod C, so each chat's notices are spread through the queue as a
    // broadcast queued case by case would be.
    const rows = Array.from({ length: notices }, (_, i) => ({ chat: FIRST_CHAT + (i % chats), k: Math.floor(i / chats) }));
    for (let i = 0; i < rows.length; i += 1_000) {
      const values = sql.join(rows.slice(i, i + 1_000).map((r) => sql`('telegram', ${String(r.chat)}, ${text(r.chat, r.k)})`));
      await sql`insert into outbox (channel, chat_id, text) values ${values}`.execute(db.db);
    }
    fake.rateLimit = new FakeRateLimit(rate, 1);
    const sender = TelegramSender.create({ token: '123456:BENCH', apiRoot: fake.apiRoot, limits: { perSecond: rate, perChatPerSecond: 1 } });
    const worker = new OutboxWorker(db.db, new Map([['telegram', sender]]), pino({ level: 'silent' }));

    const t0 = performance.now();
    // A round ends when what is left waits for a retry; rounds go on until nothing is pending.
    for (;;) {
      await worker.drain();
      const { n } = await db.db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - t0) / 1000;

    const seen = new Map<string, number>();
    for (const s of fake.sent) seen.set(s.text, (seen.get(s.text) ?? 0) + 1);
    const lost = rows.filter((r) => !seen.has(text(r.chat, r.k))).length;
    const duplicated = [...seen.values()].reduce((sum, c) => sum + c - 1, 0);
    let outOfOrder = 0;
    for (let c = 0; c < chats; c++) {
      const got = fake.textsFor(FIRST_CHAT + c);
      const want = rows.filter((r) => r.chat === FIRST_CHAT + c).map((r) => text(r.chat, r.k));
      if (got.join('\n') !== want.join('\n')) outOfOrder++;
    }
    return { rate, notices, chats, seconds, received: seen.size, refused: fake.rateLimit.refused, lost, duplicated, outOfOrder };
  } finally {
    await fake.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(r: Result): void {
  const perSecond = r.received / r.seconds;
  console.log(`fan-out R=${r.rate}/s overall, 1/s per chat: ${r.notices} notices to ${r.chats} chats in ${r.seconds.toFixed(1)} s`);
  console.log(`  delivered/s: ${perSecond.toFixed(1)}   ratio to R: ${(perSecond / r.rate).toFixed(3)} (target ≥ 0.9)`);
  console.log(`  429s received: ${r.refused}   lost: ${r.lost}   duplicated: ${r.duplicated}   chats out of order: ${r.outOfOrder}`);
}

report(await fanout(Number(args.rate), Number(args.notices), Number(args.chats)));
if (!args['no-small']) report(await fanout(30, 600, 200));
