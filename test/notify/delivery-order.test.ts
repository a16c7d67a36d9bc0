import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError, type ChannelSender, type Outbound } from '../../src/channels/contract.js';
import { openDb, type Db } from '../../src/db/connect.js';
import { enqueue } from '../../src/db/repo/outbox.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.close();
});

const log = pino({ level: 'silent' });
const noDelay = { batch: 5, leaseMs: 60_000, maxAttempts: 5, backoffMs: () => 0 };

/** One send as the platform saw it: when it started and ended. */
interface Seen {
  m: Outbound;
  start: number;
  end: number;
}

/** A platform that refuses the texts in `failOnce` the first time (a retryable error), `blocked` for good, and takes a little while per send. */
class ScriptedSender implements ChannelSender {
  constructor(
    readonly channel: string,
    readonly seen: Seen[],
    private readonly failOnce = new Set<string>(),
    private readonly blocked = new Set<string>(),
  ) {}
  async send(m: Outbound) {
    const start = performance.now();
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 4)));
    if (this.blocked.has(m.text)) throw new PermanentDeliveryError('bot was blocked by the user');
    if (this.failOnce.delete(m.text)) throw new Error('503 from platform');
    this.seen.push({ m, start, end: performance.now() });
    return { externalId: `ext-${m.outboxId}` };
  }
}

const texts = (seen: Seen[], chatId: string) => seen.filter((s) => s.m.chatId === chatId).map((s) => s.m.text);
const queue = (channel: string, chatId: string, list: string[]) => enqueue(db.db, list.map((text) => ({ channel, chatId, reporterId: null, inReplyTo: null, text })));

describe(`delivery order per chat on ${DB_KIND}`, () => {
  it('holds back a chat behind a message waiting for a retry, then delivers all five in order', async () => {
    const seen: Seen[] = [];
    const sender = new ScriptedSender('order', seen, new Set(['1']));
    await queue('order', 'a', ['1']);
    await queue('order', 'b', ['x']);
    await queue('order', 'a', ['2', '3', '4', '5']);
    const worker = new OutboxWorker(db.db, new Map([['order', sender]]), log, noDelay);

    // The first message failed and is due again at once, yet the other four wait behind it;
    // another chat is not held up.
    expect(await worker.drain()).toBe(1);
    expect(texts(seen, 'a')).toEqual([]);
    expect(texts(seen, 'b')).toEqual(['x']);
    const waiting = await db.db.selectFrom('outbox').select(['text', 'status', 'attempts']).where('channel', '=', 'order').where('chat_id', '=', 'a').orderBy('id').execute();
    expect(waiting).toEqual([
      { text: '1', status: 'pending', attempts: 1 },
      ...['2', '3', '4', '5'].map((text) => ({ text, status: 'pending', attempts: 0 })),
    ]);

    expect(await worker.drain()).toBe(5);
    expect(texts(seen, 'a')).toEqual(['1', '2', '3', '4', '5']);
  });

  it('no longer holds a chat back once a message failed for good', async () => {
    const seen: Seen[] = [];
    const sender = new ScriptedSender('gone', seen, new Set(), new Set(['first']));
    await queue('gone', 'c', ['first', 'second', 'third']);
    const worker = new OutboxWorker(db.db, new Map([['gone', sender]]), log, noDelay);
    expect(await worker.drain()).toBe(2);
    expect(texts(seen, 'c')).toEqual(['second', 'third']);
    const first = await db.db.selectFrom('outbox').select(['status', 'last_error']).where('channel', '=', 'gone').where('text', '=', 'first').executeTakeFirstOrThrow();
    expect(first).toEqual({ status: 'failed', last_error: 'bot was blocked by the user' });
  });

  it('never sends a message twice and keeps every chat in order with two workers on one database', async () => {
    // On PostgreSQL the second worker has its own connections, as another instance would.
    const other: Db | null = DB_KIND === 'postgres' ? await openDb({ kind: 'postgres', url: db.url! }, { poolSize: 4 }) : null;
    try {
      const seen: Seen[] = [];
      const chats = ['p', 'q', 'r', 's', 't', 'u'];
      const failOnce = new Set(['p-0', 'q-3', 's-7', 'u-9']);
      // Interleaved across chats, as notices are queued in real life.
      for (let i = 0; i < 10; i++) for (const c of chats) await queue('race2', c, [`${c}-${i}`]);
      const a = new OutboxWorker(db.db, new Map([['race2', new ScriptedSender('race2', seen, failOnce)]]), log, noDelay);
      const b = new OutboxWorker((other ?? db).db, new Map([['race2', new ScriptedSender('race2', seen, failOnce)]]), log, noDelay);
      // A worker stops when the other holds what is left; rounds go on until everything is out.
      for (let round = 0; round < 20 && seen.length < 60; round++) await Promise.all([a.drain(), b.drain()]);

      expect(seen).toHaveLength(60);
      expect(new Set(seen.map((s) => s.m.outboxId)).size).toBe(60);
      for (const c of chats) {
        const mine = seen.filter((s) => s.m.chatId === c);
        expect(mine.map((s) => s.m.text)).toEqual(Array.from({ length: 10 }, (_, i) => `${c}-${i}`));
        // Strictly one after another: a chat's next send starts only after the previous one ended.
        for (let i = 1; i < mine.length; i++) expect(mine[i]!.start).toBeGreaterThanOrEqual(mine[i - 1]!.end);
      }
      const rows = await db.db.selectFrom('outbox').select(['status']).where('channel', '=', 'race2').execute();
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    } finally {
      await other?.close();
    }
  });
});
