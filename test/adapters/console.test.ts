import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConsoleUsers, startConsole } from '../helpers/console.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
let app: FastifyInstance;
let pidu: string;
let wenjiang: string;

/** The value of a cookie the answer sets, and its attributes. */
function cookieOf(res: { headers: Record<string, unknown> }, name: string): { value: string; attrs: string } | null {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  const c = all.find((x: string) => x.startsWith(`${name}=`));
  return c ? { value: c.slice(name.length + 1).split(';')[0]!, attrs: c } : null;
}

/** A form body as a browser sends it. */
const formBody = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

/** Opens the sign-in page: its CSRF token and pre-session cookie. */
async function loginForm(): Promise<{ csrf: string; pre: string }> {
  const res = await app.inject({ method: 'GET', url: '/console/login' });
  return { csrf: /name="csrf" value="([^"]+)"/.exec(res.body)![1]!, pre: cookieOf(res, 'hy_console_pre')!.value };
}

async function signIn(handle: string, password: string, form?: { csrf: string; pre: string }) {
  const f = form ?? (await loginForm());
  return app.inject({ method: 'POST', url: '/console/login', cookies: { hy_console_pre: f.pre }, payload: formBody({ handle, password, csrf: f.csrf }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

async function session(handle: string): Promise<string> {
  const res = await signIn(handle, 'a long passphrase');
  expect(res.statusCode).toBe(303);
  return cookieOf(res, 'hy_console')!.value;
}

beforeAll(async () => {
  db = await createTestDb();
  const core = buildCore(db);
  const report = async (user: string, place: string) => {
    let last: string[] = [];
    for (const line of [`${place}有家化工厂每天晚上排黑烟`, '没有', '没有', '2', '李四 13912345678', '1']) last = await core.say(user, line);
    return /HY-\d{8}-\d{4,}/.exec(last.join('\n'))![0];
  };
  pidu = await report('p1', '郫都区犀浦街道');
  wenjiang = await report('w1', '温江区万春镇');
  await addConsoleUsers(db, core.clock, [
    { handle: 'pidu.handler', name: '郫都办理员', unit: 'cd-pidu-eeb', role: 'handler' },
    { handle: 'city.admin', name: '管理员', unit: 'cd-city-eeb', role: 'admin' },
  ]);
  ({ app } = await startConsole(db, core.clock));
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe(`the staff console on ${DB_KIND}`, () => {
  it('serves the sign-in form with a CSRF token, strict headers, and a pre-session cookie', async () => {
    const res = await app.inject({ method: 'GET', url: '/console/login' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<form class="login" method="post"[\s\S]*name="csrf"[\s\S]*工号[\s\S]*密码/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(cookieOf(res, 'hy_console_pre')?.attrs).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await app.inject({ method: 'GET', url: '/console/login?lang=en' })).body).toMatch(/Staff handle[\s\S]*Sign in/);
  });

  it('refuses a sign-in form without its CSRF token, or with another one', async () => {
    const f = await loginForm();
    expect((await signIn('city.admin', 'a long passphrase', { csrf: '', pre: f.pre })).statusCode).toBe(403);
    const other = await loginForm();
    const res = await signIn('city.admin', 'a long passphrase', { csrf: other.csrf, pre: f.pre });
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/页面已过期/);
    expect(cookieOf(res, 'hy_console')).toBeNull();
  });

  it('signs in with the right password only, into a session cookie the page cannot read', async () => {
    const wrong = await signIn('pidu.handler', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toMatch(/工号或密码不正确/);
    expect(cookieOf(wrong, 'hy_console')).toBeNull();
    const ok = await signIn('pidu.handler', 'a long passphrase');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/console/escalations?lang=zh');
    expect(cookieOf(ok, 'hy_console')?.attrs).toMatch(/Path=\/console; HttpOnly; SameSite=Strict/);
  });

  it('shows a unit handler only their unit\'s cases, without who reported them; the triage desk sees all', async () => {
    expect((await app.inject({ method: 'GET', url: '/console/cases' })).headers.location).toBe('/console/login?lang=zh');
    const handler = await app.inject({ method: 'GET', url: '/console/cases', cookies: { hy_console: await session('pidu.handler') } });
    expect(handler.statusCode).toBe(200);
    expect(handler.body).toContain(pidu);
    expect(handler.body).not.toContain(wenjiang);
    expect(handler.body).not.toMatch(/13912345678|李四|chat-p1/);
    const admin = await app.inject({ method: 'GET', url: '/console/cases?lang=en', cookies: { hy_console: await session('city.admin') } });
    expect(admin.body).toContain(pidu);
    expect(admin.body).toContain(wenjiang);
    expect(admin.body).toMatch(/Cases · all units/);
    const filtered = await app.inject({ method: 'GET', url: '/console/cases?status=closed', cookies: { hy_console: await session('city.admin') } });
    expect(filtered.body).toMatch(/没有符合条件的案件/);
  });

  it('signs out only with the CSRF token, and the session is over everywhere', async () => {
    const token = await session('pidu.handler');
    const page = await app.inject({ method: 'GET', url: '/console/cases', cookies: { hy_console: token } });
    const csrf = /action="\/console\/logout[^"]*"><input type="hidden" name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const forged = await app.inject({ method: 'POST', url: '/console/logout', cookies: { hy_console: token }, payload: formBody({ csrf: 'forged' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/console/cases', cookies: { hy_console: token } })).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/console/logout', cookies: { hy_console: token }, payload: formBody({ csrf }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(out.statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: '/console/cases', cookies: { hy_console: token } })).statusCode).toBe(303);
  });

  it('locks an account after five wrong passwords and says until when', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn('city.admin', `wrong ${i}`)).statusCode).toBe(401);
    const locked = await signIn('city.admin', 'wrong 4');
    expect(locked.statusCode).toBe(423);
    expect(locked.body).toMatch(/账号已锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect((await signIn('city.admin', 'a long passphrase')).statusCode).toBe(423);
  });
});
