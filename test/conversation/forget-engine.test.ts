import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../src/db/repo/retention.js';
import { render } from '../../src/i18n/render.js';
import { buildCore, TestClock } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
let core: ReturnType<typeof buildCore>;
// The journal is stamped by the database's clock: the turns' clock runs a little ahead of it, so "up to now" covers them.
const clock = new TestClock(new Date(Date.now() + 3_600_000));

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db, clock);
});
afterAll(async () => {
  await db?.close();
});

/** Files a confidential report with a name and phone; resolves with its case number. */
async function report(user: string, place: string): Promise<string> {
  let last: string[] = [];
  for (const line of [`${place}有家塑料厂每天晚上十点以后排黑烟，味道很刺鼻`, '没有', '希望尽快查处', '2', '张三 13800138000', '1']) last = await core.say(user, line);
  const offer = /回复 (\d+) 仍然新建/.exec(last.join('\n'));
  if (offer) last = await core.say(user, offer[1]!);
  const number = /HY-\d{8}-\d{4}/.exec(last.join('\n'))?.[0];
  if (!number) throw new Error(`no case opened: ${last.join(' | ')}`);
  return number;
}

async function close(number: string): Promise<void> {
  const c = await db.db.updateTable('cases').set({ status: 'closed' }).where('number', '=', number).returning('id').executeTakeFirstOrThrow();
  await db.db.insertInto('case_events').values({ case_id: c.id, at: clock.now, actor: 'test', type: 'closed', data: JSON.stringify({ why: 'rated' }) }).execute();
}

const contactOf = (number: string) => db.db.selectFrom('cases').select(['contact_name', 'contact_phone']).where('number', '=', number).executeTakeFirstOrThrow();
const reporterOf = (user: string) => db.db.selectFrom('reporters').select(['contact_name', 'contact_phone', 'forget_requested_at']).where('external_id', '=', user).executeTakeFirstOrThrow();

describe(`/forget through the engine on ${DB_KIND}`, () => {
  it('erases at once on finished cases, keeps open ones reachable until they finish, and says so', async () => {
    const done = await report('mei', '郫都区犀浦街道');
    await close(done);
    const open = await report('mei', '新津区五津街道');

    expect(await core.say('mei', '删除我的联系方式')).toEqual([render({ key: 'forget_confirm', params: {} }, 'zh')]);
    expect(await core.say('mei', '1')).toEqual([render({ key: 'forget_done', params: { closed: 1, open: 1 } }, 'zh')]);
    expect(await contactOf(done)).toEqual({ contact_name: null, contact_phone: null });
    expect(await contactOf(open)).toEqual({ contact_name: '张三', contact_phone: '13800138000' });
    expect(await reporterOf('mei')).toMatchObject({ contact_name: '张三', contact_phone: '13800138000', forget_requested_at: expect.any(Date) });
    const [logged] = await db.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id').select(['number', 'reason', 'data']).where('type', '=', 'retention_erased').execute();
    expect(logged).toMatchObject({ number: done, data: { erased: ['contact'], rules: { contact: 'reporter_request' } } });
    expect(logged?.reason).toMatch(/^联系方式已按举报人要求删除/);

    // The open case finishes; the next pass erases the rest, the chat journal's name and phone included.
    await close(open);
    await runRetention(db.db, { contactMonths: 12, evidenceMonths: 24, transcriptMonths: 36 }, clock.now, { apply: true });
    expect(await contactOf(open)).toEqual({ contact_name: null, contact_phone: null });
    expect(await reporterOf('mei')).toMatchObject({ contact_name: null, contact_phone: null });
    const journal = await db.db.selectFrom('messages').innerJoin('reporters', 'reporters.id', 'messages.reporter_id').select('messages.text').where('reporters.external_id', '=', 'mei').execute();
    expect(journal.length).toBeGreaterThan(10);
    const outbox = await db.db.selectFrom('outbox').innerJoin('reporters', 'reporters.id', 'outbox.reporter_id').select('outbox.text').where('reporters.external_id', '=', 'mei').execute();
    expect([...journal, ...outbox].map((m) => m.text).join('\n')).not.toMatch(/张三|13800138000/);
  });

  it('keeps everything when the reporter answers 2', async () => {
    const number = await report('ken', '温江区柳城街道');
    await close(number);
    await core.say('ken', '/forget');
    expect(await core.say('ken', '2')).toEqual([render({ key: 'forget_kept', params: {} }, 'zh')]);
    expect(await contactOf(number)).toEqual({ contact_name: '张三', contact_phone: '13800138000' });
    expect(await reporterOf('ken')).toMatchObject({ forget_requested_at: null });
  });
});
