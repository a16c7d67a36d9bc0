import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConsole } from '../../adapters/web/console.js';
import { loadCaseRules } from '../../src/cases/rules.js';
import { ConsoleService } from '../../src/console/service.js';
import { setPassword } from '../../src/db/repo/console-sessions.js';
import { loadRouting } from '../../src/routing/load.js';
import { StaffApi } from '../../src/staff-api/service.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

// Debian's Chromium, as in web-browser.test.ts. Screenshots of the pages go to artifacts/console/.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(process.env.HUIYIN_ARTIFACTS ?? 'artifacts', 'console');

let db: TestDb;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let number: string;

describe.runIf(existsSync(CHROMIUM))(`the staff console in a real browser on ${DB_KIND}`, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDb();
    const core = buildCore(db);
    let last: string[] = [];
    for (const line of ['郫都区犀浦街道有家化工厂每天晚上排黑烟', '没有', '没有', '1', '1']) last = await core.say('p1', line);
    number = /HY-\d{8}-\d{4,}/.exec(last.join('\n'))![0];
    const routing = loadRouting('config');
    const rules = loadCaseRules('config');
    const staffApi = new StaffApi({ db: db.db, lifecycle: { policy: rules.clocks, calendar: routing.calendar, timeZone: 'Asia/Shanghai', units: routing.units }, triageUnit: routing.table.fallback, kick: () => {}, clock: core.clock.read });
    await db.db.insertInto('staff').values({ handle: 'pidu.handler', name: '郫都办理员', unit_id: 'cd-pidu-eeb', role: 'handler', channel: 'console', external_id: 'pidu.handler', chat_id: 'x' }).execute();
    await setPassword(db.db, 'pidu.handler', 'a long passphrase', core.clock.now);
    app = Fastify();
    registerConsole(app, new ConsoleService({ db: db.db, staffApi, triageUnit: routing.table.fallback, timeZone: 'Asia/Shanghai', clock: core.clock.read }));
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('signs in, lists the unit\'s cases, refuses a wrong password, and signs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${base}/console/cases`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await page.screenshot({ path: join(SHOTS, 'login.png') });
    await page.fill('#handle', 'pidu.handler');
    await page.fill('#password', 'wrong password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.error').textContent()).toMatch(/工号或密码不正确/);
    await page.fill('#password', 'a long passphrase');
    await page.click('button[type=submit]');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/cases');
    await expect.poll(() => page.locator('table').textContent()).toContain(number);
    expect(await page.locator('header').textContent()).toContain('郫都办理员');
    await page.screenshot({ path: join(SHOTS, 'cases.png'), fullPage: true });
    // The session cookie is invisible to the page's scripts.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.click('header button[type=submit]');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/login');
    await page.goto(`${base}/console/cases`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
  });
});
