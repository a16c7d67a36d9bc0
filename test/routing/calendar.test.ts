import { configProblems, fixtureFiles } from '../helpers/config.js';
import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, loadCalendar, localTime, weekdayOf } from '../../src/routing/calendar.js';

const file = fixtureFiles('calendar');
const problems = configProblems;
const header = 'years:\n  - year: 2026\n    source: test\n';

describe('the shipped holiday calendar (2026)', () => {
  const calendar = loadCalendar('config/holidays.yaml');

  it('covers 2026 and says it does not cover 2027', () => {
    expect(calendar.years).toEqual([2026]);
    expect(calendar.covers('2026-12-31')).toBe(true);
    expect(calendar.covers('2027-01-01')).toBe(false);
    expect(calendar.covers('2025-12-31')).toBe(false);
  });

  it('makes the make-up Sundays and Saturdays working days', () => {
    for (const d of ['2026-01-04', '2026-09-20']) {
      expect(weekdayOf(d)).toBe(0);
      expect(calendar.dayKind(d)).toBe('workday');
    }
    for (const d of ['2026-02-14', '2026-02-28', '2026-05-09', '2026-10-10']) {
      expect(weekdayOf(d)).toBe(6);
      expect(calendar.dayKind(d)).toBe('workday');
    }
    expect(calendar.nameOf('2026-09-20')).toMatch(/国庆/);
  });

  it('has the nine-day Spring Festival break, weekdays and weekend days alike', () => {
    expect(calendar.dayKind('2026-02-13')).toBe('workday');
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addDays(d, 1)) expect(calendar.dayKind(d), d).toBe('holiday');
    expect(calendar.dayKind('2026-02-24')).toBe('workday');
    expect(calendar.nameOf('2026-02-17')).toMatch(/春节/);
  });

  it('has National Day 1–7 October, then an ordinary week with a worked Saturday', () => {
    expect(calendar.dayKind('2026-09-30')).toBe('workday');
    for (let d = '2026-10-01'; d <= '2026-10-07'; d = addDays(d, 1)) expect(calendar.dayKind(d), d).toBe('holiday');
    expect(calendar.dayKind('2026-10-08')).toBe('workday');
    expect(calendar.dayKind('2026-10-11')).toBe('weekend');
  });

  it('holds exactly the notice: 33 days off and 6 make-up days', () => {
    let off = 0;
    let worked = 0;
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      const weekend = [0, 6].includes(weekdayOf(d));
      if (calendar.dayKind(d) === 'holiday') off++;
      if (calendar.dayKind(d) === 'workday' && weekend) worked++;
    }
    expect(off).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(worked).toBe(6);
  });

  it('answers by weekday alone outside its years, and refuses what is not a date', () => {
    expect(calendar.dayKind('2027-01-01')).toBe('workday'); // a Friday; the 2027 notice is not loaded
    expect(calendar.dayKind('2027-01-02')).toBe('weekend');
    expect(() => calendar.dayKind('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.covers('26-1-1')).toThrow(RangeError);
  });
});

describe('date helpers', () => {
  it('knows real dates and local time in Shanghai', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(localTime(new Date('2026-03-06T19:30:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-03-07', minute: 3 * 60 + 30 });
  });
});

describe('holiday file problems', () => {
  it('names the file and line of an impossible date', () => {
    const p = problems(() => loadCalendar(file('feb30.yaml', `${header}    holidays:\n      - { name: x, date: 2026-01-01 }\n      - { name: y, from: 2026-02-28, to: 2026-02-30 }\n    workdays: []\n`)));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/feb30\.yaml:6: years\.0\.holidays\.1\.to: 2026-02-30 is not a calendar date/);
  });

  it('refuses a day that is both a holiday and a working day, naming both lines', () => {
    const p = problems(() =>
      loadCalendar(file('both.yaml', `${header}    holidays:\n      - { name: 国庆节, from: 2026-10-01, to: 2026-10-07 }\n    workdays:\n      - { name: 调休, date: 2026-10-04 }\n`)),
    );
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/both\.yaml:7: .*2026-10-04 is already listed as holiday "国庆节" at .*both\.yaml:5/);
  });

  it('refuses a make-up day on a weekday, a reversed range, a runaway range and a year twice', () => {
    const p = problems(() =>
      loadCalendar(
        file(
          'many.yaml',
          `${header}    holidays:\n      - { name: a, from: 2026-05-05, to: 2026-05-01 }\n      - { name: b, from: 2026-02-15, to: 2026-12-23 }\n    workdays:\n      - { name: c, date: 2026-10-09 }\n  - year: 2026\n    source: again\n    holidays: []\n    workdays: []\n`,
        ),
      ),
    );
    expect(p).toEqual([
      expect.stringMatching(/many\.yaml:5: .*after/),
      expect.stringMatching(/many\.yaml:6: .*longer than any announced break/),
      expect.stringMatching(/many\.yaml:8: .*2026-10-09 is a Friday/),
      expect.stringMatching(/many\.yaml:9: years\.1\.year: year 2026 appears twice/),
    ]);
  });

  it('refuses a date far from its year and an entry with neither date nor range', () => {
    const p = problems(() => loadCalendar(file('far.yaml', `${header}    holidays:\n      - { name: a, date: 2062-10-01 }\n      - { name: b, from: 2026-10-01 }\n    workdays: []\n`)));
    expect(p).toEqual([expect.stringMatching(/far\.yaml:6: .*either `date`, or both/)]);
    const q = problems(() => loadCalendar(file('far2.yaml', `${header}    holidays:\n      - { name: a, date: 2062-10-01 }\n    workdays: []\n`)));
    expect(q).toEqual([expect.stringMatching(/far2\.yaml:5: .*too far from 2026/)]);
  });
});
