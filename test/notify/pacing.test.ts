import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender, Outbound, RateLimits } from '../../src/channels/contract.js';
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
const options = { batch: 5, leaseMs: 60_000, maxAttempts: 3, backoffMs: () => 0 };

/** A platform with declared limits that records when each send started. */
class TimedSender implements ChannelSender {
  readonly starts: { chatId: string; text: string; at: number }[] = [];
  constructor(
    readonly channel: string,
    readonly limits: RateLimits,
  ) {}
  async send(m: Outbound) {
    this.starts.push({ chatId: m.chatId, text: m.text, at: performance.now() });
    await new Promise((r) => setTimeout(r, 5));
    return {};
  }
}

/** The most starts inside any one second (a window opening at each start). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! <= sorted[i]! - 1_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe(`pacing under declared limits on ${DB_KIND}`, () => {
  it('never exceeds the overall or the per-chat limit in any second, and keeps each chat in order', async () => {
    const sender = new TimedSender('paced', { perSecond: 20, perChatPerSecond: 2 });
    const chats = Array.from({ length: 10 }, (_, i) => `chat-${i}`);
    for (let k = 0; k < 4; k++) await enqueue(db.db, chats.map((chatId) => ({ channel: 'paced', chatId, reporterId: null, inReplyTo: null, text: `${chatId}/${k}` })));
    const worker = new OutboxWorker(db.db, new Map([['paced', sender]]), log, options);

    expect(await worker.drain()).toBe(40);
    expect(busiestSecond(sender.starts.map((s) => s.at))).toBeLessThanOrEqual(20);
    for (const c of chats) {
      const mine = sender.starts.filter((s) => s.chatId === c);
      expect(busiestSecond(mine.map((s) => s.at))).toBeLessThanOrEqual(2);
      expect(mine.map((s) => s.text)).toEqual([0, 1, 2, 3].map((k) => `${c}/${k}`));
    }
  });

  it('lets messages queued for other chats go while one chat waits for its turn', async () => {
    const sender = new TimedSender('fair', { perSecond: 100, perChatPerSecond: 0.5 });
    const note = (chatId: string, text: string) => ({ channel: 'fair', chatId, reporterId: null, inReplyTo: null, text });
    await enqueue(db.db, [note('busy', 'a1'), note('busy', 'a2')]);
    const worker = new OutboxWorker(db.db, new Map([['fair', sender]]), log, options);
    worker.kick();
    while (sender.starts.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    // a2 now waits two seconds for its chat's turn; new messages to other chats arrive meanwhile.
    await enqueue(db.db, ['b', 'c', 'd', 'e'].map((t) => note(`quiet-${t}`, t)));
    worker.kick();
    await worker.stop();
    expect(sender.starts.map((s) => s.text)).toEqual(['a1', 'b', 'c', 'd', 'e', 'a2']);
  });
});
