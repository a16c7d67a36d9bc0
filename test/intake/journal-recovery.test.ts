import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/channels/contract.js';
import { unfinishedInbound } from '../../src/db/repo/journal.js';
import { JournalRecovery, RECOVER_AFTER_MS } from '../../src/intake/journal-recovery.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
let core: ReturnType<typeof buildCore>;

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db);
});
afterAll(async () => {
  await db?.close();
});

const message = (id: string, text: string, extra: Partial<Inbound> = {}): Inbound => ({ channel: 'test', chatId: 'chat-r1', userId: 'r1', messageId: id, text, at: new Date(), ...extra });

/** A recovery that looks as if `laterMs` had passed since now. */
const recoveryAt = (laterMs: number) => new JournalRecovery({ db: db.db, engine: core.engine, clock: () => new Date(Date.now() + laterMs), log: core.log });

async function statusOf(id: string): Promise<string | undefined> {
  return (await db.db.selectFrom('messages').select('status').where('external_id', '=', id).executeTakeFirst())?.status;
}

describe(`journal recovery on ${DB_KIND}`, () => {
  it('finishes the turns of messages journaled ahead whose process died, once, in order, and leaves young ones alone', async () => {
    // A batch confirmed to the platform and journaled, then the process died before any turn ran.
    await core.engine.receive([message('a', '郫都区犀浦街道有家塑料厂每天晚上排黑烟'), message('b', '没有'), message('c', '1', { choiceVersion: 3 })]);
    expect(await statusOf('a')).toBe('received');
    // Too young: its turn may still be running somewhere.
    expect(await recoveryAt(0).tick()).toEqual({ recovered: 0, already: 0 });
    expect(await recoveryAt(RECOVER_AFTER_MS + 1000).tick()).toEqual({ recovered: 3, already: 0 });
    for (const id of ['a', 'b', 'c']) expect(await statusOf(id)).toBe('processed');
    await core.worker.drain();
    const replies = core.senders.get('test')!.textsFor('chat-r1');
    // The first message's reply asks about the report it started: the turns ran, in journal order.
    expect(replies.length).toBeGreaterThanOrEqual(3);
    expect(replies[0]).toMatch(/塑料厂|犀浦/);
    // A second look finds nothing, and a redelivery of a recovered message is a duplicate.
    expect(await recoveryAt(RECOVER_AFTER_MS + 1000).tick()).toEqual({ recovered: 0, already: 0 });
    expect((await core.engine.handle(message('a', '郫都区犀浦街道有家塑料厂每天晚上排黑烟'))).status).toBe('duplicate');
  });

  it('keeps what a message carries through the journal: location, media and the button version', async () => {
    const m = message('d', '', { chatId: 'chat-r2', userId: 'r2', location: { lat: 30.76, lng: 103.97, datum: 'wgs84' }, media: [{ kind: 'photo', ref: 'file-1' }], choiceVersion: 7 });
    delete (m as { text?: string }).text;
    await core.engine.receive([m]);
    const [back] = await unfinishedInbound(db.db, new Date(Date.now() + RECOVER_AFTER_MS), 10);
    expect(back).toEqual({ ...m, at: new Date(m.at.toISOString()) });
  });
});
