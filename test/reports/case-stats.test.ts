import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStats } from '../../src/db/repo/case-stats.js';
import { act, at, fileCase, shippedLifecycle } from '../helpers/cases.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

/*
 * Eight cases walked through the real lifecycle at set moments, counted by caseStats at two
 * moments: each count as its definition says, in every scope.
 */

const lifecycle = shippedLifecycle();
const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const LATE = at('2026-11-28 12:00');
let db: TestDb;

const reporterOf = async (number: string) => (await db.db.selectFrom('cases').select('reporter_id').where('number', '=', number).executeTakeFirstOrThrow()).reporter_id;
const rate = async (number: string, rating: 'satisfied' | 'unsatisfied', when: string) => act(db, lifecycle, number, [[{ kind: 'rate', rating, reason: rating === 'unsatisfied' ? '没解决' : null, reporterId: await reporterOf(number) }, at(when)]]);

beforeAll(async () => {
  db = await createTestDb();
  const pidu = { district: '郫都区', unitId: 'cd-pidu-eeb' };
  const wuhou = { district: '武侯区', unitId: 'cd-wuhou-eeb' };
  // S1 answered in time, closed.
  await fileCase(db, { number: 'HY-S1', registeredAt: at('2026-06-01 10:00'), categories: ['air'], ...pidu });
  await act(db, lifecycle, 'HY-S1', [[{ kind: 'accept' }, at('2026-06-02 10:00')], [{ kind: 'answer', finding: 'true', action: '整改' }, at('2026-06-20 10:00')]]);
  await rate('HY-S1', 'satisfied', '2026-06-21 10:00');
  // S2 answered after the 60 days, closed.
  await fileCase(db, { number: 'HY-S2', registeredAt: at('2026-06-01 11:00'), categories: ['air', 'noise'], ...pidu });
  await act(db, lifecycle, 'HY-S2', [[{ kind: 'accept' }, at('2026-06-02 10:00')], [{ kind: 'answer', finding: 'untrue', action: '达标' }, at('2026-08-10 10:00')]]);
  await rate('HY-S2', 'satisfied', '2026-08-11 10:00');
  // S3 extended 30 days, answered on day 78 of 90, closed.
  await fileCase(db, { number: 'HY-S3', registeredAt: at('2026-06-02 10:00'), categories: ['water'], ...wuhou });
  await act(db, lifecycle, 'HY-S3', [[{ kind: 'accept' }, at('2026-06-03 10:00')], [{ kind: 'extend', days: 30, reason: '监测' }, at('2026-07-01 10:00')], [{ kind: 'answer', finding: 'true', action: '处罚' }, at('2026-08-20 10:00')]]);
  await rate('HY-S3', 'satisfied', '2026-08-21 10:00');
  // S4 answered in time, reopened by an unsatisfied reporter, answered again too late; awaits a rating.
  await fileCase(db, { number: 'HY-S4', registeredAt: at('2026-06-02 11:00'), categories: ['noise'], ...wuhou });
  await act(db, lifecycle, 'HY-S4', [[{ kind: 'accept' }, at('2026-06-03 10:00')], [{ kind: 'answer', finding: 'true', action: '整改' }, at('2026-06-10 10:00')]]);
  await rate('HY-S4', 'unsatisfied', '2026-06-10 12:00');
  await act(db, lifecycle, 'HY-S4', [[{ kind: 'answer', finding: 'partly_true', action: '再次整改' }, at('2026-09-10 10:00')]]);
  // S5 placed only in a functional zone, merged into S1 before acceptance.
  await fileCase(db, { number: 'HY-S5', registeredAt: at('2026-06-03 10:00'), categories: ['air'], city: null, province: null, zone: '成都高新区', unitId: 'cd-gaoxin-eeb' });
  await act(db, lifecycle, 'HY-S5', [[{ kind: 'merge_into', into: 'HY-S1' }, at('2026-06-04 10:00')]]);
  // S6 in 自贡市, never decided.
  await fileCase(db, { number: 'HY-S6', registeredAt: at('2026-06-03 10:00'), categories: ['water'], city: '自贡市', district: '自流井区', unitId: 'sc-5103-eeb' });
  // S7 in Chengdu, district unknown, accepted, never answered.
  await fileCase(db, { number: 'HY-S7', registeredAt: at('2026-06-03 12:00'), categories: ['other'] });
  await act(db, lifecycle, 'HY-S7', [[{ kind: 'accept' }, at('2026-06-04 10:00')]]);
  // S8 registered half an hour into 1 June in Chengdu (still 31 May in UTC), never decided.
  await fileCase(db, { number: 'HY-S8', registeredAt: at('2026-06-01 00:30'), categories: ['noise'], district: '青羊区', unitId: 'cd-qingyang-eeb' });
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe(`caseStats on ${DB_KIND}`, () => {
  it('counts each definition in a city, including a case placed only in its functional zone', async () => {
    const s = await caseStats(db.db, { ...JUNE, scope: { city: '成都市' } }, lifecycle, LATE);
    expect(s).toMatchObject({ from: '2026-06-01', to: '2026-06-30' });
    // answered: S1–S5; on time: S1, S3 (extended), S5 (merged); late: S2, S4 (second answer); overdue: S7 (answer), S8 (acceptance) — S4's open review window is the reporter's.
    expect(s.totals).toEqual({ received: 7, accepted: 5, not_accepted: 0, closed: 4, answered: 5, on_time: 3, overdue: 2 });
    expect(Object.fromEntries(s.byDistrict.map((d) => [d.district, d.counts.received]))).toEqual({ 成都市郫都区: 2, 成都市武侯区: 2, 成都高新区: 1, 成都市青羊区: 1, '': 1 });
    expect(s.byDistrict[0]!.counts.received).toBe(2);
    expect(s.byCategory.map((c) => [c.category, c.counts.received, c.counts.on_time])).toEqual([
      ['air', 3, 2],
      ['water', 1, 1],
      ['noise', 3, 0],
      ['other', 1, 0],
    ]);
  });

  it('scopes by province, unit, or nothing, and by local days', async () => {
    const count = async (scope: object, period = JUNE, now = LATE) => (await caseStats(db.db, { ...period, scope }, lifecycle, now)).totals;
    expect(await count({ province: '四川省' })).toEqual({ received: 8, accepted: 5, not_accepted: 0, closed: 4, answered: 5, on_time: 3, overdue: 3 });
    expect((await count({})).received).toBe(8);
    expect((await count({ city: '自贡市' })).received).toBe(1);
    expect((await count({ unitId: 'cd-pidu-eeb' })).received).toBe(2);
    expect((await count({ city: '成都市', unitId: 'cd-pidu-eeb' })).received).toBe(2);
    expect((await count({ province: '云南省' })).received).toBe(0);
    expect((await count({}, { from: '2026-06-01', to: '2026-06-01' })).received).toBe(3);
    expect((await count({}, { from: '2026-05-31', to: '2026-05-31' })).received).toBe(0);
    expect((await count({}, { from: '2026-06-04', to: '2026-06-30' })).received).toBe(0);
  });

  it('counts what was known at `now`: later events are ignored', async () => {
    const t = (await caseStats(db.db, { ...JUNE, scope: { province: '四川省' } }, lifecycle, at('2026-06-15 12:00'))).totals;
    // By 15 June only S5 was closed (merged); S6 and S8 missed the 2-working-day acceptance target.
    expect(t).toEqual({ received: 8, accepted: 5, not_accepted: 0, closed: 1, answered: 1, on_time: 1, overdue: 2 });
  });
});
