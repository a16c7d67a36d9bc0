import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
let core: ReturnType<typeof buildCore>;
let caseNumber: string;
let conversation: string;
let n = 0;

const reporter = async (text: string): Promise<string[]> => core.say('ming', text);
const staff = async (who: string, text: string): Promise<string> => {
  const sender = core.senders.get('staffchat')!;
  const before = sender.sent.length;
  await core.engine.handle({ channel: 'staffchat', chatId: `chat-${who}`, userId: `ext-${who}`, messageId: `s-${++n}`, text, at: core.clock.now });
  await core.worker.drain();
  return sender.sent.slice(before).filter((m) => m.chatId === `chat-${who}`).map((m) => m.text).join('\n');
};
const toReporter = (): string[] => core.senders.get('test')!.textsFor('chat-ming');

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db, undefined, ['test', 'staffchat']);
  await db.db
    .insertInto('staff')
    .values(
      [['pidu.duty1', 'cd-pidu-eeb'], ['pidu.chief', 'cd-pidu-eeb'], ['wenjiang.duty1', 'cd-wenjiang-eeb'], ['city.duty1', 'cd-city-eeb']].map(([handle, unit]) => ({
        handle: handle!, name: handle!, unit_id: unit!, role: 'duty' as const, channel: 'staffchat', external_id: `ext-${handle}`, chat_id: `chat-${handle}`,
      })),
    )
    .execute();
  for (const line of ['郫都区犀浦街道有家塑料厂每天晚上排黑烟', '没有', '没有', '1']) await reporter(line);
  const last = await reporter('1');
  caseNumber = /HY-\d{8}-\d{4,}/.exec(last.join(''))![0];
  const row = await db.db.selectFrom('conversations').select('id').where('chat_id', '=', 'chat-ming').executeTakeFirstOrThrow();
  conversation = `#${row.id}`;
});
afterAll(async () => {
  await db?.close();
});

describe(`staff over chat on ${DB_KIND}`, () => {
  it('answers anything that is not a command with the command list', async () => {
    expect(await staff('pidu.duty1', '你好')).toMatch(/工作人员命令[\s\S]*接管[\s\S]*Staff commands/);
  });

  it('claims a case’s conversation, relays the reporter both ways, and releases it', async () => {
    expect(await staff('pidu.duty1', `接管 ${caseNumber}`)).toMatch(/已接管/);
    expect(toReporter().at(-1)).toMatch(/值班工作人员已接入/);
    expect(await staff('pidu.chief', `接管 ${caseNumber}`)).toMatch(/已由其他工作人员接管/);

    // While claimed the bot is silent and the reporter's words go to the officer, without who they are.
    const silent = await reporter('现在又开始冒烟了');
    expect(silent).toEqual([]);
    const relayed = core.senders.get('staffchat')!.textsFor('chat-pidu.duty1').at(-1)!;
    expect(relayed).toMatch(new RegExp(`【市民 ${conversation}】现在又开始冒烟了`));
    expect(relayed).not.toMatch(/ming/);

    expect(await staff('pidu.duty1', `回复 ${caseNumber} 我们已派人去现场`)).toMatch(/已回复/);
    expect(toReporter().at(-1)).toBe('【值班工作人员】我们已派人去现场');
    expect(await staff('pidu.chief', `回复 ${caseNumber} 插话`)).toMatch(/已由其他工作人员接管/);

    expect(await staff('pidu.duty1', `释放 ${caseNumber}`)).toMatch(/已释放/);
    expect(toReporter().at(-1)).toMatch(/结束本次对话/);
    expect((await reporter('谢谢')).length).toBeGreaterThan(0);
    const events = await db.db
      .selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id')
      .select(['type', 'actor']).where('cases.number', '=', caseNumber).orderBy('case_events.id').execute();
    expect(events.map((e) => e.type)).toEqual(['registered', 'routed', 'claimed', 'staff_replied']);
  });

  it('warns staff when the reporter cannot receive messages', async () => {
    await db.db.updateTable('reporters').set({ unreachable_at: new Date(), unreachable_reason: 'Forbidden: bot was blocked by the user' }).where('external_id', '=', 'ming').execute();
    const answer = await staff('pidu.duty1', `回复 ${caseNumber} 还在吗`);
    expect(answer).toMatch(/已回复[\s\S]*收不到消息（平台拒绝投递：Forbidden: bot was blocked by the user）/);
    await db.db.updateTable('reporters').set({ unreachable_at: null, unreachable_reason: null }).where('external_id', '=', 'ming').execute();
  });

  it('refuses another unit, and lets the triage desk act on any case', async () => {
    expect(await staff('wenjiang.duty1', `回复 ${caseNumber} 你好`)).toMatch(/不是本单位的案件/);
    expect(await staff('city.duty1', `回复 ${caseNumber} 分派中心已收到`)).toMatch(/已回复/);
  });

  it('forwards a case with a reason, then the new unit owns it', async () => {
    expect(await staff('pidu.duty1', `转办 ${caseNumber} cd-nowhere 理由`)).toMatch(/没有这个单位代码/);
    expect(await staff('pidu.duty1', `转办 ${caseNumber} cd-wenjiang-eeb 厂址实际在温江区`)).toMatch(/转办给 成都市温江生态环境局/);
    const c = await db.db.selectFrom('cases').select(['unit_id']).where('number', '=', caseNumber).executeTakeFirstOrThrow();
    expect(c.unit_id).toBe('cd-wenjiang-eeb');
    expect(await staff('pidu.duty1', `回复 ${caseNumber} 还在吗`)).toMatch(/不是本单位的案件/);
  });

  it('marks a case not accepted and tells the reporter why and where to go', async () => {
    expect(await staff('city.duty1', `不予受理 ${conversation} 法院 理由`)).toMatch(/会话编号，不是案件编号/);
    expect(await staff('wenjiang.duty1', `不予受理 ${caseNumber} 人民法院 属于相邻民事纠纷`)).toMatch(/不予受理/);
    expect(toReporter().at(-1)).toBe(`您的举报 ${caseNumber} 不予受理。原因：属于相邻民事纠纷。建议向人民法院反映。如有疑问可回复"查询"。`);
    const c = await db.db.selectFrom('cases').select('status').where('number', '=', caseNumber).executeTakeFirstOrThrow();
    expect(c.status).toBe('not_accepted');
  });

  it('refuses a staff command from someone who is not staff, and opens no case for it', async () => {
    const replies = await core.say('stranger', `接管 ${caseNumber}`);
    expect(replies).toEqual(['该指令仅限登记的工作人员使用。如需举报，请直接描述问题。']);
    const claimed = await db.db.selectFrom('conversations').select('claimed_by').where('chat_id', '=', 'chat-ming').executeTakeFirstOrThrow();
    expect(claimed.claimed_by).toBeNull();
  });

  it('processes a redelivered staff command once', async () => {
    const msg = { channel: 'staffchat', chatId: 'chat-wenjiang.duty1', userId: 'ext-wenjiang.duty1', messageId: 'dup-1', text: `回复 ${caseNumber} 只发一次`, at: core.clock.now };
    await core.engine.handle(msg);
    expect((await core.engine.handle(msg)).status).toBe('duplicate');
    await core.worker.drain();
    expect(toReporter().filter((t) => t.includes('只发一次'))).toHaveLength(1);
  });
});
