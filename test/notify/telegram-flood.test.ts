import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramSender } from '../../adapters/telegram/sender.js';
import { enqueue } from '../../src/db/repo/outbox.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { FakeRateLimit } from '../fakes/rate-limit.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

const TOKEN = '123456:TEST-flood';
let db: TestDb;
let fake: FakeTelegramApi;
beforeAll(async () => {
  db = await createTestDb();
  fake = await FakeTelegramApi.start();
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

const log = pino({ level: 'silent' });
const options = { batch: 20, leaseMs: 60_000, maxAttempts: 3, backoffMs: () => 0 };

/** Queues `perChat` numbered notices to each chat, interleaved across chats. */
async function notices(chats: number[], perChat: number): Promise<void> {
  for (let k = 0; k < perChat; k++) await enqueue(db.db, chats.map((c) => ({ channel: 'telegram', chatId: String(c), reporterId: null, inReplyTo: null, text: `${c}#${k}` })));
}

describe(`Telegram under flood control on ${DB_KIND}`, () => {
  it('delivers every notice once, in order per chat, against a Bot API enforcing the same limits', async () => {
    fake.rateLimit = new FakeRateLimit(20, 1);
    const chats = Array.from({ length: 12 }, (_, i) => 6_100_000 + i);
    await notices(chats, 3);
    const sender = TelegramSender.create({ token: TOKEN, apiRoot: fake.apiRoot, limits: { perSecond: 20, perChatPerSecond: 1 } });
    const worker = new OutboxWorker(db.db, new Map([['telegram', sender]]), log, options);
    expect(await worker.drain()).toBe(36);
    for (const c of chats) expect(fake.textsFor(c)).toEqual([0, 1, 2].map((k) => `${c}#${k}`));
  });

  it('honours the retry_after of a 429 when the platform is stricter than declared', async () => {
    fake.rateLimit = new FakeRateLimit(5, 1);
    const chats = Array.from({ length: 10 }, (_, i) => 6_200_000 + i);
    await notices(chats, 1);
    const sender = TelegramSender.create({ token: TOKEN, apiRoot: fake.apiRoot, limits: { perSecond: 50, perChatPerSecond: 1 } });
    const worker = new OutboxWorker(db.db, new Map([['telegram', sender]]), log, options);
    expect(await worker.drain()).toBe(10);
    expect(fake.rateLimit.refused).toBeGreaterThan(0);
    for (const c of chats) expect(fake.textsFor(c)).toEqual([`${c}#0`]);
    // The waits happened inside the sends: nothing went back to the outbox for a later retry.
    const rows = await db.db.selectFrom('outbox').select(['status', 'attempts']).where('chat_id', 'in', chats.map(String)).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
