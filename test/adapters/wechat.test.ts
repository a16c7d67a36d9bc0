import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { createWechatBot, type WechatBot } from '../../adapters/wechat/index.js';
import type { Inbound, MediaStore } from '../../src/channels/contract.js';
import { enqueue } from '../../src/db/repo/outbox.js';
import { render } from '../../src/i18n/render.js';
import { FakeWechat, IMAGE_BYTES, waitFor } from '../fakes/wechat-mock.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';
import { TestClock, wireCore } from '../helpers/core.js';

const CASE_NUMBER = /HY-\d{8}-\d{4}/;
const FIRST = '温江区万春镇的养猪场把粪水直接排进江安河，河水发黑发臭';
/** The answers after a pin and a photo: time, what they want, identity (anonymous), confirm. */
const ANSWERS = ['每天晚上', '没有', '1', '1'];
/** The same report by text only, as in the Telegram test: the photo question is answered "no". */
const REPORT = [FIRST, '每天晚上', '没有', '没有', '1', '1'];
/** Another person's report of another problem (a pig farm in another county): no open case is like it. */
const OTHER_REPORT = [FIRST.replace('温江区万春镇', '新津区五津街道'), ...REPORT.slice(1)];
/** A GCJ-02 pin well inside Wenjiang district. */
const PIN = { lat: 30.7, lng: 103.83 };

let db: TestDb;
let fake: FakeWechat;
let wx: WechatBot;
let core: ReturnType<typeof wireCore>;
/** What the engine answered for each inbound message, by chat. */
const outcomes = new Map<string, string[]>();
/** Files the adapter kept, by sha256. */
const kept = new Map<string, Uint8Array>();
const clock = new TestClock(new Date()); // the reply window is checked against the database's clock

const store: MediaStore = {
  async save(file) {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    kept.set(sha256, file.bytes);
    return { sha256, size: file.bytes.byteLength };
  },
};

async function handle(m: Inbound) {
  const outcome = await core.engine.handle(m);
  outcomes.set(m.chatId, [...(outcomes.get(m.chatId) ?? []), outcome.status]);
  return outcome;
}

beforeAll(async () => {
  db = await createTestDb();
  fake = new FakeWechat();
  wx = createWechatBot({ puppet: fake.puppet, handle, media: store, autoAcceptFriends: true });
  core = wireCore(db, clock, [wx.sender], true);
  await wx.start();
  fake.login();
  await waitFor(() => wx.bot.isLoggedIn, 5_000, 'the login');
});
afterAll(async () => {
  await wx?.stop();
  await core?.worker.stop();
  await db?.close();
});

/** Sends with `send` and waits until the bot has said at least one more thing to `contactId`. */
async function turn(contactId: string, send: () => string, what: string): Promise<string[]> {
  const before = fake.textsFor(contactId).length;
  send();
  await waitFor(() => fake.textsFor(contactId).length > before, 10_000, `a reply to ${what}`);
  await core.worker.stop(); // let the round under way finish so every reply of this turn is out
  return fake.textsFor(contactId).slice(before);
}

const journal = (chatId: string) =>
  db.db.selectFrom('messages').select(['external_id', 'kind', 'payload']).where('channel', '=', 'wechat').where('direction', '=', 'in').where('chat_id', '=', chatId).orderBy('id').execute();

describe(`WeChat adapter on wechaty-puppet-mock and ${DB_KIND}`, () => {
  it('runs a whole report with a GCJ-02 pin and a photo, and says the case number back to the same contact', async () => {
    const alice = fake.contact('wxid_alice');
    await turn(alice.id, () => fake.text(alice, FIRST), 'the complaint');
    const pinId = fake.location(alice, PIN.lat, PIN.lng);
    await turn(alice.id, () => pinId, 'the pin');
    const photoId = fake.image(alice);
    await turn(alice.id, () => photoId, 'the photo');
    let last: string[] = [];
    for (const line of ANSWERS) last = await turn(alice.id, () => fake.text(alice, line), line);
    const number = CASE_NUMBER.exec(last.join('\n'))?.[0];
    expect(number).toBeDefined();
    const row = await db.db.selectFrom('cases').select(['channel', 'reporter_id']).where('number', '=', number!).executeTakeFirstOrThrow();
    expect(row.channel).toBe('wechat');
    const reporter = await db.db.selectFrom('reporters').select(['channel', 'external_id']).where('id', '=', row.reporter_id!).executeTakeFirstOrThrow();
    expect(reporter).toEqual({ channel: 'wechat', external_id: 'wxid_alice' });
    // Every reply went to Alice's contact and nowhere else.
    expect([...fake.received.keys()]).toEqual(['wxid_alice']);
    const rows = await journal(alice.id);
    expect(rows.map((r) => r.external_id)).toContain(pinId);
    const pin = rows.find((r) => r.external_id === pinId)!;
    expect(pin.kind).toBe('location');
    expect(pin.payload).toMatchObject({ location: { ...PIN, datum: 'gcj02' } });
    // The photo's bytes were kept while the puppet had them, and the journal points at them.
    const photo = rows.find((r) => r.external_id === photoId)!;
    const sha256 = createHash('sha256').update(IMAGE_BYTES).digest('hex');
    expect(photo.payload).toMatchObject({ media: [{ kind: 'photo', ref: photoId, sha256 }] });
    expect(Buffer.from(kept.get(sha256)!)).toEqual(IMAGE_BYTES);
  });

  it('opens one case when every message of a report is delivered twice', async () => {
    const bob = fake.contact('wxid_bob');
    let n = 0;
    for (const line of OTHER_REPORT) {
      const before = fake.textsFor(bob.id).length;
      const id = fake.text(bob, line);
      fake.redeliver(id); // the same message again, as after the puppet reconnects
      n += 2;
      await waitFor(() => (outcomes.get(bob.id) ?? []).length === n, 10_000, `both copies of "${line}"`);
      // The copy's turn may have locked Bob's queued reply just as the woken round looked for it
      // (that round then skips it, and production's poll would pick it up): deliver what is due.
      await core.worker.stop();
      await core.worker.drain();
      expect(fake.textsFor(bob.id).length, `a reply to "${line}"`).toBeGreaterThan(before);
    }
    expect(outcomes.get(bob.id)).toEqual(OTHER_REPORT.flatMap(() => ['processed', 'duplicate']));
    const reporter = await db.db.selectFrom('reporters').select('id').where('channel', '=', 'wechat').where('external_id', '=', bob.id).executeTakeFirstOrThrow();
    const cases = await db.db.selectFrom('cases').select('number').where('reporter_id', '=', reporter.id).execute();
    expect(cases).toHaveLength(1);
    expect(fake.textsFor(bob.id).filter((t) => t.includes(cases[0]!.number))).toHaveLength(1);
    expect(await journal(bob.id)).toHaveLength(OTHER_REPORT.length);
  });

  it('answers a voice message with the polite request for text or a photo', async () => {
    const carol = fake.contact('wxid_carol');
    const replies = await turn(carol.id, () => fake.voice(carol), 'the voice message');
    expect(replies).toEqual([render({ key: 'unsupported_media', params: { what: 'voice' } }, 'zh')]);
  });

  it('ignores its own sends, group messages and official accounts, and accepts friend requests', async () => {
    const dave = fake.contact('wxid_dave');
    const news = fake.contact('gh_news', '环保资讯', types.Contact.Official);
    fake.roomText(dave, '群里：温江区有人排污');
    fake.text(news, '今日推送：温江区生态环境新闻');
    const request = fake.friendRequest(fake.contact('wxid_erin'));
    await waitFor(() => fake.puppet.accepted.includes(request), 5_000, 'the friend request accepted');
    // Dave's own chat is handled after the group message would have been, in his queue.
    await turn(dave.id, () => fake.text(dave, '你好'), 'a one-to-one hello');
    expect(outcomes.get(dave.id)).toEqual(['processed']);
    expect((await journal(dave.id)).map((r) => r.kind)).toEqual(['text']);
    expect(outcomes.has(news.id)).toBe(false);
    expect(fake.received.has(news.id)).toBe(false);
    // The bot's replies come back from the puppet as messages too, and are not taken as reports.
    expect(outcomes.has(fake.account.id)).toBe(false);
  });

  it('reaches the same contact after a restart and a new login, and gives up on an unknown one', async () => {
    await wx.stop();
    await core.worker.stop();
    // A new process: a new puppet session in which the same people have the same (stable) ids.
    const fake2 = new FakeWechat();
    fake2.contact('wxid_alice');
    const wx2 = createWechatBot({ puppet: fake2.puppet, handle });
    const core2 = wireCore(db, clock, [wx2.sender]);
    try {
      await wx2.start();
      const reporter = await db.db.selectFrom('reporters').select('id').where('channel', '=', 'wechat').where('external_id', '=', 'wxid_alice').executeTakeFirstOrThrow();
      const [pushId] = await enqueue(db.db, [{ channel: 'wechat', chatId: 'wxid_alice', reporterId: reporter.id, inReplyTo: null, text: '您的举报已受理' }]);
      // Not logged in yet: the push waits for a retry instead of failing.
      expect(await core2.worker.drain()).toBe(0);
      const waiting = await db.db.selectFrom('outbox').selectAll().where('id', '=', pushId!).executeTakeFirstOrThrow();
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
      fake2.login();
      await waitFor(() => wx2.bot.isLoggedIn, 5_000, 'the new login');
      await db.db.updateTable('outbox').set({ next_attempt_at: sql<Date>`now()` }).where('id', '=', pushId!).execute();
      expect(await core2.worker.drain()).toBe(1);
      expect(fake2.textsFor('wxid_alice')).toEqual(['您的举报已受理']);
      const sent = await db.db.selectFrom('outbox').select('status').where('id', '=', pushId!).executeTakeFirstOrThrow();
      expect(sent.status).toBe('sent');
      // Someone this account does not know: failed for good, not retried.
      const [lostId] = await enqueue(db.db, [{ channel: 'wechat', chatId: 'wxid_gone', reporterId: null, inReplyTo: null, text: '您的举报已受理' }]);
      expect(await core2.worker.drain()).toBe(0);
      const lost = await db.db.selectFrom('outbox').select(['status', 'attempts']).where('id', '=', lostId!).executeTakeFirstOrThrow();
      expect(lost).toEqual({ status: 'failed', attempts: 1 });
    } finally {
      await wx2.stop();
      await core2.worker.stop();
    }
  });
});
