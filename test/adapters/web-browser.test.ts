import { existsSync } from 'node:fs';
import { webChatPorts } from '../../src/commands/web-ports.js';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebChat } from '../../adapters/web/server.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

// Debian's Chromium (apt-get install chromium); .ci/run installs it. Without it there is no
// browser to drive, and the HTTP-level tests in web.test.ts still cover the API.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let db: TestDb;
let app: FastifyInstance;
let base: string;
let browser: Browser;

describe.runIf(existsSync(CHROMIUM))(`web chat page in a real browser on ${DB_KIND}`, () => {
  beforeAll(async () => {
    db = await createTestDb();
    const core = buildCore(db, undefined, ['web']);
    app = buildWebChat(webChatPorts(core.engine, db.db), core.log);
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

  it('lets a citizen on a phone report a complaint and shows the case number', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    await page.goto(`${base}/`);
    await expect.poll(() => page.textContent('#send')).toBe('发送');
    await expect.poll(() => page.locator('.greeting').textContent()).toMatch(/回音环境投诉举报助手/);
    const bubbles = page.locator('.msg.bot:not(.greeting)');
    const send = async (text: string): Promise<string> => {
      const before = await bubbles.count();
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
      await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBeGreaterThan(before);
      return (await bubbles.last().textContent()) ?? '';
    };
    expect(await send('新都区大丰街道的广场舞音响每天晚上开到十点半，老人小孩都没法休息')).toMatch(/单位|污染源|照片/);
    for (const answer of ['就在大丰街道文化广场', '没有', '希望晚上十点前停止', '1']) await send(answer);
    const summary = await bubbles.last().textContent();
    expect(summary).toContain('成都市新都区');
    const done = await send('1');
    expect(done).toMatch(/HY-\d{8}-\d{4,}/);
    if (process.env.HUIYIN_SCREENSHOT) await page.screenshot({ path: process.env.HUIYIN_SCREENSHOT, fullPage: true });

    // A reload keeps the chat: the page finds its conversation again by the id it stored.
    await page.reload();
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBeGreaterThan(3);
    expect(await bubbles.last().textContent()).toMatch(/HY-\d{8}-\d{4,}/);
  });

  it('offers buttons under short questions and takes a tap as the answer, once', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    await page.goto(`${base}/`);
    const bubbles = page.locator('.msg.bot:not(.greeting)');
    await page.fill('#text', '郫都区犀浦街道有家塑料厂每天晚上排黑烟，味道很刺鼻');
    await page.press('#text', 'Enter');
    // Tap through the questions: "don't know" / "none", then anonymous, then submit.
    for (let i = 0; i < 10 && !/HY-\d{8}-\d{4,}/.test((await bubbles.last().textContent()) ?? ''); i++) {
      const rows = page.locator('.choices');
      await expect.poll(async () => rows.last().locator('button:enabled').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const row = rows.nth((await rows.count()) - 1); // this question's row, even after newer rows appear
      const labels = await row.locator('button').allTextContents();
      const label = ['确认提交', '匿名', '不知道', '没有'].find((l) => labels.includes(l));
      expect(label, `buttons offered: ${labels.join(', ')}`).toBeDefined();
      const before = await bubbles.count();
      await row.getByRole('button', { name: label! }).click();
      await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBeGreaterThan(before);
      // A tapped question's buttons are spent.
      expect(await row.locator('button:enabled').count()).toBe(0);
    }
    expect(await bubbles.last().textContent()).toMatch(/HY-\d{8}-\d{4,}/);
    expect(await page.locator('.msg.me').allTextContents()).toContain('匿名');
  });

  it('gives duty staff their own desk at /staff, where their messages are commands', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${base}/staff`);
    await expect.poll(() => page.textContent('#title')).toBe('回音 · 值班工作台');
    const id = ((await page.textContent('#subtitle')) ?? '').replace('账号编号：', '');
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(await page.locator('.greeting').count()).toBe(0);
    await db.db
      .insertInto('staff')
      .values({ handle: 'pidu.duty1', name: '值班员', unit_id: 'cd-pidu-eeb', role: 'duty', channel: 'web', external_id: id, chat_id: id })
      .execute();
    await page.fill('#text', '你好');
    await page.press('#text', 'Enter');
    const replies = page.locator('.msg.bot');
    await expect.poll(() => replies.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await replies.last().textContent()).toMatch(/工作人员命令/);
  });

  it('shows the page in English to an English browser', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(`${base}/`);
    await expect.poll(() => page.textContent('#send')).toBe('Send');
    await expect.poll(() => page.locator('.greeting').textContent()).toMatch(/Hello, this is Huiyin/);
    await page.fill('#text', 'Black smoke from a factory in Wenjiang District, Chengdu every night');
    await page.press('#text', 'Enter');
    const replies = page.locator('.msg.bot:not(.greeting)');
    await expect.poll(() => replies.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await replies.first().textContent()).toMatch(/Wenjiang District/);
  });
});
