import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCaseRules } from '../../src/cases/rules.js';
import type { Reply } from '../../src/i18n/catalog.js';
import { render } from '../../src/i18n/render.js';
import { CaseClockJob } from '../../src/notify/case-clock-job.js';
import { EscalationJob } from '../../src/notify/escalation-job.js';
import { loadEscalation } from '../../src/routing/escalation.js';
import { loadRouting } from '../../src/routing/load.js';
import { buildCore, TestClock } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

/*
 * One injected clock walks cases through every lifecycle path, checking that each reporter gets
 * exactly the right notices, in order, on their own channel, in their language. Staff act over
 * chat as the triage desk (city.duty1), which may act on any case.
 */

const DAY = 86_400_000;
const routing = loadRouting('config');
const unit = (id: string) => {
  const u = routing.units.get(id)!;
  return { zh: u.name, en: u.name_en ?? u.name };
};
const zh = (r: Reply): string => render(r, 'zh');

let db: TestDb;
let core: ReturnType<typeof buildCore>;
let clocks: CaseClockJob;
let n = 0;
const clock = new TestClock(new Date('2026-11-27T14:00:00Z')); // Friday 22:00 in Chengdu

/** Sends a staff command as the triage desk; returns what staff were told. */
const staff = async (text: string, who = 'city.duty1'): Promise<string> => {
  const sender = core.senders.get('staff')!;
  const before = sender.sent.length;
  await core.engine.handle({ channel: 'staff', chatId: `chat-${who}`, userId: `ext-${who}`, messageId: `s-${++n}`, text, at: clock.now });
  await core.worker.drain();
  return sender.sent.slice(before).filter((m) => m.chatId === `chat-${who}`).map((m) => m.text).join('\n');
};
/** Everything delivered to a reporter's chat on `channel`, in order. */
const inbox = (user: string, channel: string): string[] => core.senders.get(channel)!.textsFor(`chat-${user}`);
/** Files an anonymous report of a factory in `district`; returns its case number. */
const report = async (user: string, channel: string, place: string): Promise<string> => {
  let last: string[] = [];
  for (const line of [`${place}有家化工厂每天晚上排黑烟`, '没有', '没有', '1', '1']) last = await core.say(user, line, channel);
  return /HY-\d{8}-\d{4,}/.exec(last.join('\n'))![0];
};
const statusOf = async (number: string) => db.db.selectFrom('cases').select(['status', 'supervised', 'unit_id']).where('number', '=', number).executeTakeFirstOrThrow();
const tick = async () => {
  const r = await clocks.tick();
  await core.worker.drain();
  return r;
};

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db, clock, ['wx', 'tg', 'staff']);
  const handles = [['city.duty1', 'cd-city-eeb'], ['longquanyi.night1', 'cd-longquanyi-eeb'], ['longquanyi.duty1', 'cd-longquanyi-eeb'], ['longquanyi.duty2', 'cd-longquanyi-eeb'], ['longquanyi.chief', 'cd-longquanyi-eeb']];
  await db.db
    .insertInto('staff')
    .values(handles.map(([handle, u]) => ({ handle: handle!, name: handle!, unit_id: u!, role: 'duty' as const, channel: 'staff', external_id: `ext-${handle}`, chat_id: `chat-${handle}` })))
    .execute();
  const escalation = new EscalationJob({ db: db.db, routing, policy: loadEscalation('config/escalation.yaml'), clock: clock.read, timeZone: 'Asia/Shanghai', log: pino({ level: 'silent' }) });
  const rules = loadCaseRules('config');
  clocks = new CaseClockJob({
    db: db.db,
    lifecycle: { policy: rules.clocks, calendar: routing.calendar, timeZone: 'Asia/Shanghai', units: routing.units },
    rosters: routing.rosters,
    escalation,
    clock: clock.read,
    log: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await db?.close();
});

describe(`the case lifecycle with an injected clock on ${DB_KIND}`, () => {
  let a: string;
  let b: string;
  let c: string;
  let d: string;
  let e: string;

  it('opens the cases of five reporters on two channels', async () => {
    a = await report('alice', 'wx', '郫都区犀浦街道');
    b = await report('bob', 'tg', '新都区大丰街道');
    c = await report('carol', 'wx', '温江区万春镇');
    d = await report('dan', 'wx', '双流区东升街道');
    e = await report('erin', 'wx', '龙泉驿区洛带镇');
    expect(new Set([a, b, c, d, e]).size).toBe(5);
    // Bob reads English: his notices must come in English.
    await db.db.updateTable('reporters').set({ lang: 'en' }).where('external_id', '=', 'bob').execute();
  });

  it('accepted → forwarded → sent back → in progress → extended → answered → not satisfied → reopened → answered (final) → review guidance', async () => {
    const before = inbox('alice', 'wx').length;
    clock.advance(12 * 3_600_000); // Sat 2026-11-28 10:00
    expect(await staff(`受理 ${a}`)).toMatch(/已受理/);
    expect(await staff(`受理 ${a}`)).toMatch(/案件当前状态不允许这个操作/);
    expect(await staff(`转办 ${a} cd-wenjiang-eeb 厂址在温江区`)).toMatch(/转办给/);
    expect(await statusOf(a)).toMatchObject({ status: 'forwarded', unit_id: 'cd-wenjiang-eeb' });
    clock.advance(DAY); // Sun 11-29
    expect(await staff(`退回 ${a} 经核实厂址在郫都区`)).toMatch(/已退回/);
    expect(await statusOf(a)).toMatchObject({ status: 'accepted', unit_id: 'cd-pidu-eeb' });
    expect(await staff(`办理 ${a}`)).toMatch(/办理中/);
    expect(await staff(`延期 ${a} 45 需要委托监测`)).toMatch(/延期天数须为1至30日/);
    expect(await staff(`延期 ${a} 30 需要委托监测`)).toMatch(/已延期/);
    expect(await staff(`延期 ${a} 10 还要再测`)).toMatch(/已延期过一次/);
    expect(await staff(`办结 ${a} 属实 已责令停产整改`)).toMatch(/已办结/);
    await core.say('alice', '不满意', 'wx');
    await core.say('alice', '晚上还是有味道', 'wx');
    expect(await statusOf(a)).toMatchObject({ status: 'in_progress' });
    clock.advance(2 * DAY); // Tue 12-01
    expect(await staff(`办结 ${a} 部分属实 已复查并处罚款`)).toMatch(/已办结/);
    await core.say('alice', '3', 'wx');
    await core.say('alice', '处罚太轻', 'wx');
    expect(await statusOf(a)).toMatchObject({ status: 'closed' });

    expect(inbox('alice', 'wx').slice(before)).toEqual([
      zh({ key: 'case_accepted', params: { number: a, due: '2027-01-27' } }),
      zh({ key: 'case_forwarded', params: { number: a, unit: unit('cd-wenjiang-eeb') } }),
      zh({ key: 'case_sent_back', params: { number: a } }),
      zh({ key: 'case_in_progress', params: { number: a, unit: unit('cd-pidu-eeb'), due: '2027-01-27' } }),
      zh({ key: 'case_extended', params: { number: a, days: 30, reason: '需要委托监测', due: '2027-02-26' } }),
      zh({ key: 'case_answered', params: { number: a, finding: 'true', action: '已责令停产整改', final: false, reviewDue: '2026-12-29' } }),
      zh({ key: 'ask_rating_reason', params: { number: a } }),
      // Reopened on 11-29: 60 days plus the 30 granted.
      zh({ key: 'case_reopened', params: { number: a, due: '2027-02-27' } }),
      zh({ key: 'case_answered', params: { number: a, finding: 'partly_true', action: '已复查并处罚款', final: true, reviewDue: '2026-12-31' } }),
      zh({ key: 'ask_rating_reason', params: { number: a } }),
      zh({ key: 'review_guidance', params: { number: a, due: '2026-12-31' } }),
    ]);
    // Nothing of Alice's went anywhere else.
    expect(inbox('alice', 'tg')).toEqual([]);
    const events = await db.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id').select(['type', 'reason']).where('cases.number', '=', a).orderBy('case_events.id').execute();
    expect(events.map((x) => x.type)).toEqual(['registered', 'routed', 'accepted', 'forwarded', 'sent_back', 'in_progress', 'extended', 'answered', 'rated', 'reopened', 'answered', 'rated', 'closed']);
    expect(events.find((x) => x.type === 'reopened')?.reason).toBe('晚上还是有味道');
  });

  it('not accepted, told in English on Telegram', async () => {
    const before = inbox('bob', 'tg').length;
    expect(await staff(`不予受理 ${b} 人民法院 属于相邻民事纠纷`)).toMatch(/不予受理/);
    expect(inbox('bob', 'tg').slice(before)).toEqual([render({ key: 'case_not_accepted', params: { number: b, reason: '属于相邻民事纠纷', body: '人民法院' } }, 'en')]);
    expect(await statusOf(b)).toMatchObject({ status: 'not_accepted' });
    expect(await staff(`办理 ${b}`)).toMatch(/案件当前状态不允许这个操作/);
  });

  it('answered with rating buttons; a press on 满意 closes the case', async () => {
    await staff(`受理 ${c}`);
    await staff(`办结 ${c} 不属实 现场未发现排放`);
    const answered = core.senders.get('wx')!.sent.filter((m) => m.chatId === 'chat-carol').at(-1)!;
    expect(answered.choices).toEqual({
      kind: 'buttons',
      options: [
        { label: '满意', reply: `满意 ${c}` },
        { label: '基本满意', reply: `基本满意 ${c}` },
        { label: '不满意', reply: `不满意 ${c}` },
      ],
    });
    expect(await core.say('carol', `满意 ${c}`, 'wx')).toEqual([zh({ key: 'rating_thanks', params: { number: c } })]);
    expect(await statusOf(c)).toMatchObject({ status: 'closed' });
    expect(await core.say('carol', `满意 ${c}`, 'wx')).toEqual([zh({ key: 'rating_refused', params: { number: c, why: 'already_rated' } })]);
    // Somebody else's case number rates nothing and reveals nothing.
    expect(await core.say('dan', `不满意 ${c} 太慢`, 'wx')).toEqual([zh({ key: 'status_not_found', params: { number: c } })]);
  });

  it('no rating: one reminder after 7 days, "no response" after 14, and the review window closes after 30', async () => {
    await staff(`受理 ${d}`);
    await staff(`办结 ${d} 基本属实 已督促整改`); // answered on 12-01
    const before = inbox('dan', 'wx').length;
    clock.advance(6 * DAY); // 12-07
    await tick();
    expect(inbox('dan', 'wx').length).toBe(before);
    clock.advance(DAY); // 12-08
    expect((await tick()).ratingReminders).toBeGreaterThanOrEqual(1);
    await tick();
    expect(inbox('dan', 'wx').slice(before)).toEqual([zh({ key: 'rating_reminder', params: { number: d } })]);
    clock.advance(7 * DAY); // 12-15
    expect((await tick()).noResponse).toBeGreaterThanOrEqual(1);
    expect(await statusOf(d)).toMatchObject({ status: 'closed' });
    expect(inbox('dan', 'wx').slice(before)).toHaveLength(1);
    clock.advance(17 * DAY); // 2027-01-01, past 12-31
    expect(await core.say('dan', `不满意 ${d} 又开始排了`, 'wx')).toEqual([zh({ key: 'review_expired', params: { number: d, due: '2026-12-31' } })]);
  });

  it('overdue → supervision and a page to the unit, reminders at the policy fractions, each once', async () => {
    // Erin's case (registered Fri 11-27) was never decided: its 2-working-day target (12-01) and
    // the 15-day acceptance (12-12) have long passed by now (2027-01-01).
    await tick();
    expect(await statusOf(e)).toMatchObject({ supervised: true, status: 'registered' });
    const events = await db.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id').select(['type', 'data']).where('cases.number', '=', e).orderBy('case_events.id').execute();
    expect(events.filter((x) => x.type === 'overdue').map((x) => (x.data as { clock: string }).clock).sort()).toEqual(['accept', 'accept_target']);
    expect(events.filter((x) => x.type === 'supervised')).toHaveLength(1);
    const pages = await db.db.selectFrom('pages').select(['reason', 'unit_id', 'staff_handle']).where('subject', 'like', 'overdue:%').execute();
    expect(pages.filter((p) => p.unit_id === 'cd-longquanyi-eeb').map((p) => p.reason)).toEqual(['overdue', 'overdue']);
    // The page reached the unit's duty officer, with the case number and no reporter.
    const paged = core.senders.get('staff')!.sent.filter((m) => m.chatId.startsWith('chat-longquanyi') && m.text.includes(e));
    expect(paged.length).toBeGreaterThanOrEqual(1);
    expect(paged[0]!.text).toMatch(/案件超期·督办/);
    expect(paged[0]!.text).not.toMatch(/erin/);
    // A second pass changes nothing.
    const again = await tick();
    expect(again.overdue).toBe(0);
    expect(await db.db.selectFrom('pages').select('id').where('subject', 'like', 'overdue:%').execute()).toHaveLength(pages.length);
  });

  it('reminds the unit once at 50% of the answer period', async () => {
    const f = await report('fay', 'wx', '龙泉驿区十陵街道');
    await staff(`受理 ${f}`); // 2027-01-01: answer due 03-02, 50% on 01-31
    clock.advance(29 * DAY); // 01-30
    await tick();
    const reminders = () => db.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id').select('data').where('cases.number', '=', f).where('type', '=', 'reminded').execute();
    expect(await reminders()).toHaveLength(0);
    clock.advance(DAY); // 01-31
    await tick();
    await tick();
    expect((await reminders()).map((x) => x.data)).toEqual([{ clock: 'answer', due: '2027-03-02', once: 'answer:2027-03-02:2027-01-31' }]);
    const told = core.senders.get('staff')!.sent.filter((m) => m.text.includes(f) && m.text.includes('时限提醒'));
    expect(told).toHaveLength(1);
  });
});

describe(`repeats on ${DB_KIND}`, () => {
  let first: string;

  it('offers a duplicate report the open case, and joining makes the second reporter a follower', async () => {
    first = await report('frank', 'wx', '青白江区大弯街道');
    const lines = ['青白江区大弯街道有家化工厂每天晚上排黑烟', '没有', '没有', '1', '1'];
    let last: string[] = [];
    for (const line of lines) last = await core.say('grace', line, 'tg');
    expect(last.join('\n')).toContain(first);
    expect(last.join('\n')).toMatch(/回复 2 仍然新建举报/);
    const joined = await core.say('grace', '1', 'tg');
    expect(joined).toEqual([zh({ key: 'case_joined', params: { number: first, reporters: 2 } })]);
    const count = await db.db.selectFrom('cases').select('id').where('description', 'like', '%青白江区大弯街道%').execute();
    expect(count).toHaveLength(1);
    // Both are told of the acceptance, each on their own channel.
    await staff(`受理 ${first}`);
    const accepted = zh({ key: 'case_accepted', params: { number: first, due: '2027-04-01' } });
    expect(inbox('frank', 'wx').at(-1)).toBe(accepted);
    expect(inbox('grace', 'tg').at(-1)).toBe(accepted);
  });

  it('stops notices for a reporter who asks, and answers a status query with the timeline and the next date', async () => {
    expect(await core.say('grace', '免打扰', 'tg')).toEqual([zh({ key: 'notices_off', params: { count: 1 } })]);
    const graceBefore = inbox('grace', 'tg').length;
    await staff(`办理 ${first}`);
    expect(inbox('grace', 'tg')).toHaveLength(graceBefore);
    expect(inbox('frank', 'wx').at(-1)).toMatch(/已开始办理/);
    const [status] = await core.say('frank', '查询', 'wx');
    expect(status).toMatch(new RegExp(`案件 ${first}`));
    expect(status).toMatch(/当前状态：办理中\n2027-01-31 登记\n2027-01-31 有其他市民反映同一问题\n2027-01-31 受理\n2027-01-31 开始办理\n/);
    expect(status).toMatch(/下一步：办结答复，期限 2027-04-01/);
  });

  it('lets staff merge a case into another: its reporter is told and follows the other', async () => {
    const other = await report('hank', 'wx', '金牛区营门口街道');
    expect(await staff(`合并 ${other} ${first}`)).toMatch(/已合并/);
    expect(inbox('hank', 'wx').at(-1)).toBe(zh({ key: 'case_merged', params: { number: other, into: first } }));
    expect(await statusOf(other)).toMatchObject({ status: 'closed' });
    await staff(`办结 ${first} 属实 已查处`);
    expect(inbox('hank', 'wx').at(-1)).toMatch(new RegExp(`您的举报 ${first} 已办结`));
  });

  it('puts a case under supervision when reporters plus repeats reach the threshold, and raises its priority', async () => {
    // Followers so far: frank, grace (joined), hank (merged in) — 3 of the 5 in config/repeats.yaml.
    const join = async (user: string) => {
      let last: string[] = [];
      for (const line of ['青白江区大弯街道有家化工厂每天晚上排黑烟', '没有', '没有', '1', '1']) last = await core.say(user, line, 'wx');
      expect(last.join('\n')).toContain(first);
      return core.say(user, '1', 'wx');
    };
    expect(await join('ivy')).toEqual([zh({ key: 'case_joined', params: { number: first, reporters: 4 } })]);
    expect((await statusOf(first)).supervised).toBe(false);
    await join('jill');
    const row = await db.db.selectFrom('cases').select(['supervised', 'priority']).where('number', '=', first).executeTakeFirstOrThrow();
    expect(row).toEqual({ supervised: true, priority: 1 });
    const supervised = await db.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id').select(['actor', 'reason']).where('cases.number', '=', first).where('type', '=', 'supervised').execute();
    expect(supervised).toEqual([{ actor: 'system:repeats', reason: 'repeats: 5 reporters, 0 repeats' }]);
  });

  it('asks a reporter with an open case whether a new message adds to it, and keeps what they add', async () => {
    const own = await report('kit', 'wx', '成华区建设路街道');
    expect((await core.say('kit', '那个化工厂今晚又开始排了，味道很大', 'wx')).join('\n')).toMatch(new RegExp(`${own}[\\s\\S]*回复 2`));
    expect(await core.say('kit', '1', 'wx')).toEqual([zh({ key: 'case_supplemented', params: { number: own } })]);
    const added = await db.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id').select(['type', 'data']).where('cases.number', '=', own).where('type', '=', 'supplemented').execute();
    expect(added.map((x) => (x.data as { text: string }).text)).toEqual(['那个化工厂今晚又开始排了，味道很大']);
    expect(await db.db.selectFrom('cases').select('id').where('description', 'like', '%今晚又开始排了%').execute()).toHaveLength(0);
  });
});
