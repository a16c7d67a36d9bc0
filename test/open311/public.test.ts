import { describe, expect, it } from 'vitest';
import { loadCaseRules } from '../../src/cases/rules.js';
import type { LifecycleEvent } from '../../src/cases/lifecycle.js';
import { publicRequest, statusesOf, type PublicCaseRow } from '../../src/open311/public.js';
import { loadRouting } from '../../src/routing/load.js';

const routing = loadRouting('config');
const ctx = { units: routing.units, clocks: { policy: loadCaseRules('config').clocks, calendar: routing.calendar, timeZone: 'Asia/Shanghai' }, now: new Date('2026-11-28T00:00:00Z') };
const at = new Date('2026-11-27T02:00:00Z');
const row: PublicCaseRow = {
  number: 'HY-20261127-0001',
  status: 'registered',
  categories: ['air', 'noise'],
  subcategory: 'cooking_fumes',
  district_code: '510104',
  district_name: '锦江区',
  city: '成都市',
  province: '四川省',
  town: null,
  zone: null,
  lat: 30.6571,
  lng: 104.0833,
  datum: 'gcj02',
  unit_id: 'cd-urban-mgmt',
  registered_at: at,
};
const ev = (type: string, data: Record<string, unknown> = {}, hours = 0): LifecycleEvent => ({ type, at: new Date(at.getTime() + hours * 3_600_000), actor: 'staff:x', data });

describe('a case as the public sees it', () => {
  it('converts a WeChat pin to WGS-84 before snapping it to the town grid', () => {
    const r = publicRequest(row, [ev('registered')], ctx);
    // GCJ-02 (30.6571, 104.0833) is WGS-84 (≈30.6596, ≈104.0808): snapped to 30.65 / 104.1.
    expect([r.lat, r.long]).toEqual([30.65, 104.1]);
    expect(r).toMatchObject({ service_code: 'air', service_name: '大气污染', address: '成都市锦江区', description: '大气污染（餐饮油烟），成都市锦江区 / Air pollution (cooking fumes), Jinjiang District, Chengdu', status: 'open' });
    expect(r.agency_responsible).toMatch(/城市管理/);
  });

  it('leaves out a position it does not have, and names a zone when there is no district', () => {
    const r = publicRequest({ ...row, district_code: null, district_name: null, city: null, zone: '成都高新区', lat: null, lng: null, datum: null }, [], ctx);
    expect(r).not.toHaveProperty('lat');
    expect(r).not.toHaveProperty('long');
    expect(r.address).toBe('成都高新区');
  });

  it('notes a merge and the last public step, never staff-only events', () => {
    const events = [ev('registered'), ev('merged', { into: 'HY-20261126-0009' }, 5), ev('closed', { why: 'merged' }, 5), ev('identity_viewed', {}, 9)];
    const r = publicRequest({ ...row, status: 'closed' }, events, ctx);
    expect(r).toMatchObject({ status: 'closed', status_notes: '已并入 HY-20261126-0009 办理 / Merged into HY-20261126-0009', updated_datetime: '2026-11-27T15:00:00+08:00', expected_datetime: null });
  });

  it('maps our statuses to open and closed', () => {
    expect(statusesOf(['open'])).toEqual(['registered', 'accepted', 'forwarded', 'in_progress']);
    expect(statusesOf(['closed'])).toEqual(['answered', 'not_accepted', 'closed']);
  });
});
