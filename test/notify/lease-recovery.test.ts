import type { Kysely, KyselyPlugin } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender, Outbound, RateLimits } from '../../src/channels/contract.js';
import { enqueue } from '../../src/db/repo/outbox.js';
import type { Database } from '../../src/db/schema.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

// Issue 8: rows a dead process had claimed, and sends a database outage left unrecorded.

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.close();
});

const log = pino({ level: 'silent' });
const options = { batch: 5, leaseMs: 30_000, maxAttempts: 5, backoffMs: () => 0 };
const TELEGRAM_LIKE: RateLimits = { perSecond: 30, perChatPerSecond: 1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The test database as one process sees it: `down` makes every query fail, as when the server goes away. */
function breakable(): { db: Kysely<Database>; down: boolean } {
  const link = { db: db.db, down: false };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      if (link.down) throw new Error('Connection terminated unexpectedly');
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  link.db = db.db.withPlugin(plugin);
  return link;
}

/** A platform that records each send; `onSend` runs after the platform accepted it, `takesMs` is how long a send takes. */
class RecordingPlatform implements ChannelSender {
  readonly sent: { m: Outbound; at: number }[] = [];
  dead = false;
  onSend: (m: Outbound) => void = () => {};
  constructor(
    readonly channel: string,
    readonly limits?: RateLimits,
    private readonly takesMs = 0,
  ) {}
  async send(m: Outbound) {
    if (this.dead) throw new Error('the process is gone');
    await sleep(this.takesMs);
    this.sent.push({ m, at: performance.now() });
    this.onSend(m);
    return { externalId: `ext-${m.outboxId}` };
  }
}

const queue = (channel: string, chatId: string, texts: string[]) => enqueue(db.db, texts.map((text) => ({ channel, chatId, reporterId: null, inReplyTo: null, text })));
const rowsOf = (channel: string) => db.db.selectFrom('outbox').select(['text', 'status', 'attempts']).where('channel', '=', channel).orderBy('id').execute();

describe(`outbox leases on ${DB_KIND}`, () => {
  it('leaves a chat waiting for its pace unclaimed, so another instance sends it on time when the first dies', async () => {
    await queue('relay', 'x', ['x/1', 'x/2', 'x/3']);
    const a = breakable();
    const platformA = new RecordingPlatform('relay', TELEGRAM_LIKE);
    const first = new OutboxWorker(a.db, new Map([['relay', platformA]]), log, options).drain().catch(() => -1);
    while (platformA.sent.length === 0) await sleep(5);
    // x/2 must wait a second for its chat; the process is SIGKILLed meanwhile.
    await sleep(200);
    a.down = true;
    platformA.dead = true;
    expect(await first).toBe(-1);

    const platformB = new RecordingPlatform('relay', TELEGRAM_LIKE);
    const began = performance.now();
    expect(await new OutboxWorker(db.db, new Map([['relay', platformB]]), log, options).drain()).toBe(2);
    // Well before the dead process's 30-s lease would have ended.
    expect(performance.now() - began).toBeLessThan(5_000);
    const all = [...platformA.sent, ...platformB.sent];
    expect(all.map((s) => s.m.text)).toEqual(['x/1', 'x/2', 'x/3']);
    // The chat's pace holds across the two instances: one message a second.
    for (let i = 1; i < all.length; i++) expect(all[i]!.at - all[i - 1]!.at).toBeGreaterThanOrEqual(1_000);
    expect(await rowsOf('relay')).toEqual(['x/1', 'x/2', 'x/3'].map((text) => ({ text, status: 'sent', attempts: 1 })));
  });

  it('records a send the database missed once it answers again, without sending it twice, and the chat moves on', async () => {
    await queue('outage', 'y', ['y/1', 'y/2']);
    const link = breakable();
    const platform = new RecordingPlatform('outage');
    // The platform takes the message; the database goes away before it is marked sent.
    platform.onSend = () => {
      link.down = true;
      platform.onSend = () => {};
    };
    // A lease shorter than the outage: without the memory of the send, the row would be claimed again.
    const worker = new OutboxWorker(link.db, new Map([['outage', platform]]), log, { ...options, leaseMs: 50 });
    await expect(worker.drain()).rejects.toThrow(/Connection terminated/);
    await sleep(150);
    await expect(worker.drain()).rejects.toThrow(/Connection terminated/);
    link.down = false;

    expect(await worker.drain()).toBe(2);
    expect(platform.sent.map((s) => s.m.text)).toEqual(['y/1', 'y/2']);
    expect(await rowsOf('outage')).toEqual([
      { text: 'y/1', status: 'sent', attempts: 1 },
      { text: 'y/2', status: 'sent', attempts: 1 },
    ]);
    const journal = await db.db.selectFrom('messages').select('text').where('channel', '=', 'outage').where('direction', '=', 'out').orderBy('id').execute();
    expect(journal.map((j) => j.text)).toEqual(['y/1', 'y/2']);
  });

  it('does not start a send again when it outlasts its lease and the row comes back to the same process', async () => {
    await queue('slow', 'z', ['z/1']);
    const platform = new RecordingPlatform('slow', undefined, 300);
    const worker = new OutboxWorker(db.db, new Map([['slow', platform]]), log, { ...options, leaseMs: 50 });
    worker.kick();
    await sleep(150);
    // New rows may have come: the round claims again, and finds z/1, whose lease has ended.
    worker.kick();
    await sleep(50);
    await worker.stop();
    expect(platform.sent.map((s) => s.m.text)).toEqual(['z/1']);
    expect((await rowsOf('slow')).map((r) => r.status)).toEqual(['sent']);
  });
});
