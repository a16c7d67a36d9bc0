import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCaseRules } from '../../src/cases/rules.js';
import { emptyDraft } from '../../src/conversation/draft.js';
import type { ConversationState } from '../../src/conversation/state.js';
import { issueToken, staffByToken } from '../../src/db/repo/api-tokens.js';
import { caseDetail } from '../../src/db/repo/case-status.js';
import { nextCaseNumber } from '../../src/db/repo/cases.js';
import { setPassword, signIn } from '../../src/db/repo/console-sessions.js';
import { journalFields, unfinishedInbound } from '../../src/db/repo/journal.js';
import type { LifecycleDeps } from '../../src/db/repo/lifecycle.js';
import { openPages } from '../../src/db/repo/pages.js';
import { caseByNumber } from '../../src/db/repo/staff-cases.js';
import { migrateTo, migrateToLatest } from '../../src/db/migrate.js';
import { loadRouting } from '../../src/routing/load.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { buildCore, TestClock } from '../helpers/core.js';
import { DB_KIND, type TestDb } from '../helpers/db.js';
import { createEmptyTestDb } from '../helpers/empty-db.js';

/**
 * Issue 9 item 4: migrations run forward over a database an earlier release built and filled.
 * Rows are written as the schema stood after `001_intake` (the first release) and after
 * `007_delivery` (the release before the lifecycle, which renamed a status and backfilled
 * followers), in raw SQL because today's types describe today's schema; then the database is
 * brought to the newest migration and every row is checked to be there, unchanged, with the later
 * columns at their defaults, and usable by today's code: the engine, the status query, journal
 * recovery, delivery, staff sign-in.
 */

const FIRST = '001_intake';
const MID = '007_delivery';
const NOW = new Date('2026-11-27T14:00:00Z');

/** Every table's rows in key order, to compare before and after the upgrade. */
async function snapshot(db: Kysely<any>): Promise<Record<string, Record<string, unknown>[]>> {
  const { rows: tables } = await sql<{ t: string }>`
    select table_name as t from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by 1`.execute(db);
  const out: Record<string, Record<string, unknown>[]> = {};
  // The first columns are the key in every table here (id, sha256, channel, case and reporter ids).
  for (const { t } of tables) out[t] = (await sql<Record<string, unknown>>`select * from ${sql.id(t)} order by 1, 2, 3`.execute(db)).rows;
  return out;
}

/** A conversation state as the first release saved it: no `misses`, `offered`, `held` or `ratingFor`. */
function oldState(s: Partial<ConversationState>): Record<string, unknown> {
  const { misses: _m, ...state } = { phase: 'idle', awaiting: null, draft: null, candidates: [], lang: 'zh', updatedAt: null, ...s } as ConversationState;
  return state;
}

describe(`upgrading a database built by earlier releases (${DB_KIND})`, () => {
  let db: TestDb;
  // The ids (and one number) of the rows written by the earlier releases, filled in beforeAll.
  const ids = {} as Record<'wang' | 'li' | 'legacy' | 'zhao' | 'wangConv' | 'liConv' | 'wangCase' | 'wangNumber' | 'legacyCase' | 'zhaoCase' | 'wangIn' | 'liIn' | 'pendingOut', string>;
  let atFirst: Record<string, Record<string, unknown>[]>;
  let atMid: Record<string, Record<string, unknown>[]>;
  let lifecycle: LifecycleDeps;

  beforeAll(async () => {
    db = await createEmptyTestDb();
    const k = db.db as Kysely<any>;
    const routing = loadRouting('config');
    lifecycle = { policy: loadCaseRules('config').clocks, calendar: routing.calendar, timeZone: 'Asia/Shanghai', units: routing.units };

    // ---- The first release: 001_intake only. ----
    expect(await migrateTo(k, FIRST)).toEqual([FIRST]);
    const reporter = async (channel: string, external: string, extra: Record<string, unknown> = {}) =>
      (await k.insertInto('reporters').values({ channel, external_id: external, created_at: new Date('2026-11-20T01:00:00Z'), ...extra }).returning('id').executeTakeFirstOrThrow()).id as string;
    ids.wang = await reporter('telegram', '1001', { identity_mode: 'real_name', contact_name: '王先生', contact_phone: '13800138000', last_inbound_at: new Date('2026-11-20T02:00:00Z') });
    ids.li = await reporter('telegram', '1002', { last_inbound_at: new Date('2026-11-27T10:00:00Z') });
    ids.legacy = await reporter('import', 'legacy');

    // Wang finished a report: idle conversation, a case with its events, a reply delivered and one still pending.
    ids.wangConv = (
      await k
        .insertInto('conversations')
        .values({ reporter_id: ids.wang, channel: 'telegram', chat_id: 'chat-1001', state: JSON.stringify(oldState({ updatedAt: '2026-11-20T02:05:00.000Z' })), turns: 9, updated_at: new Date('2026-11-20T02:05:00Z') })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // Li was half-way through a report when the old release stopped: asked where, and their answer journaled but not processed.
    const draft = { ...emptyDraft(new Date('2026-11-27T09:58:00Z')), categories: ['air' as const], description: ['有家塑料厂每天晚上排黑烟'], night: true };
    ids.liConv = (
      await k
        .insertInto('conversations')
        .values({ reporter_id: ids.li, channel: 'telegram', chat_id: 'chat-1002', state: JSON.stringify(oldState({ phase: 'collecting', awaiting: 'place', draft, updatedAt: '2026-11-27T09:59:00.000Z' })), turns: 2, updated_at: new Date('2026-11-27T09:59:00Z') })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

    const serial = async () => Number((await sql<{ n: string }>`select nextval('case_number_seq') as n`.execute(k)).rows[0]!.n);
    const wangCase = {
      number: `HY-20261120-${String(await serial()).padStart(4, '0')}`,
      reporter_id: ids.wang,
      channel: 'telegram',
      categories: sql`array['air']::text[]`,
      subcategory: 'odor',
      description: '犀浦镇一家化工厂夜里有刺鼻气味',
      target: '某化工厂',
      place_text: '郫都区犀浦镇',
      district_code: '510117',
      district_name: '郫都区',
      city: '成都市',
      province: '四川省',
      town: '犀浦镇',
      time_text: '每天晚上',
      night: true,
      evidence: JSON.stringify([{ kind: 'photo', ref: 'AgACAgUAAxkBAAIB' }]),
      demand: '希望尽快查处',
      identity_mode: 'real_name',
      contact_name: '王先生',
      contact_phone: '13800138000',
      lang: 'zh',
      registered_at: new Date('2026-11-20T02:04:00Z'),
    };
    ids.wangCase = (await k.insertInto('cases').values(wangCase).returning('id').executeTakeFirstOrThrow()).id;
    ids.wangNumber = wangCase.number;
    ids.legacyCase = (
      await k
        .insertInto('cases')
        .values({ ...wangCase, number: `HY-20261120-${String(await serial()).padStart(4, '0')}`, reporter_id: ids.legacy, channel: 'import', identity_mode: 'anonymous', contact_name: null, contact_phone: null, evidence: sql`'[]'::jsonb` })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await k
      .insertInto('case_events')
      .values([
        { case_id: ids.wangCase, at: new Date('2026-11-20T02:04:00Z'), actor: 'reporter', type: 'registered', data: JSON.stringify({ channel: 'telegram' }) },
        { case_id: ids.legacyCase, at: new Date('2026-11-20T02:04:00Z'), actor: 'import', type: 'registered', data: sql`'{}'::jsonb` },
      ])
      .execute();

    const inMsg = { channel: 'telegram', chatId: 'chat-1001', userId: '1001', messageId: 'tg-5001', text: '是的，提交', at: new Date('2026-11-20T02:04:00Z') };
    ids.wangIn = (await k.insertInto('messages').values({ channel: 'telegram', direction: 'in', external_id: 'tg-5001', chat_id: 'chat-1001', reporter_id: ids.wang, ...journalFields(inMsg), status: 'processed', received_at: inMsg.at, processed_at: inMsg.at }).returning('id').executeTakeFirstOrThrow()).id;
    await k.insertInto('messages').values({ channel: 'telegram', direction: 'out', external_id: 'tg-out-77', chat_id: 'chat-1001', reporter_id: ids.wang, kind: 'text', text: `已登记，编号 ${wangCase.number}`, text_length: 20, status: 'sent', sent_at: inMsg.at, received_at: inMsg.at }).execute();
    const liMsg = { channel: 'telegram', chatId: 'chat-1002', userId: '1002', messageId: 'tg-5002', text: '在郫都区犀浦街道', at: new Date('2026-11-27T10:00:00Z') };
    ids.liIn = (await k.insertInto('messages').values({ channel: 'telegram', direction: 'in', external_id: 'tg-5002', chat_id: 'chat-1002', reporter_id: ids.li, ...journalFields(liMsg), status: 'received', received_at: liMsg.at }).returning('id').executeTakeFirstOrThrow()).id;
    ids.pendingOut = (
      await k
        .insertInto('outbox')
        .values({ channel: 'telegram', chat_id: 'chat-1001', reporter_id: ids.wang, in_reply_to: ids.wangIn, text: '您的举报已转交郫都区生态环境局。', next_attempt_at: new Date('2026-11-20T02:05:00Z'), created_at: new Date('2026-11-20T02:05:00Z') })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    atFirst = await snapshot(k);

    // ---- The release before the lifecycle: up to 007_delivery. ----
    expect((await migrateTo(k, MID)).at(-1)).toBe(MID);
    await k.updateTable('cases').set({ unit_id: 'cd-pidu-eeb', routing_rule: 'district:510117' }).where('id', '=', ids.wangCase).execute();
    await k.insertInto('case_events').values({ case_id: ids.wangCase, at: new Date('2026-11-20T02:04:00Z'), actor: 'system:routing', type: 'routed', data: JSON.stringify({ unit: 'cd-pidu-eeb', rule: 'district:510117' }) }).execute();
    // A case the old release refused: status `rejected`, which 008 renames.
    ids.zhao = await reporter('telegram', '1003');
    ids.zhaoCase = (
      await k
        .insertInto('cases')
        .values({ ...wangCase, number: `HY-20261121-${String(await serial()).padStart(4, '0')}`, reporter_id: ids.zhao, status: 'rejected', identity_mode: 'anonymous', contact_name: null, contact_phone: null, unit_id: 'cd-pidu-eeb', routing_rule: 'district:510117', registered_at: new Date('2026-11-21T03:00:00Z') })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await k.insertInto('case_events').values({ case_id: ids.zhaoCase, at: new Date('2026-11-21T05:00:00Z'), actor: 'pidu.duty1', type: 'rejected', data: sql`'{}'::jsonb`, reason: '不属于受理范围' }).execute();
    await k.insertInto('staff').values({ handle: 'pidu.duty1', name: '值班员', unit_id: 'cd-pidu-eeb', role: 'duty', channel: 'telegram', external_id: '9001', chat_id: 'chat-9001' }).execute();
    await k
      .insertInto('pages')
      .values({ subject: `case:${ids.wangCase}`, case_id: ids.wangCase, unit_id: 'cd-pidu-eeb', reason: 'urgent', level: 0, staff_handle: 'pidu.duty1', sent_at: new Date('2026-11-20T02:05:00Z'), ack_due_at: new Date('2026-11-20T02:20:00Z') })
      .execute();
    await k.updateTable('conversations').set({ claimed_by: 'pidu.duty1', claimed_at: new Date('2026-11-20T03:00:00Z') }).where('id', '=', ids.wangConv).execute();
    await k.updateTable('reporters').set({ unreachable_at: new Date('2026-11-22T00:00:00Z'), unreachable_reason: 'blocked' }).where('id', '=', ids.zhao).execute();
    await k.insertInto('evidence_files').values({ sha256: 'ab'.repeat(32), size: 3, mime: 'image/jpeg', bytes: Buffer.from([1, 2, 3]), channel: 'telegram', ref: 'AgACAgUAAxkBAAIB' }).execute();
    await k.insertInto('reply_windows').values({ channel: 'wechat', window_ms: '172800000' }).execute();
    await k.insertInto('outbox').values({ channel: 'telegram', chat_id: 'chat-1003', reporter_id: ids.zhao, text: '请选择', status: 'failed', choices: JSON.stringify({ buttons: [] }), created_at: new Date('2026-11-21T05:00:00Z') }).execute();
    atMid = await snapshot(k);

    // ---- Today's release. ----
    const applied = await migrateToLatest(k);
    const names = Object.keys(MIGRATIONS);
    expect(applied).toEqual(names.slice(names.indexOf(MID) + 1));
  });

  afterAll(async () => {
    await db?.close();
  });

  it('keeps every row of both earlier releases, column for column', async () => {
    const now = await snapshot(db.db);
    const counts = Object.fromEntries(Object.entries(atMid).map(([t, rows]) => [t, rows.length]));
    expect(counts).toEqual({ reporters: 4, conversations: 2, messages: 3, cases: 3, case_events: 4, outbox: 2, staff: 1, pages: 1, evidence_files: 1, reply_windows: 1 });
    for (const [table, rows] of Object.entries(atMid)) {
      expect(now[table], table).toHaveLength(rows.length);
      // The one change migrations make to old data: `rejected` became `not_accepted` (008).
      const expected = table === 'cases' ? rows.map((r) => (r.status === 'rejected' ? { ...r, status: 'not_accepted' } : r)) : rows;
      expect(now[table], table).toMatchObject(expected);
    }
    // And what the first release wrote came through the middle one unchanged: the middle release
    // set only columns the first did not have.
    for (const [table, rows] of Object.entries(atFirst)) {
      const first = new Set(rows.map((r) => r.id));
      expect(now[table]!.filter((r) => first.has(r.id)), table).toMatchObject(rows);
    }
  });

  it('gives columns and tables added later their defaults and backfills', async () => {
    const cases = await db.db.selectFrom('cases').select(['id', 'supervised', 'priority', 'status']).orderBy('id').execute();
    expect(cases.map((c) => [c.supervised, c.priority])).toEqual(cases.map(() => [false, 0]));
    const staff = await db.db.selectFrom('staff').selectAll().executeTakeFirstOrThrow();
    expect(staff).toMatchObject({ handle: 'pidu.duty1', password_hash: null, failed_logins: 0, locked_until: null, active: true });
    // 008 made every chat reporter a follower of their case; the legacy import's pseudo-reporter follows nothing.
    const followers = await db.db.selectFrom('case_reporters').selectAll().orderBy('case_id').execute();
    expect(followers).toEqual([
      { case_id: ids.wangCase, reporter_id: ids.wang, role: 'reporter', notify: true, joined_at: new Date('2026-11-20T02:04:00Z') },
      { case_id: ids.zhaoCase, reporter_id: ids.zhao, role: 'reporter', notify: true, joined_at: new Date('2026-11-21T03:00:00Z') },
    ]);
    const outbox = await db.db.selectFrom('outbox').select(['id', 'choices']).where('id', '=', ids.pendingOut).executeTakeFirstOrThrow();
    expect(outbox.choices).toBeNull();
    const reporters = await db.db.selectFrom('reporters').select(['unreachable_at']).where('id', '=', ids.wang).executeTakeFirstOrThrow();
    expect(reporters.unreachable_at).toBeNull();
  });

  it('lets today\'s code read and carry on with the old rows', async () => {
    const core = buildCore(db, new TestClock(NOW), ['telegram']);

    // The staff views and the reporter's own status query find the old case.
    expect(await caseByNumber(db.db, ids.wangNumber)).toMatchObject({ id: ids.wangCase, status: 'registered', unit_id: 'cd-pidu-eeb', followers: 1, supervised: false });
    const detail = await caseDetail(db.db, ids.wang, ids.wangNumber, lifecycle, NOW);
    expect(detail).toMatchObject({ number: ids.wangNumber, status: 'registered', district: '成都市郫都区' });
    expect(detail!.timeline.map((e) => e.type)).toEqual(['registered']);
    const zhao = await caseDetail(db.db, ids.zhao, (await db.db.selectFrom('cases').select('number').where('id', '=', ids.zhaoCase).executeTakeFirstOrThrow()).number, lifecycle, NOW);
    expect(zhao?.status).toBe('not_accepted');

    // The pending reply of the old release is delivered by today's worker.
    await core.worker.drain();
    expect(await db.db.selectFrom('outbox').select('status').where('id', '=', ids.pendingOut).executeTakeFirstOrThrow()).toEqual({ status: 'sent' });
    expect(core.senders.get('telegram')!.textsFor('chat-1001')).toContain('您的举报已转交郫都区生态环境局。');

    // The old release's open page is still open and can be seen by the unit.
    expect((await openPages(db.db, 'cd-pidu-eeb')).map((p) => p.ref)).toEqual([ids.wangNumber]);

    // Journal recovery finds Li's unprocessed message by its journal row and finishes the turn
    // in the same conversation, on the old draft.
    const unfinished = await unfinishedInbound(db.db, NOW, 10);
    expect(unfinished).toEqual([expect.objectContaining({ channel: 'telegram', chatId: 'chat-1002', userId: '1002', messageId: 'tg-5002', text: '在郫都区犀浦街道' })]);
    const outcome = await core.engine.handle(unfinished[0]!);
    expect(outcome).toMatchObject({ status: 'processed', messageId: ids.liIn });
    expect(await db.db.selectFrom('messages').select('status').where('id', '=', ids.liIn).executeTakeFirstOrThrow()).toEqual({ status: 'processed' });
    const li = await db.db.selectFrom('conversations').selectAll().where('reporter_id', '=', ids.li).execute();
    expect(li).toHaveLength(1);
    expect(li[0]).toMatchObject({ id: ids.liConv, turns: 3 });
    const state = li[0]!.state as ConversationState;
    expect(state.phase).toBe('collecting');
    expect(state.draft).toMatchObject({ categories: ['air'], description: ['有家塑料厂每天晚上排黑烟'], night: true, place: { district: { name: '郫都区' } } });

    // Wang's conversation resumes (same row) and a status question names the old case. It was
    // taken over by staff in the old release: release it first, as the duty officer would.
    await db.db.updateTable('conversations').set({ claimed_by: null, claimed_at: null }).where('id', '=', ids.wangConv).execute();
    const replies = await core.say('1001', '我的举报进展怎么样了', 'telegram');
    expect(replies.join('\n')).toContain(ids.wangNumber);
    expect(await db.db.selectFrom('conversations').select(['id', 'turns']).where('reporter_id', '=', ids.wang).execute()).toEqual([{ id: ids.wangConv, turns: 10 }]);

    // New case numbers carry on from the old sequence.
    const next = await nextCaseNumber(db.db, NOW, 'Asia/Shanghai');
    expect(Number(next.slice(-4))).toBeGreaterThan(3);

    // Staff registered by the old release can get a console password and an API token.
    await setPassword(db.db, 'pidu.duty1', 'a long passphrase', NOW);
    expect(await signIn(db.db, 'pidu.duty1', 'a long passphrase', NOW)).toMatchObject({ ok: true });
    const token = await issueToken(db.db, 'pidu.duty1', NOW);
    expect(await staffByToken(db.db, token!, NOW)).toMatchObject({ handle: 'pidu.duty1', unit_id: 'cd-pidu-eeb', role: 'duty' });

    // The audit trail is still append-only.
    await expect(sql`update case_events set actor = 'x' where case_id = ${ids.wangCase}`.execute(db.db)).rejects.toThrow(/append-only/);
  });
});
