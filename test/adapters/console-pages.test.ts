import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEscalation } from '../../src/routing/escalation.js';
import { loadRouting } from '../../src/routing/load.js';
import { DbMediaStore } from '../../src/media/evidence-store.js';
import { EscalationJob } from '../../src/notify/escalation-job.js';
import { addConsoleUsers, PASSWORD, startConsole } from '../helpers/console.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

// Monday 2026-11-30 10:00 in Chengdu: the Pidu bureau's office shift is on.
const START = new Date('2026-11-30T02:00:00Z');

let db: TestDb;
let app: FastifyInstance;
let core: ReturnType<typeof buildCore>;
let pidu: string;
let wenjiang: string;
let urgent: string;
let photoSha: string;

const form = (fields: Record<string, string>) => ({ payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const NUMBER = /HY-\d{8}-\d{4,}/;

/** A signed-in user: their cookie, a GET, and a form POST that carries their CSRF token unless told not to. */
async function as(handle: string) {
  const login = await app.inject({ method: 'GET', url: '/console/login' });
  const csrf = /name="csrf" value="([^"]+)"/.exec(login.body)![1]!;
  const pre = /hy_console_pre=([^;]+)/.exec(String(login.headers['set-cookie']))![1]!;
  const res = await app.inject({ method: 'POST', url: '/console/login', cookies: { hy_console_pre: pre }, ...form({ handle, password: PASSWORD, csrf }) });
  expect(res.statusCode).toBe(303);
  const token = /hy_console=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
  const cookies: Record<string, string> = { hy_console: token };
  // Sent as the browser sends them: already encoded, as the server set them.
  const cookie = () => Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url, headers: { cookie: cookie() } });
    // The flash of a form's redirect is a cookie read once by the next page.
    const flash = /hy_console_flash=([^;]*)/.exec(String(r.headers['set-cookie'] ?? ''));
    if (flash) delete cookies.hy_console_flash;
    return r;
  };
  const page = await get('/console/cases');
  const sessionCsrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const post = async (url: string, fields: Record<string, string>, withCsrf = true) => {
    const body = form(withCsrf ? { csrf: sessionCsrf, ...fields } : fields);
    const r = await app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, cookie: cookie() } });
    const flash = /hy_console_flash=([^;]+)/.exec(String(r.headers['set-cookie'] ?? ''));
    if (flash) cookies.hy_console_flash = flash[1]!;
    return r;
  };
  return { get, post };
}

const events = async (number: string) =>
  (await db.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id').select(['type', 'actor']).where('cases.number', '=', number).orderBy('case_events.id').execute()).map((e) => `${e.type}:${e.actor}`);

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db);
  core.clock.now = START;
  const media = new DbMediaStore(db.db);
  const photo = await media.save({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), mime: 'image/png', channel: 'test', ref: 'photo-1' });
  photoSha = photo.sha256;
  const report = async (user: string, lines: string[], extra?: () => Promise<void>) => {
    let last = await core.say(user, lines[0]!);
    await extra?.();
    for (const line of lines.slice(1)) last = await core.say(user, line);
    return NUMBER.exec(last.join('\n'))![0];
  };
  pidu = await report('p1', ['郫都区犀浦街道有家化工厂每天晚上排黑烟', '没有', '没有', '2', '李四 13912345678', '1'], async () => {
    await core.engine.handle({ channel: 'test', chatId: 'chat-p1', userId: 'p1', messageId: 'p1-photo', media: [{ kind: 'photo', ref: 'photo-1', ...photo, mime: 'image/png' }], at: core.clock.now });
    await core.worker.drain();
  });
  wenjiang = await report('w1', ['温江区万春镇有家化工厂每天晚上排黑烟', '没有', '没有', '1', '1']);
  urgent = await report('u1', ['郫都区安德街道的河里有人正在倾倒危险废物，鱼死了一片', '没有', '没有', '没有', '1', '1']);
  await addConsoleUsers(db, core.clock, [
    { handle: 'pidu.handler', name: '郫都办理员', unit: 'cd-pidu-eeb', role: 'handler' },
    { handle: 'pidu.duty1', name: '郫都值班员', unit: 'cd-pidu-eeb', role: 'duty' },
    { handle: 'wenjiang.handler', name: '温江办理员', unit: 'cd-wenjiang-eeb', role: 'handler' },
    { handle: 'city.super', name: '市局督查', unit: 'cd-city-eeb', role: 'supervisor' },
    { handle: 'city.triage', name: '市局分拨', unit: 'cd-city-eeb', role: 'duty' },
  ]);
  const routing = loadRouting('config');
  const escalation = new EscalationJob({ db: db.db, routing, policy: loadEscalation('config/escalation.yaml'), clock: core.clock.read, timeZone: 'Asia/Shanghai', log: pino({ level: 'silent' }) });
  await escalation.tick();
  ({ app } = await startConsole(db, core.clock));
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`the console's case page on ${DB_KIND}`, () => {
  it('shows the unit its case: facts, photo, map link, clocks, timeline, conversation and the actions its status allows — not who reported it', async () => {
    const u = await as('pidu.handler');
    const res = await u.get(`/console/cases/${pidu}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('化工厂每天晚上排黑烟');
    expect(res.body).toMatch(/受理决定[\s\S]*截至 \d{4}-\d{2}-\d{2}/);
    expect(res.body).toMatch(/<td>[^<]*<\/td><td>登记<\/td>/);
    expect(res.body).toContain(`/console/cases/${pidu}/evidence/${photoSha}`);
    expect(res.body).toMatch(/class="chat"[\s\S]*class="in"[\s\S]*化工厂/);
    for (const a of ['accept', 'not_accept', 'forward']) expect(res.body).toContain(`data-action="${a}"`);
    for (const a of ['answer', 'extend', 'supervise', 'send_back']) expect(res.body).not.toContain(`data-action="${a}"`);
    // Confidential: the contact the reporter gave is masked in the conversation, and never shown.
    expect(res.body).not.toMatch(/李四|13912345678|chat-p1/);
    expect(res.body).toContain('举报人身份受保护');
    expect(res.body).not.toContain('查看举报人身份');
    const photo = await u.get(`/console/cases/${pidu}/evidence/${photoSha}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect((await u.get(`/console/cases/${wenjiang}/evidence/${photoSha}`)).statusCode).toBe(403);
    expect((await u.get(`/console/cases/${pidu}/evidence/${'0'.repeat(64)}`)).statusCode).toBe(404);
    expect((await u.get(`/console/cases/${pidu}/evidence/..%2F..%2Fetc`)).statusCode).toBe(404);
  });

  it("refuses another unit's case (403) and an unknown number (404), in the user's language", async () => {
    const u = await as('pidu.handler');
    const other = await u.get(`/console/cases/${wenjiang}?lang=en`);
    expect(other.statusCode).toBe(403);
    expect(other.body).toMatch(/belongs to another unit/);
    expect(other.body).not.toContain('温江区万春镇');
    expect((await u.get('/console/cases/HY-20990101-0001')).statusCode).toBe(404);
    expect((await u.get('/console/cases/not-a-number')).statusCode).toBe(404);
  });

  it('acts by form: once per form even when sent twice, never without the CSRF token, and the reporter is told', async () => {
    const u = await as('pidu.handler');
    const page = await u.get(`/console/cases/${pidu}`);
    const key = /data-action="accept">[\s\S]*?name="key" value="([^"]+)"/.exec(page.body)![1]!;
    const forged = await u.post(`/console/cases/${pidu}/act`, { action: 'accept', key }, false);
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toMatch(/页面已过期/);
    expect(await events(pidu)).not.toContain('accepted:staff:pidu.handler');
    const first = await u.post(`/console/cases/${pidu}/act`, { action: 'accept', key });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/console/cases/${pidu}?lang=zh`);
    const after = await u.get(first.headers.location!);
    expect(after.body).toMatch(/class="ok" role="status">已完成: 受理/);
    expect(after.body).toContain('data-action="answer"');
    await u.post(`/console/cases/${pidu}/act`, { action: 'accept', key });
    expect((await events(pidu)).filter((e) => e === 'accepted:staff:pidu.handler')).toHaveLength(1);
    await core.worker.drain();
    expect(core.senders.get('test')!.textsFor('chat-p1').at(-1)).toMatch(new RegExp(`${pidu}.*受理`));
  });

  it('says why an action was refused, and changes nothing', async () => {
    const u = await as('pidu.handler');
    const bad = await u.post(`/console/cases/${pidu}/act`, { action: 'extend', days: 'many', reason: 'x', key: 'k-extend-bad' });
    expect(bad.statusCode).toBe(303);
    expect((await u.get(bad.headers.location!)).body).toMatch(/class="error" role="alert">请求格式不正确/);
    const wrong = await u.post(`/console/cases/${pidu}/act`, { action: 'send_back', reason: '不归我们管', key: 'k-sendback' });
    expect((await u.get(wrong.headers.location!)).body).toMatch(/案件当前状态不允许这个操作/);
    expect(await events(pidu)).not.toContain('extended:staff:pidu.handler');
  });

  it('shows a supervisor who reported only on request, and records each look', async () => {
    const s = await as('city.super');
    const plain = await s.get(`/console/cases/${pidu}`);
    expect(plain.body).toContain('查看举报人身份');
    expect(plain.body).not.toMatch(/李四|13912345678/);
    expect(plain.body).toContain('data-action="supervise"');
    expect(await events(pidu)).not.toContain('identity_viewed:staff:city.super');
    const forged = await s.post(`/console/cases/${pidu}/identity`, {}, false);
    expect(forged.statusCode).toBe(403);
    expect(forged.body).not.toContain('李四');
    const shown = await s.post(`/console/cases/${pidu}/identity`, {});
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toMatch(/id="reporter"[\s\S]*李四[\s\S]*13912345678/);
    expect(await events(pidu)).toContain('identity_viewed:staff:city.super');
    // An anonymous report has nothing to show, to anyone.
    const anon = await s.get(`/console/cases/${wenjiang}`);
    expect(anon.body).toContain('匿名举报');
    expect(anon.body).not.toContain('查看举报人身份');
  });
});

describe(`the console's escalations, triage, roster and dashboard on ${DB_KIND}`, () => {
  it('lists the unit its pages, takes one over, replies and hands back; the reporter hears each on their channel', async () => {
    const other = await as('wenjiang.handler');
    expect((await other.get('/console/escalations')).body).not.toContain(urgent);
    const d = await as('pidu.duty1');
    const list = await d.get('/console/escalations');
    expect(list.body).toMatch(new RegExp(`data-ref="${urgent}"[\\s\\S]*紧急案件[\\s\\S]*郫都值班员`));
    expect(list.body).toContain('http-equiv="refresh"');
    const claimed = await d.post('/console/escalations/claim', { ref: urgent });
    expect(claimed.headers.location).toBe('/console/escalations?lang=zh');
    const held = await d.get('/console/escalations');
    expect(held.body).toMatch(/class="ok"[^>]*>[^<]*已接管/);
    expect(held.body).not.toMatch(new RegExp(`<tr data-ref="${urgent}"`));
    expect(held.body).toMatch(new RegExp(`class="card" data-ref="#\\d+"[\\s\\S]*${urgent}[\\s\\S]*name="text"`));
    expect(held.body).not.toContain('http-equiv="refresh"');
    const ref = /class="card" data-ref="(#\d+)"/.exec(held.body)![1]!;
    await d.post('/console/escalations/reply', { ref, text: '您好，我们已派人前往现场。' });
    await d.post('/console/escalations/release', { ref });
    await core.worker.drain();
    const inbox = core.senders.get('test')!.textsFor('chat-u1');
    expect(inbox.slice(-3)).toEqual(['值班工作人员已接入，将直接在这里与您沟通。', '【值班工作人员】您好，我们已派人前往现场。', '值班工作人员已结束本次对话。如有新情况，请继续在这里告诉我。']);
    expect(await events(urgent)).toEqual(expect.arrayContaining(['acknowledged:staff:pidu.duty1', 'claimed:staff:pidu.duty1']));
    const empty = await d.post('/console/escalations/reply', { ref, text: '  ' });
    expect((await d.get(empty.headers.location!)).body).toMatch(/class="error"/);
    const stolen = await other.post('/console/escalations/claim', { ref: urgent });
    expect((await other.get(stolen.headers.location!)).body).toMatch(/不是本单位的案件/);
  });

  it('gives the triage queue to the triage desk only, and forwards from it', async () => {
    const h = await as('pidu.handler');
    expect((await h.get('/console/triage')).statusCode).toBe(403);
    expect((await h.get('/console/cases')).body).not.toContain('/console/triage');
    // Routed by place to Wenjiang, but the desk knows the farm is over the border in Pidu.
    let last: string[] = [];
    for (const line of ['温江区万春镇有家养猪场臭气熏天', '不知道', '没有', '没有', '1', '1']) last = await core.say('t1', line);
    const triaged = NUMBER.exec(last.join('\n'))![0];
    const t = await as('city.triage');
    const queue = await t.get('/console/triage');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(triaged);
    expect(queue.body).toContain(`>${wenjiang}<`);
    // Accepted already: no longer the desk's to route.
    expect(queue.body).not.toContain(`>${pidu}<`);
    const key = new RegExp(`/console/cases/${triaged}/act[^"]*"[\\s\\S]*?name="key" value="([^"]+)"`).exec(queue.body)![1]!;
    const sent = await t.post(`/console/cases/${triaged}/act?back=triage`, { action: 'forward', to: 'cd-pidu-eeb', reason: '经核实位于郫都区', key });
    expect(sent.headers.location).toBe('/console/triage?lang=zh');
    const after = await t.get('/console/triage');
    expect(after.body).toMatch(/已完成: 转办/);
    expect(after.body).not.toContain(`>${triaged}<`);
    expect((await h.get(`/console/cases/${triaged}`)).statusCode).toBe(200);
  });

  it('shows who is on duty now, with names and the escalation order', async () => {
    const d = await as('pidu.duty1');
    const own = await d.get('/console/roster');
    expect(own.body).toMatch(/data-unit="cd-pidu-eeb"[\s\S]*office[\s\S]*1\. 郫都值班员/);
    expect(own.body).not.toContain('data-unit="cd-wenjiang-eeb"');
    const all = await (await as('city.super')).get('/console/roster?lang=en');
    expect(all.body).toContain('data-unit="cd-wenjiang-eeb"');
    expect(all.body).toMatch(/Who is on duty at 2026-11-30 10:/);
  });

  it('counts the cases of a date range by district and category, and refuses a bad range', async () => {
    const s = await as('city.super');
    const res = await s.get('/console/dashboard?from=2026-11-30&to=2026-11-30');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<svg');
    const total = /<tr class="total"><td><strong>合计<\/strong><\/td><td class="n">(\d+)<\/td>/.exec(res.body)![1];
    const count = await db.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(total)).toBe(Number(count.n));
    expect(res.body).toMatch(/成都市郫都区<\/td><td class="n">[2-9]/);
    const unit = await (await as('wenjiang.handler')).get('/console/dashboard?from=2026-11-30&to=2026-11-30');
    expect(/<tr class="total"><td><strong>合计<\/strong><\/td><td class="n">(\d+)/.exec(unit.body)![1]).toBe('1');
    const none = await s.get('/console/dashboard?from=2026-11-01&to=2026-11-02');
    expect(/<tr class="total"><td><strong>合计<\/strong><\/td><td class="n">(\d+)/.exec(none.body)![1]).toBe('0');
    for (const bad of ['from=2026-12-01&to=2026-11-01', 'from=yesterday&to=2026-11-01', 'from=2024-01-01&to=2026-11-01']) {
      const r = await s.get(`/console/dashboard?${bad}`);
      expect(r.statusCode).toBe(400);
      expect(r.body).toMatch(/日期不正确/);
    }
  });
});
