import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscalationJob } from '../../src/notify/escalation-job.js';
import { loadEscalation } from '../../src/routing/escalation.js';
import { loadRouting } from '../../src/routing/load.js';
import { addConsoleUsers, PASSWORD, startConsole } from '../helpers/console.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

// Debian's Chromium, as in web-browser.test.ts. Screenshots of the pages go to artifacts/console/.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(process.env.HUIYIN_ARTIFACTS ?? 'artifacts', 'console');
const NUMBER = /HY-\d{8}-\d{4,}/;
// Monday 2026-11-30 10:00 in Chengdu: the Pidu bureau's office shift is on.
const START = new Date('2026-11-30T02:00:00Z');

let db: TestDb;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let core: ReturnType<typeof buildCore>;
let escalation: EscalationJob;
let pidu: string;
let wenjiang: string;

/** Files a report as `user` and resolves with its case number. */
async function report(user: string, lines: string[]): Promise<string> {
  let last: string[] = [];
  for (const line of lines) last = await core.say(user, line);
  return NUMBER.exec(last.join('\n'))![0];
}

/** What the reporter `user`'s chat received, after delivery ran. */
async function inbox(user: string): Promise<string[]> {
  await core.worker.drain();
  return core.senders.get('test')!.textsFor(`chat-${user}`);
}

/** A new browser page signed in as `handle`, or with a wrong password first when told. */
async function signedIn(handle: string, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  // CSP bypass lets the test forge a form in the page (the console's own policy forbids scripts).
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: lang === 'zh' ? 'zh-CN' : 'en-GB', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/console/login?lang=${lang}`);
  await page.fill('#handle', handle);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await expect.poll(() => new URL(page.url()).pathname).toBe('/console/escalations');
  return page;
}

describe.runIf(existsSync(CHROMIUM))(`the staff console in a real browser on ${DB_KIND}`, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDb();
    core = buildCore(db);
    core.clock.now = START;
    pidu = await report('p1', ['郫都区犀浦街道有家化工厂每天晚上排黑烟', '没有', '没有', '2', '李四 13912345678', '1']);
    wenjiang = await report('w1', ['温江区万春镇有家化工厂每天晚上排黑烟', '没有', '没有', '1', '1']);
    await addConsoleUsers(db, core.clock, [
      { handle: 'pidu.duty1', name: '郫都值班员', unit: 'cd-pidu-eeb', role: 'duty' },
      { handle: 'pidu.handler', name: '郫都办理员', unit: 'cd-pidu-eeb', role: 'handler' },
      { handle: 'city.super', name: '市局督查', unit: 'cd-city-eeb', role: 'supervisor' },
    ]);
    escalation = new EscalationJob({ db: db.db, routing: loadRouting('config'), policy: loadEscalation('config/escalation.yaml'), clock: core.clock.read, timeZone: 'Asia/Shanghai', log: pino({ level: 'silent' }) });
    ({ app, base } = await startConsole(db, core.clock, { listen: true }));
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

  it('refuses a wrong password, signs in, and keeps the session cookie from the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${base}/console/cases`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await page.screenshot({ path: join(SHOTS, 'login.png') });
    await page.fill('#handle', 'pidu.handler');
    await page.fill('#password', 'wrong password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.error').textContent()).toMatch(/工号或密码不正确/);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/escalations');
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.click('nav >> text=案件');
    await expect.poll(() => page.locator('table').textContent()).toContain(pidu);
    expect(await page.locator('table').textContent()).not.toContain(wenjiang);
    await page.screenshot({ path: join(SHOTS, 'cases.png'), fullPage: true });
    await page.click('header button[type=submit]');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/login');
    await page.goto(`${base}/console/cases`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
  });

  it('shows a duty officer an escalation as it comes in; they take it over and reply, and the reporter receives it', async () => {
    const page = await signedIn('pidu.duty1');
    await expect.poll(() => page.locator('main').textContent()).toMatch(/目前没有待处理的告警/);
    const urgent = await report('u1', ['郫都区安德街道的河里有人正在倾倒危险废物，鱼死了一片', '没有', '没有', '没有', '1', '1']);
    await escalation.tick();
    await page.reload();
    const row = page.locator(`tr[data-ref="${urgent}"]`);
    await expect.poll(() => row.textContent()).toMatch(/紧急案件[\s\S]*郫都值班员/);
    await page.screenshot({ path: join(SHOTS, 'escalations.png'), fullPage: true });
    await row.locator('button').click();
    await expect.poll(() => page.locator('p.ok').textContent()).toMatch(/已接管/);
    const card = page.locator('.card[data-ref^="#"]');
    await card.locator('textarea[name=text]').fill('您好，执法人员已出发，约20分钟到达。');
    await card.locator('.reply button').click();
    await expect.poll(() => page.locator('p.ok').textContent()).toMatch(/已回复 #\d+，将发送到举报人所用的渠道/);
    await expect.poll(() => inbox('u1')).toEqual(expect.arrayContaining(['值班工作人员已接入，将直接在这里与您沟通。', '【值班工作人员】您好，执法人员已出发，约20分钟到达。']));
    await page.screenshot({ path: join(SHOTS, 'escalation-held.png'), fullPage: true });
  });

  it('closes a case with a finding, and the reporter gets the closure notice', async () => {
    const page = await signedIn('pidu.handler');
    await page.goto(`${base}/console/cases/${pidu}`);
    await page.click('form[data-action=accept] button');
    await expect.poll(() => page.locator('p.ok').textContent()).toMatch(new RegExp(`已完成: 受理 ${pidu}`));
    const answer = page.locator('form[data-action=answer]');
    await answer.locator('select[name=finding]').selectOption('true');
    await answer.locator('textarea[name=text]').fill('经现场核查，该厂夜间违规排放属实，已责令停产整改并立案处罚。');
    await page.screenshot({ path: join(SHOTS, 'case.png'), fullPage: true });
    await answer.locator('button').click();
    await expect.poll(() => page.locator('p.ok').textContent()).toMatch(/已完成: 办结答复/);
    await expect.poll(async () => (await inbox('p1')).at(-1)).toMatch(new RegExp(`您的举报 ${pidu} 已办结。核查结论：属实。处理情况：经现场核查`));
    // While the reporter rates the answer, only merging into another case is left to do.
    expect(await page.locator('form[data-action]').evaluateAll((forms) => forms.map((f) => f.getAttribute('data-action')))).toEqual(['merge']);
    expect(await page.locator('main').textContent()).not.toMatch(/李四|13912345678/);
  });

  it("answers 403 to a unit handler opening another unit's case, and refuses a form without the session's token", async () => {
    const page = await signedIn('pidu.handler');
    const other = await page.goto(`${base}/console/cases/${wenjiang}`);
    expect(other?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toMatch(/不是本单位的案件/);
    await page.goto(`${base}/console/cases?lang=en`);
    // A form whose token is not the session's, as a cross-site page would send it.
    await page.locator('form[action^="/console/logout"] input[name=csrf]').evaluate((el) => ((el as HTMLInputElement).value = 'forged'));
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().includes('/console/logout')), page.click('header button[type=submit]')]);
    expect(refused.status()).toBe(403);
    expect(await page.content()).toMatch(/页面已过期|This page has expired/);
    // Still signed in: the forged form did nothing.
    await page.goto(`${base}/console/cases`);
    expect(new URL(page.url()).pathname).toBe('/console/cases');
  });

  it('shows a supervisor the triage queue, the roster, the dashboard and, on request, who reported', async () => {
    const page = await signedIn('city.super');
    await page.click('nav >> text=分拨队列');
    await expect.poll(() => page.locator('main').textContent()).toContain(wenjiang);
    await page.screenshot({ path: join(SHOTS, 'triage.png'), fullPage: true });
    await page.click('nav >> text=值班表');
    await expect.poll(() => page.locator('tr[data-unit="cd-pidu-eeb"]').textContent()).toMatch(/郫都值班员/);
    await page.screenshot({ path: join(SHOTS, 'roster.png'), fullPage: true });
    await page.goto(`${base}/console/dashboard?from=2026-11-01&to=2026-11-30`);
    await expect.poll(() => page.locator('#by-district').textContent()).toMatch(/成都市郫都区/);
    expect(await page.locator('svg').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
    await page.goto(`${base}/console/cases/${pidu}`);
    expect(await page.locator('main').textContent()).not.toContain('李四');
    await page.click('text=查看举报人身份');
    await expect.poll(() => page.locator('#reporter').textContent()).toMatch(/李四[\s\S]*13912345678/);
    await page.goto(`${base}/console/dashboard?lang=en`);
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/Dashboard/);
  });
});
