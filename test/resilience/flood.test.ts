import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloodGuard } from '../../src/intake/flood-guard.js';
import type { IntakeEngine } from '../../src/intake/engine.js';
import type { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { RecordingSender, TestClock, wireCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

/* One chat floods the intake while another reports normally: the flood is cut, the other is not. */

let db: TestDb;
let engine: IntakeEngine;
let worker: OutboxWorker;
const sender = new RecordingSender('web');
const clock = new TestClock(new Date('2026-11-30T02:00:00Z'));
const flooded = (guard: FloodGuard) => wireCore(db, clock, [sender], false, { flood: guard });

beforeAll(async () => {
  db = await createTestDb();
  ({ engine, worker } = flooded(new FloodGuard({ perMinute: 30, burst: 20 }, clock.read)));
});
afterAll(async () => {
  await worker.stop();
  await db?.close();
});

describe(`a flooding chat on ${DB_KIND}`, () => {
  it('is cut after its burst and told once, keeps every message in the journal, and slows no one else', async () => {
    const flood = Array.from({ length: 200 }, (_, i) => engine.handle({ channel: 'web', chatId: 'flooder', userId: 'flooder', messageId: `x${i}`, text: `垃圾消息 ${i}`, at: clock.now }));
    let last: string[] = [];
    for (const [i, line] of ['郫都区犀浦街道有家化工厂每天晚上排黑烟', '没有', '没有', '1', '1'].entries()) {
      const outcome = await engine.handle({ channel: 'web', chatId: 'citizen', userId: 'citizen', messageId: `c${i}`, text: line, at: clock.now });
      expect(outcome.status).toBe('processed');
      await worker.drain();
      last = sender.textsFor('citizen');
    }
    expect(last.at(-1)).toMatch(/已登记，案件编号 HY-/);
    const outcomes = await Promise.all(flood);
    expect(outcomes.filter((o) => o.status === 'processed')).toHaveLength(20);
    expect(outcomes.filter((o) => o.status === 'limited')).toHaveLength(180);
    await worker.drain();
    const told = sender.textsFor('flooder').filter((t) => t.includes('您发送得太快了'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('You are sending messages too fast');
    const journal = await db.db.selectFrom('messages').select(['status']).where('chat_id', '=', 'flooder').where('direction', '=', 'in').execute();
    expect(journal).toHaveLength(200);
    expect(journal.filter((j) => j.status === 'rate_limited')).toHaveLength(180);
    // A minute later the chat is served again; a redelivered refused message is processed then.
    clock.advance(60_000);
    expect((await engine.handle({ channel: 'web', chatId: 'flooder', userId: 'flooder', messageId: 'x150', text: '垃圾消息 150', at: clock.now })).status).toBe('processed');
  });

  it('never marks a processed message as refused when a flood redelivers it', async () => {
    const strict = flooded(new FloodGuard({ perMinute: 1, burst: 1 }, clock.read)).engine;
    expect((await strict.handle({ channel: 'web', chatId: 'twice', userId: 'twice', messageId: 't1', text: '你好', at: clock.now })).status).toBe('processed');
    expect((await strict.handle({ channel: 'web', chatId: 'twice', userId: 'twice', messageId: 't1', text: '你好', at: clock.now })).status).toBe('limited');
    const row = await db.db.selectFrom('messages').select('status').where('chat_id', '=', 'twice').where('external_id', '=', 't1').executeTakeFirstOrThrow();
    expect(row.status).toBe('processed');
  });
});
