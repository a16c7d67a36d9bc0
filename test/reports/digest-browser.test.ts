import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPublic } from '../../adapters/web/public.js';
import { loadDigestConfig } from '../../src/disclosure/config.js';
import { DigestService } from '../../src/disclosure/service.js';
import { insertBulkCases } from '../helpers/bulk-cases.js';
import { act, at, fileCase, shippedLifecycle } from '../helpers/cases.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

// The city digest as a citizen opens it from the Telegram channel: on a phone, in a real browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(process.env.HUIYIN_ARTIFACTS ?? 'artifacts', 'digest');
const PERIOD = { from: '2026-11-20', to: '2026-11-22' };
const lifecycle = shippedLifecycle();

let db: TestDb;
let dir: string;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let html: string;

describe.runIf(existsSync(CHROMIUM))(`a published digest in a real browser on ${DB_KIND}`, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDb();
    dir = mkdtempSync(join(tmpdir(), 'huiyin-digest-browser-'));
    await insertBulkCases(db.db, 300, PERIOD.from, 3);
    await fileCase(db, { number: 'HY-20261120-9001', registeredAt: at('2026-11-20 09:00'), categories: ['air'], district: '郫都区', town: '犀浦街道', description: '烧烤油烟' });
    await act(db, lifecycle, 'HY-20261120-9001', [
      [{ kind: 'accept' }, at('2026-11-20 10:00')],
      [{ kind: 'answer', finding: 'partly_true', action: '已责令该店加装油烟净化设备，并于次日复查达标。' }, at('2026-11-21 15:00')],
    ]);
    const reporter = await db.db.selectFrom('cases').select('reporter_id').where('number', '=', 'HY-20261120-9001').executeTakeFirstOrThrow();
    await act(db, lifecycle, 'HY-20261120-9001', [[{ kind: 'rate', rating: 'satisfied', reason: null, reporterId: reporter.reporter_id }, at('2026-11-22 08:00')]]);
    const service = new DigestService({ db: db.db, lifecycle, config: loadDigestConfig('config/digests.yaml'), publicDir: dir, publicUrl: null, telegramChat: null, clock: () => at('2026-11-28 12:00'), log: pino({ level: 'silent' }) });
    html = (await service.publish(service.scope('city', '成都市')!, PERIOD)).html;
    app = Fastify();
    await registerPublic(app, dir);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads on a phone: the title, the figures and the closed case, with nothing wider than the screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const res = await page.goto(`${base}/public/${html.split('/').map(encodeURIComponent).join('/')}`);
    expect(res?.status()).toBe(200);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toMatch(/成都市/);
    expect(text).toContain('2026-11-20');
    expect(text).toContain('HY-20261120-9001');
    expect(text).toContain('已责令该店加装油烟净化设备');
    expect(text).toMatch(/郫都区[\s\S]*犀浦街道/);
    // Wide tables may scroll inside their own box, but the page itself must not.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'city-digest-phone.png'), fullPage: true });
    const desk = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN' });
    await desk.goto(`${base}/public/${html.split('/').map(encodeURIComponent).join('/')}`);
    await desk.screenshot({ path: join(SHOTS, 'city-digest.png'), fullPage: true });
  });
});
