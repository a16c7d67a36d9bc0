import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStats } from '../../src/db/repo/case-stats.js';
import { loadDigestConfig } from '../../src/disclosure/config.js';
import { DigestService } from '../../src/disclosure/service.js';
import type { Digest } from '../../src/reports/digest.js';
import { BULK_CATEGORIES, BULK_PLACES, insertBulkCases } from '../helpers/bulk-cases.js';
import { shippedLifecycle } from '../helpers/cases.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

// Speed is measured in bench/digest.ts; this checks that 10,000 cases are counted right.
const N = 10_000;
const NOW = new Date('2026-11-28T12:00:00+08:00');
const lifecycle = shippedLifecycle();
let db: TestDb;
let dir: string;
let expected: Awaited<ReturnType<typeof insertBulkCases>>;

beforeAll(async () => {
  db = await createTestDb();
  dir = mkdtempSync(join(tmpdir(), 'huiyin-digest10k-'));
  expected = await insertBulkCases(db.db, N, '2026-08-01', 30);
}, 120_000);
afterAll(async () => {
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`a digest of ${N} generated cases on ${DB_KIND}`, () => {
  it('counts every case once in the totals and each district, and under each of its categories', async () => {
    const stats = await caseStats(db.db, { from: '2026-08-01', to: '2026-08-30', scope: { city: '成都市' } }, lifecycle, NOW);
    expect(stats.totals).toEqual(expected.totals);
    expect(expected.totals).toEqual({ received: N, accepted: 8000, not_accepted: 1000, closed: 5000, answered: 6000, on_time: 5000, overdue: 3000 });
    expect(stats.byDistrict.map((d) => d.district).sort()).toEqual(BULK_PLACES.map(([d]) => `成都市${d}`).sort());
    expect(stats.byDistrict.reduce((n, d) => n + d.counts.received, 0)).toBe(N);
    const withAir = Array.from({ length: N }, (_, i) => i).filter((i) => BULK_CATEGORIES[i % BULK_CATEGORIES.length]!.includes('air')).length;
    expect(stats.byCategory.find((c) => c.category === 'air')?.counts.received).toBe(withAir);
    expect(stats.byCategory.map((c) => c.category)).toEqual(['air', 'water', 'noise', 'solid_waste', 'ecology']);
    // Nothing outside the period or the scope.
    expect((await caseStats(db.db, { from: '2026-08-31', to: '2026-09-30', scope: {} }, lifecycle, NOW)).totals.received).toBe(0);
    expect((await caseStats(db.db, { from: '2026-08-01', to: '2026-08-30', scope: { city: '自贡市' } }, lifecycle, NOW)).totals.received).toBe(0);
  });

  it('publishes the digest with every case closed in the period', { timeout: 60_000 }, async () => {
    const service = new DigestService({ db: db.db, lifecycle, config: loadDigestConfig('config/digests.yaml'), publicDir: dir, publicUrl: null, telegramChat: null, clock: () => NOW, log: pino({ level: 'silent' }) });
    const files = await service.publish(service.scope('city', '成都市')!, { from: '2026-08-01', to: '2026-08-30' });
    const digest = JSON.parse(readFileSync(join(dir, files.json), 'utf8')) as Digest;
    expect(digest.stats.totals).toEqual(expected.totals);
    expect(digest.closed_cases).toHaveLength(expected.closedInPeriod);
    expect(readFileSync(join(dir, files.cases_csv), 'utf8').trimEnd().split('\r\n')).toHaveLength(expected.closedInPeriod + 1);
  });
});
