import type { FastifyInstance } from 'fastify';
import { webChatPorts } from '../../src/commands/web-ports.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerStaffApi } from '../../adapters/web/api.js';
import { buildWebChat } from '../../adapters/web/server.js';
import { loadCaseRules } from '../../src/cases/rules.js';
import { issueToken, revokeTokens } from '../../src/db/repo/api-tokens.js';
import { loadRouting } from '../../src/routing/load.js';
import { StaffApi } from '../../src/staff-api/service.js';
import { buildCore, TestClock } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
let core: ReturnType<typeof buildCore>;
let app: FastifyInstance;
let base: string;
const tokens: Record<string, string> = {};
/** Case numbers by the reporter who opened them. */
const cases: Record<string, string> = {};

// One confidential report with a name and phone, anonymous ones; all in 郫都区 (cd-pidu-eeb) but the last.
const REPORTS: Record<string, { text: string; identity: '1' | '2' }> = {
  ming: { text: '郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟，味道很刺鼻', identity: '2' },
  erin: { text: '郫都区团结街道有家化工厂往河里排污水，河水发黑发臭', identity: '1' },
  fang: { text: '郫都区红光街道有家家具厂每天喷漆，气味刺鼻', identity: '1' },
  gao: { text: '郫都区安德街道有家养猪场把粪水排进河里，河水发黑', identity: '1' },
  hu: { text: '温江区万春镇的养猪场把粪水直接排进江安河，河水发黑发臭', identity: '1' },
};

/** Runs a report through the real engine, answering whatever the bot asks, and returns its case number. */
async function report(user: string, r: (typeof REPORTS)[string]): Promise<string> {
  let replies = await core.say(user, r.text);
  for (let turn = 0; turn < 12; turn++) {
    const said = replies.join('\n');
    const number = /HY-\d{8}-\d{4}/.exec(said)?.[0];
    if (number) return number;
    const answer = /确认提交/.test(said) ? '1' : /以什么方式举报/.test(said) ? r.identity : /手机号码/.test(said) ? '张三 13800138000' : '没有';
    replies = await core.say(user, answer);
  }
  throw new Error(`no case for ${user}: ${replies.join('\n')}`);
}

const STAFF: [handle: string, unit: string, role: 'handler' | 'duty' | 'supervisor', active: boolean][] = [
  ['pidu.handler', 'cd-pidu-eeb', 'handler', true],
  ['wenjiang.handler', 'cd-wenjiang-eeb', 'handler', true],
  ['city.duty', 'cd-city-eeb', 'duty', true],
  ['boss', 'cd-jinjiang-eeb', 'supervisor', true],
  ['pidu.lost', 'cd-pidu-eeb', 'handler', true],
  ['pidu.left', 'cd-pidu-eeb', 'handler', true],
];

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db, new TestClock(new Date('2026-11-27T02:00:00Z')));
  const routing = loadRouting('config');
  const lifecycle = { policy: loadCaseRules('config').clocks, calendar: routing.calendar, timeZone: 'Asia/Shanghai', units: routing.units };
  app = buildWebChat(webChatPorts(core.engine, db.db), core.log);
  registerStaffApi(app, new StaffApi({ db: db.db, lifecycle, triageUnit: routing.table.fallback, kick: () => core.worker.kick(), clock: core.clock.read }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });

  await db.db
    .insertInto('staff')
    .values(STAFF.map(([handle, unit, role]) => ({ handle, name: handle, unit_id: unit, role, channel: 'staffchat', external_id: `ext-${handle}`, chat_id: `chat-${handle}` })))
    .execute();
  for (const [handle] of STAFF) tokens[handle] = (await issueToken(db.db, handle, core.clock.now))!;
  await revokeTokens(db.db, 'pidu.lost', core.clock.now);
  await db.db.updateTable('staff').set({ active: false }).where('handle', '=', 'pidu.left').execute();

  for (const [user, r] of Object.entries(REPORTS)) cases[user] = await report(user, r);
});
afterAll(async () => {
  await app?.close();
  await core?.worker.stop();
  await db?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  // Parsed JSON: each test asserts the shape it expects.
  body: any;
  text: string;
}

async function call(method: 'GET' | 'POST', path: string, o: { as?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(o.as ? { authorization: `Bearer ${tokens[o.as]}` } : {}), ...o.headers };
  if (o.body !== undefined || o.raw !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, text };
}
const act = (as: string, user: string, body: unknown, headers?: Record<string, string>) => call('POST', `/cases/${cases[user]}/actions`, { as, body, headers });
const events = async (user: string) =>
  db.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id').select(['type', 'actor']).where('cases.number', '=', cases[user]!).orderBy('case_events.id').execute();
const toReporter = (user: string): string[] => core.senders.get('test')!.textsFor(`chat-${user}`);

describe(`staff API over HTTP on ${DB_KIND}`, () => {
  it('refuses a request without a valid token with 401 and a Bearer challenge, before reading the body', async () => {
    const none = await call('GET', '/cases');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="huiyin"');
    expect(none.body).toMatchObject({ error: 'unauthorized', message: { zh: expect.any(String), en: expect.any(String) } });

    const forged = 'hy_' + 'A'.repeat(43);
    for (const authorization of [`Bearer ${forged}`, 'Bearer not-a-token', `Basic ${tokens['pidu.handler']}`, `Bearer ${tokens['pidu.lost']}`, `Bearer ${tokens['pidu.left']}`, `Bearer ${tokens['pidu.handler']}x`]) {
      const res = await call('GET', '/cases', { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="huiyin"/);
    }
    expect((await call('GET', '/cases', { headers: { authorization: `Bearer ${forged}` } })).headers.get('www-authenticate')).toContain('error="invalid_token"');
    // An unauthenticated request is refused as such, not for its malformed body.
    expect((await call('POST', `/cases/${cases.ming}/actions`, { raw: '{not json' })).status).toBe(401);
    expect((await call('GET', '/nowhere')).status).toBe(401);
  });

  it('stores no token, only its hash, and notes when a token is used', async () => {
    const rows = await db.db.selectFrom('api_tokens').select(['staff_handle', 'token_hash', 'last_used_at']).execute();
    const token = tokens['city.duty']!;
    expect(JSON.stringify(rows)).not.toContain(token.slice(3));
    expect(rows.every((r) => r.token_hash.length === 32)).toBe(true);
    expect((await call('GET', '/cases', { as: 'city.duty' })).status).toBe(200);
    const used = await db.db.selectFrom('api_tokens').select('last_used_at').where('staff_handle', '=', 'city.duty').executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
    expect(await issueToken(db.db, 'pidu.left', core.clock.now)).toBeNull();
    expect(await issueToken(db.db, 'nobody', core.clock.now)).toBeNull();
  });

  it('lists a unit its own cases only, and the triage desk and supervisors every case, without reporters', async () => {
    const pidu = await call('GET', '/cases', { as: 'pidu.handler' });
    expect(pidu.status).toBe(200);
    expect(pidu.body.cases.map((c: { number: string }) => c.number).sort()).toEqual([cases.ming, cases.erin, cases.fang, cases.gao].sort());
    expect(pidu.body.total).toBe(4);
    expect(pidu.body.cases[0]).toMatchObject({ status: 'registered', unit: { id: 'cd-pidu-eeb', name: '成都市郫都生态环境局' }, supervised: false, priority: 0, overdue: false, next_deadline: { kind: 'accept_target' } });
    expect(pidu.body.cases[0].categories.length).toBeGreaterThan(0);
    expect(pidu.text).not.toMatch(/chat-ming|13800138000|张三|reporter/);

    const wenjiang = await call('GET', '/cases', { as: 'wenjiang.handler' });
    expect(wenjiang.body.cases.map((c: { number: string }) => c.number)).toEqual([cases.hu]);
    for (const who of ['city.duty', 'boss']) expect((await call('GET', '/cases', { as: who })).body.total, who).toBe(5);

    const paged = await call('GET', '/cases?limit=2&offset=1&status=registered&supervised=false', { as: 'city.duty' });
    expect(paged.body).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(paged.body.cases).toHaveLength(2);
    expect((await call('GET', '/cases?status=closed', { as: 'city.duty' })).body.total).toBe(0);
    // Empty parameters, as a form sends them, filter nothing.
    expect((await call('GET', '/cases?status=&supervised=&overdue=&limit=&offset=', { as: 'city.duty' })).body).toMatchObject({ total: 5, limit: 50, offset: 0 });
  });

  it('answers a bad list query with 400 and the problems', async () => {
    for (const q of ['limit=0', 'limit=1000', 'limit=ten', 'offset=-1', 'status=lost', 'supervised=maybe', 'category=smell', 'owner=cd-pidu-eeb', 'status=registered&status=accepted']) {
      const res = await call('GET', `/cases?${q}`, { as: 'pidu.handler' });
      expect(res.status, q).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect(res.body.issues.length, q).toBeGreaterThan(0);
    }
  });

  it('narrows a list by unit, category and district, and a unit never widens what a handler sees', async () => {
    const own = await call('GET', '/cases?unit=cd-pidu-eeb&category=air&district=郫都区', { as: 'pidu.handler' });
    expect(own.status).toBe(200);
    expect(own.body.total).toBeGreaterThan(0);
    expect(own.body.cases.every((c: { categories: string[]; unit: { id: string } }) => c.categories.includes('air') && c.unit.id === 'cd-pidu-eeb')).toBe(true);
    expect((await call('GET', '/cases?category=noise&district=郫都区', { as: 'pidu.handler' })).body.total).toBe(0);
    const other = await call('GET', '/cases?unit=cd-pidu-eeb', { as: 'wenjiang.handler' });
    expect(other.status).toBe(200);
    expect(other.body.total).toBe(0);
  });

  it('refuses another unit’s case with 403, and a number that does not exist with 404', async () => {
    const seen = await call('GET', `/cases/${cases.ming}`, { as: 'wenjiang.handler' });
    expect(seen.status).toBe(403);
    expect(seen.body).toMatchObject({ error: 'other_unit', message: { zh: expect.stringContaining('不是本单位的案件'), en: expect.any(String) } });
    expect(seen.text).not.toContain('塑料厂');
    const acted = await act('wenjiang.handler', 'ming', { action: 'accept' });
    expect(acted.status).toBe(403);
    expect((await events('ming')).map((e) => e.type)).toEqual(['registered', 'routed']);

    for (const number of ['HY-20261127-9999', 'HY-2026', 'nonsense', "1'; drop table cases;--"]) {
      expect((await call('GET', `/cases/${encodeURIComponent(number)}`, { as: 'pidu.handler' })).status, number).toBe(404);
      expect((await call('POST', `/cases/${encodeURIComponent(number)}/actions`, { as: 'pidu.handler', body: { action: 'accept' } })).status, number).toBe(404);
    }
    expect((await call('GET', '/nowhere', { as: 'pidu.handler' })).body).toMatchObject({ error: 'not_found' });
    // A unit's own case answers in lower case too.
    expect((await call('GET', `/cases/${cases.ming!.toLowerCase()}`, { as: 'pidu.handler' })).status).toBe(200);
  });

  it('shows a handler the complaint but never who made it, and writes no identity audit', async () => {
    const res = await call('GET', `/cases/${cases.ming}`, { as: 'pidu.handler' });
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({ number: cases.ming, status: 'registered', identity_mode: 'confidential', unit: { id: 'cd-pidu-eeb' }, followers: 1, supervised: false });
    expect(res.body.case.description).toContain('塑料厂');
    expect(res.body.reporter).toBeNull();
    expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual(['registered', 'routed']);
    expect(res.body.timeline[0].actor).toBe('reporter');
    expect(res.body.clocks.running.map((d: { kind: string }) => d.kind)).toContain('accept');
    const reporter = await db.db.selectFrom('reporters').select('id').where('external_id', '=', 'ming').executeTakeFirstOrThrow();
    expect(res.text).not.toMatch(/chat-ming|13800138000|张三|"test"|message_id/);
    expect(res.text).not.toMatch(new RegExp(`reporter:${reporter.id}\\b`));
    expect((await events('ming')).map((e) => e.type)).not.toContain('identity_viewed');
  });

  it('shows a supervisor who reported a confidential case, and records that they looked', async () => {
    const res = await call('GET', `/cases/${cases.ming}`, { as: 'boss' });
    expect(res.status).toBe(200);
    expect(res.body.reporter).toMatchObject({ channel: 'test', chat_id: 'chat-ming', contact_phone: '13800138000' });
    expect(await events('ming')).toContainEqual({ type: 'identity_viewed', actor: 'staff:boss' });

    // Never for an anonymous report, and then nothing to record.
    const anon = await call('GET', `/cases/${cases.erin}`, { as: 'boss' });
    expect(anon.body.reporter).toBeNull();
    expect(anon.text).not.toContain('chat-erin');
    expect((await events('erin')).map((e) => e.type)).not.toContain('identity_viewed');
  });

  it('accepts a case and the reporter is told on their channel', async () => {
    const res = await act('pidu.handler', 'ming', { action: 'accept' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number: cases.ming, status: 'accepted', unit: 'cd-pidu-eeb' });
    expect(res.body.notices).toHaveLength(1);
    // The API wakes the outbox worker itself: nothing here drains it.
    await vi.waitFor(() => expect(toReporter('ming').at(-1)).toMatch(new RegExp(`${cases.ming} 已受理`)), { timeout: 5_000 });
    expect(await events('ming')).toContainEqual({ type: 'accepted', actor: 'staff:pidu.handler' });
  });

  it('refuses what the lifecycle does not allow now with 409 and the refusal code', async () => {
    const again = await act('pidu.handler', 'ming', { action: 'accept' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'wrong_status', message: { zh: expect.stringContaining('状态不允许'), en: expect.stringMatching(/\w/) } });
    expect((await act('pidu.handler', 'erin', { action: 'start' })).body.error).toBe('wrong_status');
    expect((await act('pidu.handler', 'ming', { action: 'extend', days: 31, reason: '需要监测' })).body).toMatchObject({ error: 'bad_extension' });
    expect((await act('pidu.handler', 'ming', { action: 'extend', days: 10, reason: '需要监测' })).status).toBe(200);
    const twice = await act('pidu.handler', 'ming', { action: 'extend', days: 5, reason: '还要监测' });
    expect([twice.status, twice.body.error]).toEqual([409, 'already_extended']);
  });

  it('answers bad JSON and bad bodies with 400 and acts on none', async () => {
    const before = (await events('fang')).length;
    const raw = await call('POST', `/cases/${cases.fang}/actions`, { as: 'pidu.handler', raw: '{not json' });
    expect([raw.status, raw.body.error]).toEqual([400, 'bad_request']);
    const bodies: unknown[] = [
      {},
      { action: 'delete' },
      { action: 'not_accept', body: '人民法院' },
      { action: 'not_accept', body: '人民法院', reason: '   ' },
      { action: 'accept', admin: true },
      { action: 'extend', days: '5', reason: 'x' },
      { action: 'extend', days: 0, reason: 'x' },
      { action: 'extend', days: 2.5, reason: 'x' },
      { action: 'answer', finding: 'maybe', text: '已处理' },
      { action: 'merge', into: 'HY-1' },
      { action: 'merge', into: cases.fang },
      { action: 'send_back', reason: 'x'.repeat(1_001) },
      ['accept'],
      'accept',
      null,
    ];
    for (const body of bodies) {
      const res = await act('pidu.handler', 'fang', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect(res.body.issues.length).toBeGreaterThan(0);
    }
    const missing = await act('pidu.handler', 'fang', { action: 'not_accept', body: '人民法院' });
    expect(missing.body.issues).toContainEqual(expect.objectContaining({ path: 'reason' }));
    const unit = await act('pidu.handler', 'fang', { action: 'forward', to: 'cd-nowhere', reason: '不在本区' });
    expect([unit.status, unit.body.error]).toEqual([400, 'unknown_unit']);
    const text = await call('POST', `/cases/${cases.fang}/actions`, { as: 'pidu.handler', raw: 'action=accept', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([text.status, text.body.error]).toEqual([415, 'bad_request']);
    expect((await events('fang')).length).toBe(before);
  });

  it('acts once for a repeated Idempotency-Key, and refuses the key for another request', async () => {
    const headers = { 'idempotency-key': 'accept-fang-1' };
    const first = await act('pidu.handler', 'fang', { action: 'accept' }, headers);
    const retry = await act('pidu.handler', 'fang', { action: 'accept' }, headers);
    expect(first.status).toBe(200);
    expect([retry.status, retry.body]).toEqual([200, first.body]);
    expect((await events('fang')).filter((e) => e.type === 'accepted')).toHaveLength(1);
    await vi.waitFor(() => expect(toReporter('fang').filter((t) => t.includes('已受理'))).toHaveLength(1), { timeout: 5_000 });

    const other = await act('pidu.handler', 'fang', { action: 'start' }, headers);
    expect([other.status, other.body.error]).toEqual([422, 'idempotency_key_reused']);
    // A refusal is an answer too: its retry gets the same 409, even after the case moved on.
    const refusedOnce = await act('pidu.handler', 'gao', { action: 'start' }, { 'idempotency-key': 'start-gao' });
    expect(refusedOnce.status).toBe(409);
    expect((await act('pidu.handler', 'gao', { action: 'accept' })).status).toBe(200);
    expect((await act('pidu.handler', 'gao', { action: 'start' }, { 'idempotency-key': 'start-gao' })).status).toBe(409);
    // Keys are each staff member's own.
    expect((await act('city.duty', 'gao', { action: 'start' }, { 'idempotency-key': 'start-gao' })).status).toBe(200);
    // Retries racing each other: one acts, the others wait for its answer (a second supervise would be a 409).
    const racing = await Promise.all([1, 2, 3].map(() => act('boss', 'hu', { action: 'supervise', reason: '多次反映' }, { 'idempotency-key': 'race-1' })));
    expect(racing.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(racing[1]!.body).toEqual(racing[0]!.body);
    expect(racing[2]!.body).toEqual(racing[0]!.body);
    expect((await events('hu')).filter((e) => e.type === 'supervised')).toHaveLength(1);
    for (const key of ['', 'has space', 'x'.repeat(201), 'cl\u00e9']) {
      const res = await call('POST', `/cases/${cases.gao}/actions`, { as: 'pidu.handler', body: { action: 'start' }, headers: { 'idempotency-key': key } });
      expect(res.status, key).toBe(400);
    }
  });

  it('lets only supervisors and the triage desk put a case under supervision', async () => {
    const handler = await act('pidu.handler', 'fang', { action: 'supervise', reason: '群众反映强烈' });
    expect([handler.status, handler.body.error]).toEqual([403, 'not_supervisor']);
    const boss = await act('boss', 'fang', { action: 'supervise', reason: '群众反映强烈' });
    expect(boss.body).toMatchObject({ status: 'accepted', supervised: true, notices: [] });
    expect((await act('city.duty', 'fang', { action: 'supervise', reason: '再督办' })).body.error).toBe('already_supervised');
    expect((await call('GET', '/cases?supervised=true', { as: 'pidu.handler' })).body.cases.map((c: { number: string }) => c.number)).toEqual([cases.fang]);
  });

  it('answers a case with a finding, and the reporter gets the answer', async () => {
    const res = await act('pidu.handler', 'gao', { action: 'answer', finding: 'partly_true', text: '已责令养猪场停止排放并整改' });
    expect(res.body).toMatchObject({ status: 'answered' });
    await vi.waitFor(() => expect(toReporter('gao').at(-1)).toContain('已责令养猪场停止排放并整改'), { timeout: 5_000 });
  });

  it('merges a case into another of the unit’s cases, never into another unit’s', async () => {
    const across = await act('pidu.handler', 'erin', { action: 'merge', into: cases.hu });
    expect([across.status, across.body.error]).toEqual([403, 'other_unit']);
    const missing = await act('pidu.handler', 'erin', { action: 'merge', into: 'HY-20261127-9999' });
    expect([missing.status, missing.body.error]).toEqual([404, 'not_found']);
    const merged = await act('pidu.handler', 'erin', { action: 'merge', into: cases.ming });
    expect(merged.body).toMatchObject({ status: 'closed', merged_into: cases.ming });
    await vi.waitFor(() => expect(toReporter('erin').at(-1)).toContain(`合并办理`), { timeout: 5_000 });
    const view = await call('GET', `/cases/${cases.ming}`, { as: 'pidu.handler' });
    expect(view.body.case.followers).toBe(2);
    expect(view.text).not.toContain('chat-erin');
    expect((await call('GET', `/cases/${cases.erin}`, { as: 'pidu.handler' })).body.clocks.running).toEqual([]);
  });

  it('forwards a case to another unit, which owns it from then on', async () => {
    const res = await act('pidu.handler', 'ming', { action: 'forward', to: 'cd-wenjiang-eeb', reason: '厂址实际在温江区' });
    expect(res.body).toMatchObject({ status: 'forwarded', unit: 'cd-wenjiang-eeb' });
    expect((await call('GET', `/cases/${cases.ming}`, { as: 'pidu.handler' })).status).toBe(403);
    expect((await call('GET', `/cases/${cases.ming}`, { as: 'wenjiang.handler' })).body.clocks.running.map((d: { kind: string }) => d.kind)).toContain('send_back');
    expect((await act('wenjiang.handler', 'ming', { action: 'send_back', reason: '不属于本区' })).body).toMatchObject({ status: 'accepted', unit: 'cd-pidu-eeb' });
  });

  it('lists overdue cases once their clocks run out', async () => {
    expect((await call('GET', '/cases?overdue=true', { as: 'city.duty' })).body.total).toBe(0);
    core.clock.advance(20 * 86_400_000);
    const overdue = await call('GET', '/cases?overdue=true', { as: 'city.duty' });
    // Still waiting for acceptance after 20 days: the Wenjiang report (the others were accepted, merged or answered).
    expect(overdue.body.cases.map((c: { number: string }) => c.number)).toEqual([cases.hu]);
    expect(overdue.body.cases[0]).toMatchObject({ overdue: true, next_deadline: { overdue: true } });
    const onTime = await call('GET', '/cases?overdue=false', { as: 'city.duty' });
    expect(onTime.body.cases.map((c: { number: string }) => c.number)).not.toContain(cases.hu);
    expect(onTime.body.cases.map((c: { number: string }) => c.number)).not.toContain(cases.erin);
  });
});
