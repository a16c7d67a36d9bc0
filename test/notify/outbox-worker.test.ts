import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError, type ChannelSender, type Outbound } from '../../src/channels/contract.js';
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
const noDelay = { batch: 5, leaseMs: 60_000, maxAttempts: 3, backoffMs: () => 0 };

/** A platform that fails the first `failures` sends, then accepts. */
class FlakySender implements ChannelSender {
  readonly delivered: Outbound[] = [];
  calls = 0;
  constructor(readonly channel: string, private failures: number, private readonly permanent = false) {}
  async send(m: Outbound) {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      throw this.permanent ? new PermanentDeliveryError('bot was blocked by the user') : new Error('503 from platform');
    }
    this.delivered.push(m);
    return { externalId: `ext-${m.outboxId}` };
  }
}

describe(`outbox worker on ${DB_KIND}`, () => {
  it('delivers in order and journals each outbound message once', async () => {
    const sender = new FlakySender('ordered', 0);
    const ids = await enqueue(db.db, ['一', '二', '三', '四', '五', '六', '七'].map((text) => ({ channel: 'ordered', chatId: 'c1', reporterId: null, inReplyTo: null, text })));
    const worker = new OutboxWorker(db.db, new Map([['ordered', sender]]), log, noDelay);
    expect(await worker.drain()).toBe(7);
    expect(sender.delivered.map((m) => m.text).join('')).toBe('一二三四五六七');
    expect(await worker.drain()).toBe(0);
    const journal = await db.db.selectFrom('messages').select('external_id').where('channel', '=', 'ordered').where('direction', '=', 'out').execute();
    expect(journal.map((j) => j.external_id).sort()).toEqual(ids.map((id) => `ext-${id}`).sort());
  });

  it('retries a failed delivery with backoff and records the error', async () => {
    const sender = new FlakySender('flaky', 2);
    await enqueue(db.db, [{ channel: 'flaky', chatId: 'c2', reporterId: null, inReplyTo: null, text: 'hello' }]);
    const worker = new OutboxWorker(db.db, new Map([['flaky', sender]]), log, { ...noDelay, maxAttempts: 5 });
    expect(await worker.drain()).toBe(0);
    const pending = await db.db.selectFrom('outbox').selectAll().where('channel', '=', 'flaky').executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_error: '503 from platform' });
    await worker.drain();
    expect(await worker.drain()).toBe(1);
    const row = await db.db.selectFrom('outbox').selectAll().where('channel', '=', 'flaky').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('waits out the backoff before retrying', async () => {
    const sender = new FlakySender('slow', 1);
    await enqueue(db.db, [{ channel: 'slow', chatId: 'c3', reporterId: null, inReplyTo: null, text: 'x' }]);
    const worker = new OutboxWorker(db.db, new Map([['slow', sender]]), log, { ...noDelay, backoffMs: () => 60_000 });
    await worker.drain();
    await worker.drain();
    expect(sender.calls).toBe(1);
  });

  it('gives up at once on a permanent error and after maxAttempts otherwise', async () => {
    const blocked = new FlakySender('blocked', 99, true);
    const down = new FlakySender('down', 99);
    await enqueue(db.db, [
      { channel: 'blocked', chatId: 'c4', reporterId: null, inReplyTo: null, text: 'x' },
      { channel: 'down', chatId: 'c5', reporterId: null, inReplyTo: null, text: 'y' },
    ]);
    const worker = new OutboxWorker(db.db, new Map<string, ChannelSender>([['blocked', blocked], ['down', down]]), log, noDelay);
    for (let i = 0; i < 5; i++) await worker.drain();
    expect(blocked.calls).toBe(1);
    expect(down.calls).toBe(3);
    const rows = await db.db.selectFrom('outbox').select(['channel', 'status']).where('channel', 'in', ['blocked', 'down']).orderBy('channel').execute();
    expect(rows).toEqual([
      { channel: 'blocked', status: 'failed' },
      { channel: 'down', status: 'failed' },
    ]);
  });

  it('marks the reporter unreachable when the platform refuses for good, and reachable again after a delivery', async () => {
    const reporter = await db.db
      .insertInto('reporters')
      .values({ channel: 'blocky', external_id: 'u-blocked', created_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const blocked = new FlakySender('blocky', 1, true);
    await enqueue(db.db, [{ channel: 'blocky', chatId: 'c6', reporterId: reporter.id, inReplyTo: null, text: '进展通知' }]);
    const worker = new OutboxWorker(db.db, new Map([['blocky', blocked]]), log, noDelay);
    await worker.drain();
    const after = await db.db.selectFrom('reporters').select(['unreachable_at', 'unreachable_reason']).where('id', '=', reporter.id).executeTakeFirstOrThrow();
    expect(after.unreachable_at).not.toBeNull();
    expect(after.unreachable_reason).toMatch(/blocked/);
    // The notice is not dropped: it stays, visible as failed with the reason.
    const kept = await db.db.selectFrom('outbox').select(['status', 'last_error', 'text']).where('chat_id', '=', 'c6').executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ status: 'failed', text: '进展通知' });
    await enqueue(db.db, [{ channel: 'blocky', chatId: 'c6', reporterId: reporter.id, inReplyTo: null, text: '又一条' }]);
    await worker.drain();
    const again = await db.db.selectFrom('reporters').select('unreachable_at').where('id', '=', reporter.id).executeTakeFirstOrThrow();
    expect(again.unreachable_at).toBeNull();
  });

  it('never delivers a message twice when two workers drain together', async () => {
    const sender = new FlakySender('race', 0);
    await enqueue(db.db, Array.from({ length: 40 }, (_, i) => ({ channel: 'race', chatId: `r${i % 4}`, reporterId: null, inReplyTo: null, text: `m${i}` })));
    const a = new OutboxWorker(db.db, new Map([['race', sender]]), log, noDelay);
    const b = new OutboxWorker(db.db, new Map([['race', sender]]), log, noDelay);
    const [x, y] = await Promise.all([a.drain(), b.drain()]);
    expect(x + y).toBe(40);
    expect(new Set(sender.delivered.map((m) => m.outboxId)).size).toBe(40);
  });
});
