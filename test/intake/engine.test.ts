import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/channels/contract.js';
import { JOURNAL_TEXT_LIMIT } from '../../src/db/repo/journal.js';
import { wgs84ToGcj02 } from '../../src/places/geometry.js';
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

const FULL_REPORT = ['郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟，味道很刺鼻', '没有', '希望尽快查处', '2', '张三 13800138000', '1'];

/** Files a report; when the bot offers an open case of the same problem, files a new one anyway. */
async function report(user: string, lines = FULL_REPORT): Promise<string[]> {
  let last: string[] = [];
  for (const line of lines) last = await core.say(user, line);
  const offer = /回复 (\d+) 仍然新建/.exec(last.join('\n'));
  return offer ? core.say(user, offer[1]!) : last;
}

describe(`intake engine on ${DB_KIND}`, () => {
  it('turns a conversation into a case with the right fields and a number at once', async () => {
    const last = await report('alice');
    const number = /HY-\d{8}-\d{4}/.exec(last.join('\n'))?.[0];
    expect(number).toBeDefined();
    const c = await db.db.selectFrom('cases').selectAll().where('number', '=', number!).executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      categories: ['air'],
      district_code: '510117',
      district_name: '郫都区',
      city: '成都市',
      identity_mode: 'confidential',
      contact_phone: '13800138000',
      night: true,
      status: 'registered',
      demand: '希望尽快查处',
    });
    expect(c.target).toContain('塑料厂');
    expect(c.time_text).toMatch(/晚上/);
    expect(c).toMatchObject({ unit_id: 'cd-pidu-eeb', routing_rule: '属地生态环境局（成都各区县）' });
    expect(last.join('')).toContain('成都市郫都生态环境局');
    const events = await db.db.selectFrom('case_events').selectAll().where('case_id', '=', c.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['registered', 'routed']);
    expect(events[1]?.data).toEqual({ unit: 'cd-pidu-eeb', rule: '属地生态环境局（成都各区县）' });
  });

  it('numbers cases with the local day and an increasing serial', async () => {
    const a = /HY-(\d{8})-(\d{4})/.exec((await report('bob')).join(''));
    const b = /HY-(\d{8})-(\d{4})/.exec((await report('carol')).join(''));
    expect(a?.[1]).toBe('20261127');
    expect(Number(b?.[2])).toBe(Number(a?.[2]) + 1);
  });

  it('processes a redelivered message once: one case, not two', async () => {
    // Another county's factory: a report of its own, so the confirmation opens a case at once.
    const lines = [FULL_REPORT[0]!.replace('郫都区犀浦街道', '新津区五津街道'), ...FULL_REPORT.slice(1, -1)];
    await report('dave', lines);
    const confirm: Inbound = { channel: 'test', chatId: 'chat-dave', userId: 'dave', messageId: 'dave-confirm', text: '1', at: core.clock.now };
    const first = await core.engine.handle(confirm);
    const again = await core.engine.handle(confirm);
    expect(first.status).toBe('processed');
    expect(first.opened).toHaveLength(1);
    expect(again).toMatchObject({ status: 'duplicate', opened: [], outboxIds: [] });
    const { n } = await db.db
      .selectFrom('cases')
      .innerJoin('reporters', 'reporters.id', 'cases.reporter_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('reporters.external_id', '=', 'dave')
      .executeTakeFirstOrThrow();
    expect(n).toBe(1);
  });

  it('keeps an anonymous reporter anonymous: no contact stored on the case', async () => {
    const last = await report('erin', [FULL_REPORT[0]!, '没有', '没有', '1', '1']);
    const number = /HY-\d{8}-\d{4}/.exec(last.join(''))?.[0];
    const c = await db.db.selectFrom('cases').selectAll().where('number', '=', number!).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ identity_mode: 'anonymous', contact_name: null, contact_phone: null });
  });

  it('answers a status question mid-report without losing the draft', async () => {
    await report('alice2');
    // With a case open, a new problem is asked about first; "2" says it is a new one.
    expect((await core.say('alice2', '成华区建设路附近一个工地凌晨两点还在打桩')).join('\n')).toMatch(/这条消息是补充其中一件吗？[\s\S]*回复 2/);
    expect((await core.say('alice2', '2')).join('\n')).toMatch(/成华区/);
    const status = await core.say('alice2', '我之前的举报进展怎么样了');
    expect(status.join('\n')).toMatch(/HY-\d{8}-\d{4}/);
    const row = await db.db
      .selectFrom('conversations')
      .innerJoin('reporters', 'reporters.id', 'conversations.reporter_id')
      .select('state')
      .where('reporters.external_id', '=', 'alice2')
      .executeTakeFirstOrThrow();
    expect((row.state as { draft: { place: { district: { name: string } } } }).draft.place.district.name).toBe('成华区');
  });

  it('offers to resume a half-filled report when the reporter comes back days later', async () => {
    await core.say('jack', '温江区万春镇的养猪场把粪水直接排进江安河');
    core.clock.advance(3 * 86_400_000);
    const back = await core.say('jack', '你好');
    expect(back.join('')).toMatch(/未完成的举报[\s\S]*温江区[\s\S]*回复 1 继续/);
    const cont = await core.say('jack', '1');
    expect(cont.join('')).toMatch(/接着来/);
    core.clock.advance(-3 * 86_400_000);
  });

  it('places a report by its pin, converting a WeChat GCJ-02 pick, and asks at a border', async () => {
    await core.say('kate', '有一家化工厂晚上排放刺鼻的废气');
    // Deep in 郫都区 (WGS-84 30.80, 103.89), as WeChat would send it: shifted to GCJ-02.
    const [lng, lat] = wgs84ToGcj02(103.89, 30.8);
    const clear = await core.say('kate', '', 'test', { location: { lat, lng, datum: 'gcj02' } });
    expect(clear.join('')).toMatch(/郫都区/);
    await core.say('liam', '有一家化工厂晚上排放刺鼻的废气');
    // 天府广场 lies within 300 m of the 锦江区 / 青羊区 line.
    const border = await core.say('liam', '', 'test', { location: { lat: 30.6573, lng: 104.0659, datum: 'wgs84' } });
    expect(border.join('')).toMatch(/交界[\s\S]*1 成都市锦江区[\s\S]*2 成都市青羊区/);
    const junk = await core.say('liam', '', 'test', { location: { lat: 0, lng: 0, datum: 'wgs84' } });
    expect(junk.join('')).toMatch(/无法识别/);
  });

  it('talks English to a reporter who writes English', async () => {
    const replies = await core.say('frank', "There's a factory near Wenjiang District in Chengdu that releases black smoke every night");
    expect(replies.join('\n')).toMatch(/[A-Za-z]{4,}/);
    expect(replies.join('\n')).not.toMatch(/[\u4e00-\u9fff]{4,}/);
  });

  it('answers every kind of bad input politely and journals it', async () => {
    const inputs: Partial<Inbound>[] = [
      { text: '' },
      { text: '   ' },
      { text: '😀😀😀' },
      { text: "'; DROP TABLE cases; --" },
      { text: '<script>alert(1)</script>' },
      { text: undefined, media: [{ kind: 'sticker', ref: 's1' }] },
      { text: undefined, media: [{ kind: 'voice', ref: 'v1' }] },
      { text: '火星区有家工厂排废气' },
      { text: '噪'.repeat(20_000) },
    ];
    for (const extra of inputs) {
      const replies = await core.say('mallory', extra.text ?? '', 'test', extra);
      expect(replies.length, JSON.stringify(extra).slice(0, 60)).toBeGreaterThan(0);
      expect(replies.every((r) => r.length > 0 && r.length < 2000)).toBe(true);
    }
    const journal = await db.db.selectFrom('messages').select(['text', 'status', 'kind']).where('chat_id', '=', 'chat-mallory').where('direction', '=', 'in').orderBy('id').execute();
    expect(journal).toHaveLength(inputs.length);
    expect(journal.every((m) => m.status === 'processed')).toBe(true);
    expect(journal[3]?.text).toBe("'; DROP TABLE cases; --");
    expect(await db.db.selectFrom('cases').select('id').limit(1).execute()).toHaveLength(1);
  });

  it('caps journal text at 64 KB and notes the cut', async () => {
    const huge = '污'.repeat(30_000); // 90,000 bytes of UTF-8
    await core.say('gina', huge);
    const row = await db.db.selectFrom('messages').selectAll().where('chat_id', '=', 'chat-gina').where('direction', '=', 'in').executeTakeFirstOrThrow();
    expect(row.text_cut).toBe(true);
    expect(row.text_length).toBe(30_000);
    expect(Buffer.byteLength(row.text ?? '', 'utf8')).toBeLessThanOrEqual(JOURNAL_TEXT_LIMIT);
    expect(row.text).toBe('污'.repeat(Math.floor(JOURNAL_TEXT_LIMIT / 3)));
  });

  it('keeps serving other conversations when one hits a database error, and retries on redelivery', async () => {
    await sql`create function fail_boom() returns trigger language plpgsql as $$
      begin if new.chat_id = 'chat-boom' then raise exception 'disk on fire'; end if; return new; end $$`.execute(db.db);
    await sql`create trigger boom before insert or update on conversations for each row execute function fail_boom()`.execute(db.db);
    const msg: Inbound = { channel: 'test', chatId: 'chat-boom', userId: 'boom', messageId: 'boom-1', text: '温江区万春镇的养猪场把粪水排进江安河', at: core.clock.now };
    const [failed, fine] = await Promise.all([core.engine.handle(msg), core.say('harry', '温江区万春镇的养猪场把粪水排进江安河')]);
    expect(failed.status).toBe('failed');
    expect(fine.join('')).toMatch(/温江/);
    await core.worker.drain();
    const sender = core.senders.get('test')!;
    expect(sender.textsFor('chat-boom').at(-1)).toMatch(/繁忙/);
    const kept = await db.db.selectFrom('messages').select(['status', 'error', 'text']).where('external_id', '=', 'boom-1').executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ status: 'failed', text: msg.text });
    expect(kept.error).toMatch(/disk on fire/);

    await sql`drop trigger boom on conversations`.execute(db.db);
    const retried = await core.engine.handle(msg);
    expect(retried.status).toBe('processed');
    expect((await core.engine.handle(msg)).status).toBe('duplicate');
  });

  it('loses no message when one reporter sends several at once', async () => {
    await core.say('ivy', '郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟');
    const photos = Array.from({ length: 6 }, (_, i): Inbound => ({
      channel: 'test', chatId: 'chat-ivy', userId: 'ivy', messageId: `ivy-photo-${i}`, media: [{ kind: 'photo', ref: `p${i}` }], at: core.clock.now,
    }));
    const outcomes = await Promise.all(photos.map((p) => core.engine.handle(p)));
    expect(outcomes.map((o) => o.status)).toEqual(photos.map(() => 'processed'));
    const row = await db.db
      .selectFrom('conversations')
      .innerJoin('reporters', 'reporters.id', 'conversations.reporter_id')
      .select(['state', 'turns'])
      .where('reporters.external_id', '=', 'ivy')
      .executeTakeFirstOrThrow();
    const refs = (row.state as { draft: { evidence: { ref: string }[] } }).draft.evidence.map((e) => e.ref).sort();
    expect(refs).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    expect(row.turns).toBe(7);
  });

  const CROWD_DISTRICTS = ['郫都区', '温江区', '成华区', '金牛区', '青羊区', '武侯区', '锦江区', '新都区'];
  it('processes many reporters at once without mixing their conversations', async () => {
    const users = Array.from({ length: 8 }, (_, i) => `crowd${i}`);
    const opened = await Promise.all(
      users.map(async (u, i) => {
        const numbers: string[] = [];
        // Each reporter names a different district, so a mixed-up conversation would show (and
        // no report is offered to join another's case).
        const lines = [`${CROWD_DISTRICTS[i]}有家化工厂每天晚上排黑烟`, ...FULL_REPORT.slice(1)];
        for (const [k, text] of lines.entries()) {
          const r = await core.engine.handle({ channel: 'test', chatId: `chat-${u}`, userId: u, messageId: `${u}-${k}`, text, at: core.clock.now });
          numbers.push(...r.opened);
        }
        return numbers;
      }),
    );
    expect(opened.map((n) => n.length)).toEqual(users.map(() => 1));
    expect(new Set(opened.flat()).size).toBe(users.length);
    const rows = await db.db.selectFrom('cases').select(['number', 'district_name']).where('number', 'in', opened.flat()).execute();
    const byNumber = new Map(rows.map((r) => [r.number, r.district_name]));
    opened.forEach(([n], i) => expect(byNumber.get(n!)).toBe(CROWD_DISTRICTS[i]));
  });
});
