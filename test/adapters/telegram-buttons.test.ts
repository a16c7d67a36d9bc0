import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbMediaStore } from '../../src/media/evidence-store.js';
import { FakeTelegramApi, inlineButtons, type FakeFrom, type FakeSent } from '../fakes/telegram-api.js';
import { DB_KIND, type TestDb } from '../helpers/db.js';
import { startTelegram, type TelegramHarness } from '../helpers/telegram.js';

const TOKEN = '123456:TEST-buttons';
const CASE_NUMBER = /HY-\d{8}-\d{4}/;
/** A JPEG-ish payload: the content is what is hashed, not its format. */
const PHOTO = new Uint8Array(Buffer.from('\xff\xd8\xff\xe0 photo of black smoke over 武侯区', 'latin1'));

let db: TestDb;
let fake: FakeTelegramApi;
let core: TelegramHarness['core'];
let harness: TelegramHarness;

beforeAll(async () => {
  harness = await startTelegram({ token: TOKEN, bot: (d) => ({ media: new DbMediaStore(d.db) }) });
  ({ db, fake, core } = harness);
});
afterAll(async () => {
  await harness?.close();
});

/** Waits until the bot has sent more than `before` messages to the chat, and the round is over. */
async function repliesAfter(chat: number, before: number, what: string): Promise<FakeSent[]> {
  await fake.waitFor(() => fake.sent.filter((s) => s.chatId === String(chat)).length > before, 10_000, what);
  await core.worker.stop();
  return fake.sent.filter((s) => s.chatId === String(chat)).slice(before);
}

const count = (chat: number): number => fake.sent.filter((s) => s.chatId === String(chat)).length;

async function say(from: FakeFrom, text: string): Promise<FakeSent[]> {
  const before = count(from.id);
  fake.text(from, text);
  return repliesAfter(from.id, before, `a reply to "${text}"`);
}

async function press(from: FakeFrom, label: string): Promise<FakeSent[]> {
  const before = count(from.id);
  fake.press(from, label);
  return repliesAfter(from.id, before, `a reply to the button "${label}"`);
}

const labels = (sent: FakeSent[]): string[] => inlineButtons(sent.at(-1)?.replyMarkup).map((b) => b.text);

describe(`Telegram buttons, location and photos against a fake Bot API on ${DB_KIND}`, () => {
  it('registers the command menu in Chinese and English when it starts', () => {
    expect(fake.commandMenus.map((m) => m.language)).toEqual(['', 'en']);
    expect(fake.commandMenus[0]!.commands.map((c) => c.command)).toEqual(['start', 'help', 'status', 'cancel', 'lang']);
  });

  it('runs a report by text, a shared pin, a photo and button presses to a case with the photo kept', async () => {
    const from = { id: 6_100_001 };
    fake.addFile('photo-smoke-1', PHOTO);
    // No place named: the question comes with a one-time "share location" keyboard.
    const asked = await say(from, '有家工厂每天晚上排放黑烟，气味很刺鼻');
    const where = asked.at(-1)!;
    expect(where.replyMarkup?.keyboard?.[0]?.[0]).toMatchObject({ text: '📍 发送我的位置', request_location: true });
    expect(where.replyMarkup?.one_time_keyboard).toBe(true);

    let before = count(from.id);
    fake.location(from, 30.6423, 104.0431); // 武侯区, WGS-84 as Telegram sends
    let replies = await repliesAfter(from.id, before, 'a reply to the pin');
    expect(replies.map((r) => r.text).join('\n')).toMatch(/武侯区/);
    // The question that follows a pin takes the location keyboard away.
    expect(replies[0]!.replyMarkup?.remove_keyboard).toBe(true);

    // Answer every question by its buttons, sending the photo when asked for evidence.
    let sentPhoto = false;
    for (let turn = 0; turn < 12 && !CASE_NUMBER.test(replies.map((r) => r.text).join('\n')); turn++) {
      const options = labels(replies);
      const text = replies.at(-1)!.text;
      if (!sentPhoto && /照片/.test(text) && options.includes('没有')) {
        before = count(from.id);
        fake.photo(from, 'photo-smoke-1');
        replies = await repliesAfter(from.id, before, 'a reply to the photo');
        sentPhoto = true;
        continue;
      }
      const choice = ['确认提交', '匿名', '不知道', '没有'].find((l) => options.includes(l));
      if (!choice) {
        // A free-text question with no buttons (e.g. "say you are done with photos").
        replies = await say(from, '好了');
        continue;
      }
      replies = await press(from, choice);
    }
    const number = CASE_NUMBER.exec(replies.map((r) => r.text).join('\n'))?.[0];
    expect(number).toBeDefined();
    expect(sentPhoto).toBe(true);

    const row = await db.db.selectFrom('cases').select(['district_name', 'evidence', 'identity_mode', 'datum']).where('number', '=', number!).executeTakeFirstOrThrow();
    expect(row.district_name).toBe('武侯区');
    expect(row.identity_mode).toBe('anonymous');
    const sha256 = createHash('sha256').update(PHOTO).digest('hex');
    expect(row.evidence).toEqual([{ kind: 'photo', ref: 'photo-smoke-1', sha256, size: PHOTO.length }]);
    const file = await db.db.selectFrom('evidence_files').selectAll().where('sha256', '=', sha256).executeTakeFirstOrThrow();
    expect(Buffer.from(file.bytes).equals(Buffer.from(PHOTO))).toBe(true);
    expect(file).toMatchObject({ size: PHOTO.length, mime: 'image/jpeg', channel: 'telegram', ref: 'photo-smoke-1' });
    // Each pressed question lost its buttons, so none can be pressed twice.
    const pressed = fake.callsOf('editMessageReplyMarkup');
    expect(pressed.length).toBeGreaterThanOrEqual(3);
    // Only the photo question, answered with a photo rather than its "没有" button, keeps its button.
    const left = fake.sent.filter((s) => s.chatId === String(from.id) && s.replyMarkup?.inline_keyboard);
    expect(left.map((s) => inlineButtons(s.replyMarkup).map((b) => b.text))).toEqual([['没有']]);
  });

  it('refuses a press on the buttons of a question already answered by typing', async () => {
    const from = { id: 6_100_002 };
    let replies = await say(from, '青羊区有家饭店油烟很大');
    // Type answers until a question with buttons comes, then answer it by typing too.
    for (let i = 0; i < 6 && labels(replies).length === 0; i++) replies = await say(from, '不知道');
    const options = labels(replies);
    expect(options.length).toBeGreaterThan(0);
    const oldQuestion = replies.at(-1)!;
    const oldButton = inlineButtons(oldQuestion.replyMarkup)[0]!;
    await say(from, '不知道'); // answered by typing: the conversation moves on
    const before = count(from.id);
    fake.callback(from, oldButton.callback_data, oldQuestion.messageId);
    const refused = await repliesAfter(from.id, before, 'a reply to the old button');
    expect(refused.map((r) => r.text).join('\n')).toMatch(/之前的问题/);
    // The refusal changed nothing: no case, the draft is still being filled in.
    const reporter = await db.db.selectFrom('reporters').select('id').where('channel', '=', 'telegram').where('external_id', '=', String(from.id)).executeTakeFirstOrThrow();
    expect(await db.db.selectFrom('cases').select('id').where('reporter_id', '=', reporter.id).execute()).toHaveLength(0);
  });

  it('keeps the report going when a photo cannot be downloaded, with the file reference', async () => {
    const from = { id: 6_100_003 };
    let replies = await say(from, '武侯区有家工厂往河里排废水');
    for (let i = 0; i < 6 && !/照片/.test(replies.at(-1)!.text); i++) replies = await say(from, '不知道');
    const before = count(from.id);
    fake.photo(from, 'photo-that-is-gone'); // never added: getFile fails
    const after = await repliesAfter(from.id, before, 'a reply to the photo');
    expect(after.map((r) => r.text).join('\n')).toMatch(/已收到照片/);
    const conv = await db.db.selectFrom('conversations').select('state').where('channel', '=', 'telegram').where('chat_id', '=', String(from.id)).executeTakeFirstOrThrow();
    expect((conv.state as { draft: { evidence: unknown[] } }).draft.evidence).toEqual([{ kind: 'photo', ref: 'photo-that-is-gone' }]);
  });
});
