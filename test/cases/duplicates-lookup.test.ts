import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRepeatPolicy, pinDistance, pinSearchBox } from '../../src/cases/repeats.js';
import { findDuplicates } from '../../src/db/repo/repeats.js';
import { wgs84ToGcj02 } from '../../src/places/geometry.js';
import { fileCase } from '../helpers/cases.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

const policy = loadRepeatPolicy('config/repeats.yaml');
const NOW = new Date('2026-11-27T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const PIDU = '510117';
const A = { lat: 30.76, lng: 103.97 };

let db: TestDb;

/** Files an open case with a place and, optionally, a pin (as stored: in the datum it came in). */
async function open(number: string, registeredAt: Date, categories: string[], place: { district: string; lat?: number; lng?: number; datum?: string; target?: string }): Promise<void> {
  await fileCase(db, { number, registeredAt, categories, district: '郫都区', target: place.target ?? null });
  await db.db.updateTable('cases').set({ district_code: place.district, lat: place.lat ?? null, lng: place.lng ?? null, datum: place.datum ?? null }).where('number', '=', number).execute();
}

beforeAll(async () => {
  db = await createTestDb();
  // The one that matters: a smell reported 5 days ago, pinned on a WGS-84 map.
  await open('HY-20261122-0001', days(5), ['air'], { district: PIDU, lat: A.lat, lng: A.lng, datum: 'wgs84' });
  // Same district, no pin, the same factory named: offered by district and target.
  await open('HY-20261123-0001', days(4), ['air'], { district: PIDU, target: '红星塑料厂' });
  // Water in the box but farther than water's radius: not the same problem.
  await open('HY-20261124-0001', days(3), ['water'], { district: PIDU, lat: A.lat + 0.004, lng: A.lng, datum: 'wgs84' });
  // Many newer smells elsewhere in the province, pinned ~60 km away: they must not crowd it out.
  for (let i = 0; i < 250; i++) await open(`HY-20261126-${String(i + 1).padStart(4, '0')}`, days(1), ['air'], { district: '510104', lat: 30.2 + i * 0.0001, lng: 104.5, datum: 'wgs84' });
});
afterAll(async () => {
  await db?.close();
});

describe('the pin search box', () => {
  it('holds every pin within the widest radius of the categories, in either datum, and not much more', () => {
    const box = pinSearchBox({ ...A, datum: 'wgs84' }, ['air', 'water'], policy);
    const reach = Math.max(policy.radiusMetres.air, policy.radiusMetres.water);
    for (const [dLat, dLng] of [[1, 0], [-1, 0], [0, 1], [0, -1], [0.7, 0.7]]) {
      const north = { lat: A.lat + (dLat! * reach) / 111_000, lng: A.lng + (dLng! * reach) / 95_500, datum: 'wgs84' };
      expect(pinDistance({ ...A, datum: 'wgs84' }, north)).toBeLessThanOrEqual(reach * 1.01);
      const [gLng, gLat] = wgs84ToGcj02(north.lng, north.lat);
      for (const p of [north, { lat: gLat, lng: gLng }]) {
        expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
        expect(p.lat).toBeLessThanOrEqual(box.maxLat);
        expect(p.lng).toBeGreaterThanOrEqual(box.minLng);
        expect(p.lng).toBeLessThanOrEqual(box.maxLng);
      }
    }
    expect((box.maxLat - box.minLat) * 111_000).toBeLessThan(2 * (reach + 800));
  });
});

describe(`the duplicate lookup at intake on ${DB_KIND}`, () => {
  it('finds an older pinned case nearby behind hundreds of newer ones elsewhere, across datums', async () => {
    // The same spot, 800 m north, picked on a Chinese (GCJ-02) map.
    const [lng, lat] = wgs84ToGcj02(A.lng, A.lat + 800 / 111_000);
    const found = await findDuplicates(db.db, { categories: ['air'], districtCode: PIDU, town: null, target: null, pin: { lat, lng, datum: 'gcj02' } }, policy, NOW);
    // The case without a pin names a factory this report does not: not offered.
    expect(found.map((c) => c.number)).toEqual(['HY-20261122-0001']);
  });

  it('offers a case without a pin in the same district by what the reports name, pinned or not', async () => {
    const site = { categories: ['air' as const], districtCode: PIDU, town: null, target: '红星塑料厂' };
    expect((await findDuplicates(db.db, { ...site, pin: null }, policy, NOW)).map((c) => c.number)).toEqual(['HY-20261123-0001']);
    const pinned = await findDuplicates(db.db, { ...site, pin: { ...A, datum: 'wgs84' } }, policy, NOW);
    expect(pinned.map((c) => c.number).sort()).toEqual(['HY-20261122-0001', 'HY-20261123-0001']);
  });

  it('does not offer water 450 m away, beyond water\'s radius', async () => {
    const found = await findDuplicates(db.db, { categories: ['water'], districtCode: PIDU, town: null, target: null, pin: { ...A, datum: 'wgs84' } }, policy, NOW);
    expect(found).toEqual([]);
  });
});
