import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ackPages } from '../../src/db/repo/pages.js';
import { EscalationJob } from '../../src/notify/escalation-job.js';
import { loadEscalation } from '../../src/routing/escalation.js';
import { loadRouting } from '../../src/routing/load.js';
import { buildCore, TestClock } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
let core: ReturnType<typeof buildCore>;
// Saturday 2026-11-28 02:00 in Chengdu: the housing bureau's Friday evening shift is still on.
const clock = new TestClock(new Date('2026-11-27T18:00:00Z'));
const routing = loadRouting('config');
const policy = loadEscalation('config/escalation.yaml');
const job = () => new EscalationJob({ db: db.db, routing, policy, clock: clock.read, timeZone: 'Asia/Shanghai', log: core.log });

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db, clock, ['test', 'staffchat']);
  await db.db
    .insertInto('staff')
    .values(
      [
        ['housing.night1', 'duty'], ['housing.chief', 'chief'], ['housing.lead', 'lead'],
        ['chenghua.duty1', 'duty'], ['chenghua.duty2', 'duty'], ['chenghua.night1', 'duty'], ['chenghua.chief', 'chief'],
      ].map(([handle, role]) => ({
        handle: handle!,
        name: handle!,
        unit_id: handle!.startsWith('housing') ? 'cd-housing' : 'cd-chenghua-eeb',
        role: role as 'duty',
        channel: 'staffchat',
        external_id: `ext-${handle}`,
        chat_id: `chat-${handle}`,
      })),
    )
    .execute();
});
afterAll(async () => {
  await db?.close();
});

/** Pages queued for a staff chat, after delivery. */
async function pagesTo(handle: string): Promise<string[]> {
  await core.worker.drain();
  return core.senders.get('staffchat')!.textsFor(`chat-${handle}`);
}

describe(`escalation on ${DB_KIND}`, () => {
  it('pages the triage desk when a reporter with no place yet asks for a person', async () => {
    await core.engine.handle({ channel: 'test', chatId: 'chat-ask', userId: 'ask', messageId: 'ask-1', text: '我要举报', at: clock.now });
    await core.engine.handle({ channel: 'test', chatId: 'chat-ask', userId: 'ask', messageId: 'ask-2', text: '我要找人工客服', at: clock.now });
    const conv = await db.db.selectFrom('conversations').select(['help_reason', 'help_unit']).where('chat_id', '=', 'chat-ask').executeTakeFirstOrThrow();
    expect(conv).toEqual({ help_reason: 'human', help_unit: 'cd-city-eeb' });
    expect(await job().tick()).toMatchObject({ paged: 1 });
    const page = await db.db.selectFrom('pages').selectAll().where('unit_id', '=', 'cd-city-eeb').executeTakeFirstOrThrow();
    expect(page).toMatchObject({ reason: 'human', level: 0 });
    expect(page.staff_handle).toMatch(/^city\./);
    // A conversation's pages are acknowledged by its reference, #<conversation id>.
    expect(await ackPages(db.db, `#${page.conversation_id}`, 'city.duty1', clock.now)).toBe(1);
  });

  it('pages the on-duty officer for an urgent night report, once, and climbs the chain when nobody acknowledges', async () => {
    const lines = ['成华区建设路附近一个工地凌晨两点还在打桩，吵得根本睡不着', '中铁某局的工地', '没有', '希望马上停工', '1', '1'];
    let opened: string | undefined;
    for (const [i, text] of lines.entries()) {
      const r = await core.engine.handle({ channel: 'test', chatId: 'chat-night', userId: 'night', messageId: `night-${i}`, text, at: clock.now });
      opened ??= r.opened[0];
    }
    expect(opened).toBeDefined();
    const c = await db.db.selectFrom('cases').select(['urgent', 'unit_id']).where('number', '=', opened!).executeTakeFirstOrThrow();
    expect(c).toEqual({ urgent: true, unit_id: 'cd-housing' });

    expect(await job().tick()).toEqual({ paged: 1, climbed: 0 });
    const first = await pagesTo('housing.night1');
    expect(first).toHaveLength(1);
    expect(first[0]).toContain(opened!);
    expect(first[0]).toMatch(/紧急案件[\s\S]*成都市成华区[\s\S]*认领/);
    expect(first[0]).not.toMatch(/night|chat-night/);

    // A second tick, or a tick after a restart, sends nothing new.
    expect(await job().tick()).toEqual({ paged: 0, climbed: 0 });
    clock.advance(29 * 60_000);
    expect(await job().tick()).toEqual({ paged: 0, climbed: 0 });

    clock.advance(2 * 60_000);
    expect(await job().tick()).toEqual({ paged: 0, climbed: 1 });
    expect(await pagesTo('housing.chief')).toEqual([expect.stringMatching(/第2级/)]);

    clock.advance(31 * 60_000);
    expect(await job().tick()).toEqual({ paged: 0, climbed: 1 });
    expect(await pagesTo('housing.lead')).toHaveLength(1);

    // The chain ends with the bureau lead.
    clock.advance(31 * 60_000);
    expect(await job().tick()).toEqual({ paged: 0, climbed: 0 });
  });

  it('pages exactly once when two instances run the job at the same moment', async () => {
    await core.engine.handle({ channel: 'test', chatId: 'chat-fish', userId: 'fish', messageId: 'fish-0', text: '成华区北湖边上发现大量死鱼，有人往湖里排东西', at: clock.now });
    for (const [i, text] of ['北湖旁边的一个小作坊', '今天早上', '没有', '没有', '1', '1'].entries()) {
      await core.engine.handle({ channel: 'test', chatId: 'chat-fish', userId: 'fish', messageId: `fish-${i + 1}`, text, at: clock.now });
    }
    const before = await db.db.selectFrom('pages').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const results = await Promise.all([job().tick(), job().tick(), job().tick()]);
    expect(results.reduce((n, r) => n + r.paged, 0)).toBe(1);
    const after = await db.db.selectFrom('pages').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n - before.n).toBe(1);
  });

  it('stops climbing once the duty officer acknowledges over chat, and records who did', async () => {
    const open = await db.db
      .selectFrom('pages')
      .innerJoin('cases', 'cases.id', 'pages.case_id')
      .select(['pages.subject', 'pages.staff_handle', 'cases.number', 'cases.id'])
      .where('pages.acked_at', 'is', null)
      .where('pages.level', '=', 0)
      .orderBy('pages.id', 'desc')
      .executeTakeFirstOrThrow();
    const officer = open.staff_handle!;
    const staffSays = async (text: string, n: number, who = officer) => {
      await core.engine.handle({ channel: 'staffchat', chatId: `chat-${who}`, userId: `ext-${who}`, messageId: `staff-${who}-${n}`, text, at: clock.now });
      return (await pagesTo(who)).at(-1) ?? '';
    };
    // Another unit's officer cannot acknowledge it.
    expect(await staffSays(`认领 ${open.number}`, 1, 'housing.night1')).toMatch(/不是本单位的案件/);
    expect(await staffSays('你好', 1)).toMatch(/工作人员命令[\s\S]*Staff commands/);
    expect(await staffSays(`认领 ${open.number}`, 2)).toMatch(new RegExp(`已认领 ${open.number}[\\s\\S]*acknowledged`));
    expect(await staffSays(`ack ${open.number}`, 3)).toMatch(/没有待确认的通知/);
    const events = await db.db.selectFrom('case_events').select(['type', 'actor']).where('case_id', '=', open.id).orderBy('id').execute();
    expect(events.at(-1)).toEqual({ type: 'acknowledged', actor: `staff:${officer}` });
    // Staff messages never become complaints.
    expect(await db.db.selectFrom('cases').innerJoin('reporters', 'reporters.id', 'cases.reporter_id').select('cases.id').where('reporters.channel', '=', 'staffchat').execute()).toEqual([]);
    clock.advance(6 * 3_600_000);
    const r = await job().tick();
    const climbedForIt = await db.db.selectFrom('pages').select('level').where('subject', '=', open.subject).execute();
    expect(climbedForIt.map((p) => p.level)).toEqual([0]);
    expect(r.paged).toBe(0);
  });
});
