import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConsoleUsers, PASSWORD, startConsole } from '../helpers/console.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

/*
 * Every staff door, knocked on without the right key: console pages without a session go to
 * sign-in, console forms without a session or without that session's CSRF token are refused and
 * change nothing, and the JSON API refuses a missing or made-up token.
 */

let db: TestDb;
let app: FastifyInstance;
let number: string;
const sha = '0'.repeat(64);

const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** Signs in and returns the session cookie and its CSRF token. */
async function session(handle: string): Promise<{ cookie: string; csrf: string }> {
  const login = await app.inject({ method: 'GET', url: '/console/login' });
  const pre = /hy_console_pre=([^;]+)/.exec(String(login.headers['set-cookie']))![1]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(login.body)![1]!;
  const res = await app.inject({ method: 'POST', url: '/console/login', headers: { ...form, cookie: `hy_console_pre=${pre}` }, payload: new URLSearchParams({ handle, password: PASSWORD, csrf }).toString() });
  const cookie = `hy_console=${/hy_console=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!}`;
  const page = await app.inject({ method: 'GET', url: '/console/cases', headers: { cookie } });
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page.body)![1]! };
}

/** What a refused request must not have changed: events, outbox rows, pages acknowledged, claims. */
async function footprint(): Promise<string> {
  const n = async (table: 'case_events' | 'outbox') => (await db.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const claimed = await db.db.selectFrom('conversations').select('claimed_by').where('claimed_by', 'is not', null).execute();
  const sessions = await db.db.selectFrom('console_sessions').select('ended_at').where('ended_at', 'is not', null).execute();
  return JSON.stringify([await n('case_events'), await n('outbox'), claimed.length, sessions.length]);
}

beforeAll(async () => {
  db = await createTestDb();
  const core = buildCore(db);
  let last: string[] = [];
  for (const line of ['郫都区犀浦街道有家化工厂每天晚上排黑烟', '没有', '没有', '1', '1']) last = await core.say('p1', line);
  number = /HY-\d{8}-\d{4,}/.exec(last.join('\n'))![0];
  await addConsoleUsers(db, core.clock, [
    { handle: 'pidu.handler', name: '郫都办理员', unit: 'cd-pidu-eeb', role: 'handler' },
    { handle: 'city.super', name: '市局督查', unit: 'cd-city-eeb', role: 'supervisor' },
  ]);
  ({ app } = await startConsole(db, core.clock));
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`staff endpoints refuse those without the key, on ${DB_KIND}`, () => {
  const pages = () => ['/console/escalations', '/console/triage', '/console/cases', `/console/cases/${number}`, `/console/cases/${number}/evidence/${sha}`, '/console/roster', '/console/dashboard'];
  const forms = () => [
    [`/console/cases/${number}/act`, { action: 'accept', key: 'k-refuse-1' }],
    [`/console/cases/${number}/identity`, {}],
    ['/console/escalations/claim', { ref: number }],
    ['/console/escalations/reply', { ref: number, text: '伪造的回复' }],
    ['/console/escalations/release', { ref: number }],
    ['/console/logout', {}],
  ] as const;

  it('sends every console page to sign-in without a live session', async () => {
    const ended = await session('pidu.handler');
    await app.inject({ method: 'POST', url: '/console/logout', headers: { ...form, cookie: ended.cookie }, payload: `csrf=${ended.csrf}` });
    for (const cookie of [undefined, 'hy_console=made-up', 'hy_console=' + 'A'.repeat(43), ended.cookie]) {
      for (const url of pages()) {
        const res = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
        expect(res.statusCode, `${url} ${cookie}`).toBe(303);
        expect(res.headers.location, url).toMatch(/^\/console\/login/);
      }
    }
  });

  it('refuses every console form without a session, without its CSRF token, or with another session\'s, and changes nothing', async () => {
    const handler = await session('city.super');
    const other = await session('pidu.handler');
    const before = await footprint();
    for (const [url, fields] of forms()) {
      const attempts: [string, Record<string, string>][] = [
        ['no session', { ...fields, csrf: handler.csrf }],
        ['no token', { ...fields }],
        ['empty token', { ...fields, csrf: '' }],
        ["another session's token", { ...fields, csrf: other.csrf }],
        ['a made-up token', { ...fields, csrf: 'x'.repeat(43) }],
      ];
      for (const [what, body] of attempts) {
        const headers = what === 'no session' ? form : { ...form, cookie: handler.cookie };
        const res = await app.inject({ method: 'POST', url, headers, payload: new URLSearchParams(body).toString() });
        expect(res.statusCode, `${url}: ${what}`).toBe(403);
        expect(res.body, `${url}: ${what}`).toMatch(/页面已过期/);
      }
    }
    expect(await footprint()).toBe(before);
    // The session is still good: the refusals did not sign anyone out.
    expect((await app.inject({ method: 'GET', url: '/console/cases', headers: { cookie: handler.cookie } })).statusCode).toBe(200);
  });

  it('refuses the JSON API without a token or with a made-up one', async () => {
    const before = await footprint();
    for (const authorization of [undefined, 'Bearer', 'Bearer made-up-token', 'Basic cGlkdTpwYXNz', `Bearer ${'A'.repeat(43)}`]) {
      for (const [method, url] of [['GET', '/api/v1/cases'], ['GET', `/api/v1/cases/${number}`], ['POST', `/api/v1/cases/${number}/actions`]] as const) {
        const res = await app.inject({ method, url, headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' }, payload: method === 'POST' ? JSON.stringify({ action: 'accept' }) : undefined });
        expect(res.statusCode, `${method} ${url} ${authorization}`).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="huiyin"/);
        expect(res.body).not.toContain('化工厂');
      }
    }
    expect(await footprint()).toBe(before);
  });
});
