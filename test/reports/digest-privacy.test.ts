import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigestConfig } from '../../src/disclosure/config.js';
import { DigestService } from '../../src/disclosure/service.js';
import type { Digest } from '../../src/reports/digest.js';
import { act, at, fileCase, shippedLifecycle } from '../helpers/cases.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

/*
 * Cases whose every text is full of personal data — the complaint, the reported unit, the
 * address, the staff's answer, the reporter's name and phone — are published as a city and a
 * province digest. None of it may appear in any published file, and the digests must still
 * carry the right figures and cases.
 */

const NOW = at('2026-11-28 12:00');
const lifecycle = shippedLifecycle();
const PERIOD = { from: '2026-11-20', to: '2026-11-22' };

/** Every string that must never be published. */
const SECRETS = [
  '张伟',
  '王芳',
  '李秀英',
  '13812345678',
  '138 1234 5678',
  '1234 5678',
  '15987654321',
  '028-87654321',
  '87654321',
  '510104199001011234',
  '51010419900101123X',
  '12号3单元502室',
  '502室',
  '3单元',
  '8栋2-301',
  '2-301',
  'wxid_abc123',
  'wxid_',
  '@someuser',
  'someuser',
  'zhangwei@example.com',
  'example.com',
  'zw_wechat88',
  'QQ 2345678',
  '犀浦北路',
  '红光大道',
  '每天晚上十点以后',
  '老张烧烤',
  '希望尽快处理',
];

const dirtyAnswer =
  '经查，举报人张伟（电话13812345678，另一号码138 1234 5678，身份证510104199001011234）反映的郫都区犀浦北路12号3单元502室楼下老张烧烤油烟问题属实。' +
  '已约谈负责人王芳（微信zw_wechat88、wxid_abc123，tg @someuser，邮箱zhangwei@example.com，QQ 2345678，座机028-87654321），责令安装油烟净化器，李秀英女士已确认。';

let db: TestDb;
let dir: string;
let service: DigestService;

beforeAll(async () => {
  db = await createTestDb();
  dir = mkdtempSync(join(tmpdir(), 'huiyin-digest-privacy-'));
  // A: 郫都区, air + noise, confidential with name and phone, answered (with a dirty text) and closed in the period.
  await fileCase(db, {
    number: 'HY-20261120-0001',
    registeredAt: at('2026-11-20 09:00'),
    categories: ['air', 'noise'],
    district: '郫都区',
    town: '犀浦街道',
    identity: 'confidential',
    contactName: '张伟',
    contactPhone: '13812345678',
    description: '我叫张伟，电话13812345678，住犀浦北路12号3单元502室，楼下老张烧烤每天晚上十点以后油烟很大，微信wxid_abc123',
    target: '老张烧烤（老板王芳 15987654321）',
    placeText: '郫都区犀浦街道犀浦北路12号3单元502室',
    demand: '希望尽快处理，联系我 zhangwei@example.com',
  });
  await act(db, lifecycle, 'HY-20261120-0001', [
    [{ kind: 'accept' }, at('2026-11-20 10:00')],
    [{ kind: 'answer', finding: 'partly_true', action: dirtyAnswer }, at('2026-11-21 15:00')],
  ]);
  const a = await db.db.selectFrom('cases').select('reporter_id').where('number', '=', 'HY-20261120-0001').executeTakeFirstOrThrow();
  await act(db, lifecycle, 'HY-20261120-0001', [[{ kind: 'rate', rating: 'satisfied', reason: null, reporterId: a.reporter_id }, at('2026-11-22 08:00')]]);
  // B: 武侯区, water, real name, not accepted.
  await fileCase(db, {
    number: 'HY-20261121-0002',
    registeredAt: at('2026-11-21 11:00'),
    categories: ['water'],
    district: '武侯区',
    town: '玉林街道',
    identity: 'real_name',
    contactName: '李秀英',
    contactPhone: '15987654321',
    description: '李秀英举报，身份证51010419900101123X，8栋2-301楼上漏水',
    placeText: '武侯区红光大道8栋2-301',
  });
  await act(db, lifecycle, 'HY-20261121-0002', [[{ kind: 'not_accept', body: '物业管理部门', reason: '不属于生态环境部门职责' }, at('2026-11-21 16:00')]]);
  // C: 郫都区, noise, anonymous, no decision: past the local 2-working-day acceptance target by NOW.
  await fileCase(db, { number: 'HY-20261122-0003', registeredAt: at('2026-11-22 20:00'), categories: ['noise'], district: '郫都区', town: '犀浦街道', description: '张伟家隔壁工地夜间施工，电话028-87654321' });
  // D: another city in the period — in the province digest, not in Chengdu's.
  await fileCase(db, { number: 'HY-20261121-0004', registeredAt: at('2026-11-21 09:30'), city: '自贡市', categories: ['solid_waste'], district: '自流井区', description: '王芳倾倒垃圾' });
  service = new DigestService({
    db: db.db,
    lifecycle,
    config: loadDigestConfig('config/digests.yaml'),
    publicDir: dir,
    publicUrl: 'https://huiyin.example.org/public',
    telegramChat: null,
    clock: () => NOW,
    log: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every file under `d`, recursively. */
const filesUnder = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? filesUnder(join(d, n)) : [join(d, n)]));

describe(`digests publish no personal data (${DB_KIND})`, () => {
  it('publishes the city and the province digest with the expected figures and cases', async () => {
    const city = await service.publish(service.scope('city', '成都市')!, PERIOD);
    const province = await service.publish(service.scope('province', '四川省')!, PERIOD);
    const c = JSON.parse(readFileSync(join(dir, city.json), 'utf8')) as Digest;
    expect(c.stats.totals).toEqual({ received: 3, accepted: 1, not_accepted: 1, closed: 1, answered: 1, on_time: 1, overdue: 1 });
    expect(c.stats.byDistrict.map((d) => [d.district, d.counts.received])).toEqual([
      ['成都市郫都区', 2],
      ['成都市武侯区', 1],
    ]);
    expect(c.stats.byCategory.map((x) => [x.category, x.counts.received])).toEqual([
      ['air', 1],
      ['water', 1],
      ['noise', 2],
    ]);
    expect(c.closed_cases).toHaveLength(1);
    const closed = c.closed_cases[0]!;
    expect(closed).toMatchObject({ number: 'HY-20261120-0001', place: '郫都区 犀浦街道', categories: ['air', 'noise'], finding: 'partly_true', registered: '2026-11-20', answered: '2026-11-21', closed: '2026-11-22' });
    // The answer keeps what was done, without who.
    expect(closed.action).toMatch(/油烟问题属实/);
    expect(closed.action).toMatch(/责令安装油烟净化器/);
    const p = JSON.parse(readFileSync(join(dir, province.json), 'utf8')) as Digest;
    expect(p.stats.totals.received).toBe(4);
    expect(p.closed_cases[0]!.place).toBe('成都市郫都区 犀浦街道');
    const html = readFileSync(join(dir, city.html), 'utf8');
    expect(html).toContain('部分属实');
    expect(html).toContain('partly true');
    expect(html).toContain('HY-20261120-0001');
    expect(html).not.toMatch(/<script/i);
  });

  it('leaves none of the personal data in any published file (HTML, CSV, JSON, index)', () => {
    const files = filesUnder(dir);
    expect(files.filter((f) => /\.(html|csv|json)$/.test(f)).length).toBeGreaterThanOrEqual(10);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const s of SECRETS) expect(text.includes(s), `${s} in ${f}`).toBe(false);
      // No 11-digit mobile and no 18-character ID in any form.
      expect(text, f).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)|\d{17}[\dXx]/);
    }
  });
});
