import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/routing/calendar.js';
import { CATCH_UP_DAYS, checkPeriod, duePeriods, type Schedule } from '../../src/reports/period.js';

const city: Schedule = { cadence: { kind: 'every', days: 3, epoch: '2026-01-01' }, minute: 9 * 60 };
const province: Schedule = { cadence: { kind: 'weekdays', days: [1, 4] }, minute: 9 * 60 };
const at = (date: string, hhmm = '10:00') => ({ date, minute: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) });

describe('checkPeriod', () => {
  it('accepts a period and refuses what is not one, saying why', () => {
    expect(checkPeriod('2026-11-01', '2026-11-03')).toEqual({ ok: true, period: { from: '2026-11-01', to: '2026-11-03' } });
    expect(checkPeriod('2026-11-03', '2026-11-03').ok).toBe(true);
    expect(checkPeriod(undefined, '2026-11-03')).toEqual({ ok: false, problem: '--from is missing (a date, YYYY-MM-DD)' });
    expect(checkPeriod('2026-11-01', '')).toEqual({ ok: false, problem: '--to is missing (a date, YYYY-MM-DD)' });
    expect(checkPeriod('2026-02-30', '2026-03-01')).toEqual({ ok: false, problem: '--from "2026-02-30" is not a date (YYYY-MM-DD)' });
    expect(checkPeriod('2026-11-01', '11/03/2026')).toEqual({ ok: false, problem: '--to "11/03/2026" is not a date (YYYY-MM-DD)' });
    expect(checkPeriod('2026-11-05', '2026-11-03')).toEqual({ ok: false, problem: '--from 2026-11-05 is after --to 2026-11-03' });
    expect(checkPeriod('2025-01-01', '2026-11-03')).toEqual({ ok: false, problem: 'the period is longer than 366 days' });
  });
});

describe('duePeriods', () => {
  it('cuts contiguous 3-day windows from the epoch, published the day after at the set time', () => {
    // 2026-11-24 is epoch + 327 days (a multiple of 3): a window starts on it.
    expect(duePeriods(city, null, at('2026-11-24', '08:59'))).toEqual([{ from: '2026-11-18', to: '2026-11-20' }]);
    expect(duePeriods(city, null, at('2026-11-24', '09:00'))).toEqual([{ from: '2026-11-21', to: '2026-11-23' }]);
    expect(duePeriods(city, '2026-11-23', at('2026-11-26', '23:00'))).toEqual([]);
    expect(duePeriods(city, '2026-11-23', at('2026-11-27', '09:00'))).toEqual([{ from: '2026-11-24', to: '2026-11-26' }]);
  });

  it('catches up every missed window since the last one, oldest first, but not beyond a month', () => {
    expect(duePeriods(city, '2026-11-17', at('2026-11-28'))).toEqual([
      { from: '2026-11-18', to: '2026-11-20' },
      { from: '2026-11-21', to: '2026-11-23' },
      { from: '2026-11-24', to: '2026-11-26' },
    ]);
    const long = duePeriods(city, '2026-01-03', at('2026-11-28'));
    expect(long.at(-1)).toEqual({ from: '2026-11-24', to: '2026-11-26' });
    expect(long[0]!.to >= addDays('2026-11-28', -CATCH_UP_DAYS)).toBe(true);
    long.slice(1).forEach((p, i) => expect(p.from).toBe(addDays(long[i]!.to, 1)));
  });

  it('publishes the province on Monday (Thursday–Sunday) and Thursday (Monday–Wednesday)', () => {
    // 2026-11-26 is a Thursday, 2026-11-30 a Monday.
    expect(duePeriods(province, null, at('2026-11-26'))).toEqual([{ from: '2026-11-23', to: '2026-11-25' }]);
    expect(duePeriods(province, '2026-11-25', at('2026-11-29'))).toEqual([]);
    expect(duePeriods(province, '2026-11-25', at('2026-11-30'))).toEqual([{ from: '2026-11-26', to: '2026-11-29' }]);
    expect(duePeriods(province, '2026-11-22', at('2026-12-04'))).toEqual([
      { from: '2026-11-23', to: '2026-11-25' },
      { from: '2026-11-26', to: '2026-11-29' },
      { from: '2026-11-30', to: '2026-12-02' },
    ]);
  });
});
