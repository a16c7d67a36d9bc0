import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/db/repo/outbox.js';
import { readTurn } from '../../src/db/repo/turn.js';
import { RecordingSender, TestClock, wireCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

/** A platform that lets the bot answer only for 48 hours after the person's last message, as a WeChat service account. */
class WindowedSender extends RecordingSender {
  readonly replyWindowMs = 48 * 3_600_000;
}

const HOUR = 3_600_000;
let db: TestDb;
let core: ReturnType<typeof wireCore>;
let wx: WindowedSender;
let staffChat: RecordingSender;
let caseNumber: string;
let reporterId: string;
let n = 0;

/** Sends `text` from the reporter through the real engine, then delivers. */
async function reporterSays(text: string): Promise<void> {
  await core.engine.handle({ channel: 'wx', chatId: 'chat-lin', userId: 'lin', messageId: `lin-${++n}`, text, at: core.clock.now });
  await core.worker.drain();
}

/** Sends a staff command and returns what staff were told. */
async function staffSays(text: string): Promise<string> {
  const before = staffChat.sent.length;
  await core.engine.handle({ channel: 'staffchat', chatId: 'chat-duty', userId: 'ext-duty', messageId: `duty-${++n}`, text, at: core.clock.now });
  await core.worker.drain();
  return staffChat.sent.slice(before).map((m) => m.text).join('\n');
}

const rowsFor = (chatId: string) => db.db.selectFrom('outbox').select(['text', 'status', 'last_error']).where('chat_id', '=', chatId).orderBy('id').execute();

beforeAll(async () => {
  db = await createTestDb();
  wx = new WindowedSender('wx');
  staffChat = new RecordingSender('staffchat');
  // The database's clock decides reply windows, so the engine's clock must be the real one here.
  core = wireCore(db, new TestClock(new Date()), [wx, staffChat]);
  await db.db.insertInto('staff').values({ handle: 'pidu.duty1', name: 'duty', unit_id: 'cd-pidu-eeb', role: 'duty', channel: 'staffchat', external_id: 'ext-duty', chat_id: 'chat-duty' }).execute();
  for (const line of ['郫都区犀浦街道有家塑料厂每天晚上排黑烟', '没有', '没有', '1', '1']) await reporterSays(line);
  caseNumber = /HY-\d{8}-\d{4,}/.exec(wx.textsFor('chat-lin').join('\n'))![0];
  reporterId = (await db.db.selectFrom('reporters').select('id').where('channel', '=', 'wx').where('external_id', '=', 'lin').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await db?.close();
});

describe(`reply windows on ${DB_KIND}`, () => {
  it('holds a notice to a reporter silent for longer than the window, warns staff who reply, and delivers both when the reporter writes again', async () => {
    // Within the window a staff reply goes out with no warning.
    expect(await staffSays(`回复 ${caseNumber} 已收到`)).not.toMatch(/再次发消息/);
    expect(wx.textsFor('chat-lin').at(-1)).toBe('【值班工作人员】已收到');

    await db.db.updateTable('reporters').set({ last_inbound_at: sql<Date>`now() - ${`${49 * HOUR} milliseconds`}::interval` }).where('id', '=', reporterId).execute();
    const deliveredBefore = wx.textsFor('chat-lin').length;
    await enqueue(db.db, [{ channel: 'wx', chatId: 'chat-lin', reporterId, inReplyTo: null, text: '您的举报已转交执法大队' }]);
    await core.worker.drain();
    expect(wx.textsFor('chat-lin')).toHaveLength(deliveredBefore);
    const [held] = (await rowsFor('chat-lin')).slice(-1);
    expect(held).toMatchObject({ text: '您的举报已转交执法大队', status: 'held' });
    expect(held!.last_error).toMatch(/outside the 48-hour reply window/);

    const answer = await staffSays(`回复 ${caseNumber} 明天上午到现场`);
    expect(answer).toMatch(/已回复[\s\S]*超过 48 小时没有发来消息[\s\S]*将在其再次发消息时送达[\s\S]*reachable only after they write again; your message is kept and delivered then/);
    expect(wx.textsFor('chat-lin')).toHaveLength(deliveredBefore);
    expect((await rowsFor('chat-lin')).slice(-2).map((r) => r.status)).toEqual(['held', 'held']);

    await reporterSays('还在冒烟');
    const after = wx.textsFor('chat-lin').slice(deliveredBefore);
    expect(after.slice(0, 2)).toEqual(['您的举报已转交执法大队', '【值班工作人员】明天上午到现场']);
    expect(after.length).toBeGreaterThan(2);
    const rows = await rowsFor('chat-lin');
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('delivers a row held by a claim that raced with the reporter writing', async () => {
    await db.db.updateTable('reporters').set({ last_inbound_at: sql<Date>`now() - ${`${49 * HOUR} milliseconds`}::interval` }).where('id', '=', reporterId).execute();
    const [id] = await enqueue(db.db, [{ channel: 'wx', chatId: 'chat-lin', reporterId, inReplyTo: null, text: '处理结果通知' }]);
    // The reporter writes while a claim, having read their old last message, is holding the row:
    // readTurn cannot see a hold committed after it started, so it releases nothing.
    await readTurn(db.db, { channel: 'wx', chatId: 'chat-lin', userId: 'lin', messageId: 'lin-race', text: '在吗', at: new Date() }, new Date());
    await db.db.updateTable('outbox').set({ status: 'held', last_error: 'outside the 48-hour reply window', next_attempt_at: sql<Date>`now()` }).where('id', '=', id!).execute();
    await core.worker.drain();
    expect(wx.textsFor('chat-lin').at(-1)).toBe('处理结果通知');
  });
});
