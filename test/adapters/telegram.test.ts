import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramBot } from '../../adapters/telegram/index.js';
import { enqueue } from '../../src/db/repo/outbox.js';
import { FakeTelegramApi, type FakeFrom } from '../fakes/telegram-api.js';
import { DB_KIND, type TestDb } from '../helpers/db.js';
import { startTelegram, type TelegramHarness } from '../helpers/telegram.js';

const TOKEN = '123456:TEST-token';
const CASE_NUMBER = /HY-\d{8}-\d{4}/;
const REPORT = ['温江区万春镇的养猪场把粪水直接排进江安河，河水发黑发臭', '每天晚上', '没有', '没有', '1', '1'];
/** Another person's report of another problem (a pig farm in another county): no open case is like it. */
const OTHER_REPORT = [REPORT[0]!.replace('温江区万春镇', '新津区五津街道'), ...REPORT.slice(1)];

let db: TestDb;
let fake: FakeTelegramApi;
let tg: TelegramBot;
let core: TelegramHarness['core'];
let harness: TelegramHarness;
/** What the engine answered for each inbound message, by chat. */
const outcomes = new Map<string, string[]>();

beforeAll(async () => {
  harness = await startTelegram({ token: TOKEN, handle: (m, outcome) => outcomes.set(m.chatId, [...(outcomes.get(m.chatId) ?? []), outcome.status]) });
  ({ db, fake, tg, core } = harness);
});
afterAll(async () => {
  await harness?.close();
});

/** Sends `text` from `from` and waits until the bot has sent at least one more message to that chat. */
async function say(from: FakeFrom, text: string): Promise<string[]> {
  const before = fake.textsFor(from.id).length;
  fake.text(from, text);
  await fake.waitFor(() => fake.textsFor(from.id).length > before, 10_000, `a reply to "${text}"`);
  await core.worker.stop(); // let the round under way finish so every reply of this turn is out
  return fake.textsFor(from.id).slice(before);
}

const outboxFor = (chatId: number) => db.db.selectFrom('outbox').selectAll().where('channel', '=', 'telegram').where('chat_id', '=', String(chatId)).orderBy('id').execute();

describe(`Telegram adapter against a fake Bot API on ${DB_KIND}`, () => {
  it('runs a whole report by text messages and delivers the case number to the chat', async () => {
    const from = { id: 5_000_001 };
    const greeting = await say(from, '/start');
    expect(greeting.join('\n').length).toBeGreaterThan(0);
    let last: string[] = [];
    for (const line of REPORT) last = await say(from, line);
    const number = CASE_NUMBER.exec(last.join('\n'))?.[0];
    expect(number).toBeDefined();
    const row = await db.db.selectFrom('cases').select(['number', 'channel']).where('number', '=', number!).executeTakeFirstOrThrow();
    expect(row.channel).toBe('telegram');
    // The /start command reached the core as the command, and typing showed while it was handled.
    const journal = await db.db.selectFrom('messages').select(['external_id', 'text']).where('channel', '=', 'telegram').where('direction', '=', 'in').where('chat_id', '=', String(from.id)).orderBy('id').execute();
    expect(journal[0]).toMatchObject({ external_id: `${from.id}:1`, text: '/start' });
    expect(fake.actions.get(String(from.id))).toContain('typing');
    // Outbound journal rows carry the Telegram message id, unique across chats.
    const out = await db.db.selectFrom('messages').select('external_id').where('channel', '=', 'telegram').where('direction', '=', 'out').where('chat_id', '=', String(from.id)).execute();
    expect(out.every((r) => r.external_id.startsWith(`${from.id}:`))).toBe(true);
  });

  it('opens one case when every update of a report is delivered twice', async () => {
    const from = { id: 5_000_002 };
    let messageId = 0;
    for (const line of OTHER_REPORT) {
      messageId++;
      const before = fake.textsFor(from.id).length;
      fake.text(from, line, messageId);
      fake.text(from, line, messageId); // the same message again, as after a restart before the offset was confirmed
      await fake.waitFor(() => fake.textsFor(from.id).length > before, 10_000, `a reply to "${line}"`);
      // Both copies are handled (sequentialized per chat) before the next line.
      await fake.waitFor(() => fake.callsOf('sendChatAction').filter((c) => String(c.params.chat_id) === String(from.id)).length >= messageId * 2, 10_000, 'both copies');
      await new Promise((r) => setTimeout(r, 50));
      await core.worker.stop();
    }
    const reporter = await db.db.selectFrom('reporters').select('id').where('channel', '=', 'telegram').where('external_id', '=', String(from.id)).executeTakeFirstOrThrow();
    const cases = await db.db.selectFrom('cases').select('number').where('reporter_id', '=', reporter.id).execute();
    expect(cases).toHaveLength(1);
    expect(fake.textsFor(from.id).filter((t) => t.includes(cases[0]!.number))).toHaveLength(1);
    const journal = await db.db.selectFrom('messages').select('external_id').where('channel', '=', 'telegram').where('direction', '=', 'in').where('chat_id', '=', String(from.id)).execute();
    expect(journal).toHaveLength(OTHER_REPORT.length);
    expect(outcomes.get(String(from.id))).toEqual(OTHER_REPORT.flatMap(() => ['processed', 'duplicate']));
  });

  it('journals a location message as WGS-84', async () => {
    const from = { id: 5_000_003 };
    await say(from, '双流区有家工厂晚上排黑烟');
    const before = fake.textsFor(from.id).length;
    const update = fake.location(from, 30.5745, 103.9234);
    await fake.waitFor(() => fake.textsFor(from.id).length > before, 10_000, 'a reply to the pin');
    const row = await db.db
      .selectFrom('messages')
      .select(['kind', 'payload'])
      .where('channel', '=', 'telegram')
      .where('external_id', '=', `${from.id}:${update.message!.message_id}`)
      .executeTakeFirstOrThrow();
    expect(row.kind).toBe('location');
    expect(row.payload).toMatchObject({ location: { lat: 30.5745, lng: 103.9234, datum: 'wgs84' } });
  });

  it('answers a sticker politely and ignores a press on a button that is not a choice', async () => {
    const from = { id: 5_000_006 };
    const before = fake.textsFor(from.id).length;
    fake.sticker(from, 'sticker-file-1');
    await fake.waitFor(() => fake.textsFor(from.id).length > before, 10_000, 'a reply to the sticker');
    const press = fake.callback(from, 'not-a-choice');
    await fake.waitFor(() => fake.answeredCallbacks.includes(press.callback_query!.id), 10_000, 'the callback answered');
    await tg.stop(); // waits for the press to be handled
    await tg.start();
    expect(outcomes.get(String(from.id))).toEqual(['processed']);
    const journal = await db.db.selectFrom('messages').select(['external_id', 'text']).where('channel', '=', 'telegram').where('direction', '=', 'in').where('chat_id', '=', String(from.id)).orderBy('id').execute();
    expect(journal.map((r) => r.external_id)).toEqual([`${from.id}:1`]);
  });

  it('waits out a 429 retry_after and still delivers five messages to one chat in order', async () => {
    await core.worker.stop();
    const chatId = 5_000_004;
    fake.failNext(chatId, 2, { kind: '429', retryAfter: 1 });
    const texts = ['第一条', '第二条', '第三条', '第四条', '第五条'];
    await enqueue(db.db, texts.map((text) => ({ channel: 'telegram', chatId: String(chatId), reporterId: null, inReplyTo: null, text })));
    const started = Date.now();
    expect(await core.worker.drain()).toBe(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900); // two waits of retry_after = 1 s
    expect(fake.textsFor(chatId)).toEqual(texts);
    const rows = await outboxFor(chatId);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(texts.map(() => ['sent', 1]));
  });

  it('gives up at once on a chat that blocked the bot (403) and marks the reporter unreachable', async () => {
    const chatId = 5_000_005;
    await say({ id: chatId }, '/start');
    const reporter = await db.db.selectFrom('reporters').select('id').where('channel', '=', 'telegram').where('external_id', '=', String(chatId)).executeTakeFirstOrThrow();
    await core.worker.stop();
    const sendsTo = (): number => fake.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === String(chatId)).length;
    const before = sendsTo();
    fake.failNext(chatId, 1, { kind: '403' });
    await enqueue(db.db, [{ channel: 'telegram', chatId: String(chatId), reporterId: reporter.id, inReplyTo: null, text: '您的举报已受理' }]);
    expect(await core.worker.drain()).toBe(0);
    const row = (await outboxFor(chatId)).at(-1);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    const marked = await db.db.selectFrom('reporters').select(['unreachable_at', 'unreachable_reason']).where('id', '=', reporter.id).executeTakeFirstOrThrow();
    expect(marked.unreachable_at).not.toBeNull();
    expect(marked.unreachable_reason).toMatch(/blocked by the user/);
    expect(row!.last_error).toMatch(/blocked by the user/);
    // Nothing comes due again: a later round does not retry it.
    await db.db.updateTable('outbox').set({ next_attempt_at: sql<Date>`now() - interval '1 hour'` }).where('id', '=', row!.id).execute();
    expect(await core.worker.drain()).toBe(0);
    expect(sendsTo()).toBe(before + 1);
  });
});
