import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramSender } from '../../adapters/telegram/sender.js';
import { openDb, type Db } from '../../src/db/connect.js';
import { loadDigestConfig } from '../../src/disclosure/config.js';
import { DigestService } from '../../src/disclosure/service.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import type { IndexEntry } from '../../src/reports/index-page.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { act, at, fileCase, shippedLifecycle } from '../helpers/cases.js';
import { configProblems, fixtureFiles } from '../helpers/config.js';
import { TestClock } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

/*
 * Two instances tick the digest schedule at the same moment: every slot is published once and
 * announced once on the Telegram channel (delivered by the real outbox worker and grammY sender
 * to the fake Bot API), a tick with nothing due does nothing, and slots missed while both were
 * down are caught up, oldest first.
 */

const TOKEN = '123456:digest-schedule-test-token-abcdef';
const CHANNEL = '@huiyin_digests';
const lifecycle = shippedLifecycle();
const file = fixtureFiles('digests');
const yaml = (extra = '') => `province: 四川省
cities: [成都市, 自贡市]
city_digest: { every_days: 3, epoch: "2026-01-01", at: "09:00" }
province_digest: { weekdays: [monday, thursday], at: "09:00" }
${extra}`;

let db: TestDb;
let second: Db | null = null;
let dir: string;
let fake: FakeTelegramApi;
const clock = new TestClock(at('2026-11-27 09:05')); // a Friday

const service = (on: Db) =>
  new DigestService({
    db: on.db,
    lifecycle,
    config: loadDigestConfig(file('digests.yaml', yaml())),
    publicDir: dir,
    publicUrl: 'https://huiyin.example.org/public/',
    telegramChat: CHANNEL,
    clock: clock.read,
    log: pino({ level: 'silent' }),
  });

beforeAll(async () => {
  db = await createTestDb();
  // On PostgreSQL the second instance has connections of its own, as a second process would.
  if (db.url) second = await openDb({ kind: 'postgres', url: db.url }, { poolSize: 4 });
  dir = mkdtempSync(join(tmpdir(), 'huiyin-digest-schedule-'));
  fake = await FakeTelegramApi.start();
  await fileCase(db, { number: 'HY-20261124-0001', registeredAt: at('2026-11-24 10:00'), categories: ['air'], district: '郫都区', town: '犀浦街道' });
  await act(db, lifecycle, 'HY-20261124-0001', [[{ kind: 'accept' }, at('2026-11-24 11:00')]]);
  await fileCase(db, { number: 'HY-20261125-0002', registeredAt: at('2026-11-25 10:00'), categories: ['noise'], city: '自贡市', district: '自流井区' });
});
afterAll(async () => {
  await second?.close();
  await db?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const announcements = async () => (await db.db.selectFrom('outbox').select(['chat_id', 'text']).where('channel', '=', 'telegram').orderBy('id').execute());

describe(`the digest schedule with two instances (${DB_KIND})`, () => {
  it('publishes and announces each due slot once when two instances tick together', async () => {
    const [a, b] = await Promise.all([service(db).tick(), service(second ?? db).tick()]);
    // Due on Friday 27 November 09:05: each city's 24–26 November, the province's Monday–Wednesday.
    expect(a.published + b.published).toBe(3);
    expect(a.taken + b.taken).toBe(3);
    expect(a.failed + b.failed).toBe(0);
    const runs = await db.db.selectFrom('digest_runs').select(['kind', 'scope', 'period_from', 'period_to']).select((eb) => eb.cast<string>('period_from', 'text').as('from')).orderBy('id').execute();
    expect(runs.map((r) => `${r.kind} ${r.scope} ${r.from}`).sort()).toEqual(['city 成都市 2026-11-24', 'city 自贡市 2026-11-24', 'province 四川省 2026-11-23']);
    const posts = await announcements();
    expect(posts).toHaveLength(3);
    expect(posts.every((p) => p.chat_id === CHANNEL)).toBe(true);
    const chengdu = posts.find((p) => p.text.includes('成都市'))!.text;
    expect(chengdu).toContain('【成都市生态环境信访投诉办理情况】2026-11-24 至 2026-11-26');
    expect(chengdu).toContain('登记 1 件，已受理 1 件');
    expect(chengdu).toContain('https://huiyin.example.org/public/digests/city/5101-chengdu/2026-11-24_2026-11-26.html');
    expect(chengdu).toContain('Chengdu, 2026-11-24 to 2026-11-26: 1 complaints received, 1 accepted');
    expect(existsSync(join(dir, 'digests/city/5101-chengdu/2026-11-24_2026-11-26.html'))).toBe(true);
  });

  it('does nothing when nothing is due', async () => {
    clock.advance(3_600_000);
    expect(await service(db).tick()).toEqual({ published: 0, taken: 0, failed: 0 });
    expect(await announcements()).toHaveLength(3);
  });

  it('catches up the slots missed while no instance ran, oldest first', async () => {
    clock.now = at('2026-12-03 10:00'); // Thursday
    const r = await service(second ?? db).tick();
    // Each city: 27–29 November and 30 November–2 December; the province: 26–29 November and 30 November–2 December.
    expect(r).toEqual({ published: 6, taken: 0, failed: 0 });
    const index = JSON.parse(readFileSync(join(dir, 'digests/index.json'), 'utf8')) as { digests: IndexEntry[] };
    expect(index.digests.filter((d) => d.scope === '四川省').map((d) => `${d.from}_${d.to}`)).toEqual(['2026-11-30_2026-12-02', '2026-11-26_2026-11-29', '2026-11-23_2026-11-25']);
    expect(index.digests).toHaveLength(9);
    expect(readFileSync(join(dir, 'digests/index.html'), 'utf8')).toContain('href="city/5101-chengdu/2026-11-27_2026-11-29.html"');
  });

  it('delivers each announcement once to the channel through the outbox worker', async () => {
    const worker = new OutboxWorker(db.db, new Map([['telegram', TelegramSender.create({ token: TOKEN, apiRoot: fake.apiRoot, limits: { perSecond: 1_000, perChatPerSecond: 100 } })]]), pino({ level: 'silent' }));
    await worker.drain();
    await worker.stop();
    const sent = fake.sent.filter((m) => m.chatId === CHANNEL);
    expect(sent).toHaveLength(9);
    expect(new Set(sent.map((m) => m.text)).size).toBe(9);
    expect(await db.db.selectFrom('outbox').select('status').where('channel', '=', 'telegram').where('status', '<>', 'sent').execute()).toEqual([]);
  });
});

describe('config/digests.yaml', () => {
  it('loads the shipped file: the province and its 21 cities, with URL-safe slugs', () => {
    const c = loadDigestConfig('config/digests.yaml');
    expect(c.province).toEqual({ kind: 'province', name: '四川省', name_en: 'Sichuan', slug: '51-sichuan' });
    expect(c.cities).toHaveLength(21);
    expect(c.cities.every((x) => /^\d{4}-[a-z]+$/.test(x.slug))).toBe(true);
    expect(c.provinceSchedule).toEqual({ cadence: { kind: 'weekdays', days: [1, 4] }, minute: 540 });
  });

  it('reports every problem with its line', () => {
    const problems = configProblems(() =>
      loadDigestConfig(file('bad.yaml', `province: 四川省\ncities: [成都市, 北京市, 昆明市, 成都市]\ncity_digest: { every_days: 3, epoch: "2026-02-30", at: "9am" }\nprovince_digest: { weekdays: [monday], at: "09:00" }\ntelegram_chat: "not a chat"\n`)),
    );
    expect(problems.join('\n')).toMatch(/bad\.yaml:3: city_digest\.epoch/);
    expect(problems.join('\n')).toMatch(/bad\.yaml:3: city_digest\.at: a local time HH:MM/);
    expect(problems.join('\n')).toMatch(/bad\.yaml:5: telegram_chat/);
    const places = configProblems(() => loadDigestConfig(file('cities.yaml', yaml().replace('[成都市, 自贡市]', '[成都市, 北京市, 火星市, 成都市]'))));
    expect(places).toEqual([
      expect.stringMatching(/cities\.yaml:2: cities\.1: 北京市 is not in 四川省/),
      expect.stringMatching(/cities\.yaml:2: cities\.2: unknown city "火星市"/),
      expect.stringMatching(/cities\.yaml:2: cities\.3: "成都市" is listed twice/),
    ]);
  });
});
