import { configProblems, fixtureFiles } from '../helpers/config.js';
import { describe, expect, it } from 'vitest';
import { loadUnits } from '../../src/routing/units.js';
import { addDays, loadCalendar } from '../../src/routing/calendar.js';
import { rosterCheckReport } from '../../src/routing/roster-check.js';
import { loadRosters, onDuty, rosterGaps } from '../../src/routing/roster.js';

const file = fixtureFiles('roster');
const problems = configProblems;
const shanghai = (local: string): Date => new Date(`${local}:00+08:00`);

const calendar = loadCalendar('config/holidays.yaml');

// The shipped rosters must cover exactly the shipped units.
const DEMO_UNITS = [...loadUnits('config/units.yaml').keys()];

// Office on working days, a Monday–Friday night shift, a rest-day desk; Saturday and Sunday nights
// are left to on-call.
const weekly = `rosters:
  - unit: u1
    shifts:
      - { name: office, days: [workday], start: "08:00", end: "18:00", staff: [u1.duty, u1.chief, u1.lead] }
      - { name: weeknight, days: [mon, tue, wed, thu, fri], start: "18:00", end: "08:00", staff: [u1.night, u1.chief] }
      - { name: rest-day, days: [weekend, holiday], start: "08:00", end: "18:00", staff: [u1.rest] }
    on_call: [u1.chief, u1.lead]
  - unit: u2
    shifts:
      - { name: office, days: [workday], start: "08:00", end: "18:00", staff: [u2.duty] }
    on_call: []
`;

describe('who is on duty', () => {
  const rosters = loadRosters(file('weekly.yaml', weekly), ['u1', 'u2']);
  const at = (local: string) => onDuty(rosters, calendar, 'u1', shanghai(local));

  it('keeps a Friday night shift on duty at 03:00 on Saturday, then hands over to the rest-day desk', () => {
    expect(at('2026-03-06T17:59')).toEqual({ staff: ['u1.duty', 'u1.chief', 'u1.lead'], source: 'shift', shift: 'office' });
    expect(at('2026-03-06T18:00')?.shift).toBe('weeknight');
    expect(at('2026-03-07T03:00')).toEqual({ staff: ['u1.night', 'u1.chief'], source: 'shift', shift: 'weeknight' });
    expect(at('2026-03-07T07:59')?.shift).toBe('weeknight');
    expect(at('2026-03-07T08:00')?.shift).toBe('rest-day');
  });

  it('falls back to on-call where no shift runs, and to nobody without an on-call list', () => {
    expect(at('2026-03-07T19:00')).toEqual({ staff: ['u1.chief', 'u1.lead'], source: 'on_call' });
    expect(at('2026-03-09T03:00')?.source).toBe('on_call'); // Sunday night has no shift
    expect(onDuty(rosters, calendar, 'u2', shanghai('2026-03-07T10:00'))).toBeNull();
    expect(onDuty(rosters, calendar, 'no-such-unit', shanghai('2026-03-06T10:00'))).toBeNull();
  });

  it('works the office on a make-up Sunday and opens the rest-day desk on a holiday Thursday', () => {
    expect(at('2026-09-20T10:00')?.shift).toBe('office');
    expect(at('2026-09-13T10:00')?.shift).toBe('rest-day'); // an ordinary Sunday
    expect(at('2026-10-01T10:00')?.shift).toBe('rest-day');
    expect(onDuty(rosters, calendar, 'u2', shanghai('2026-10-01T10:00'))).toBeNull();
  });

  it('lets the night shift that started on a working day run into a holiday morning', () => {
    expect(at('2026-10-01T03:00')?.shift).toBe('weeknight'); // started Wednesday 30 September
  });

  it('reads the instant on the wall clock of the time zone given', () => {
    const instant = new Date('2026-03-07T03:00:00Z'); // Saturday 11:00 in Shanghai
    expect(onDuty(rosters, calendar, 'u1', instant)?.shift).toBe('rest-day');
    expect(onDuty(rosters, calendar, 'u1', instant, 'UTC')?.shift).toBe('weeknight');
  });
});

describe('gaps in cover', () => {
  const nightless = (onCall: string) => `rosters:
  - unit: g1
    shifts:
      - { name: day, days: [workday, weekend, holiday], start: "08:00", end: "20:00", staff: [g1.day] }
      - { name: night, days: [workday, weekend], start: "20:00", end: "08:00", staff: [g1.night] }
    on_call: ${onCall}
  - unit: g2
    shifts:
      - { name: day, days: [workday, weekend, holiday], start: "08:00", end: "20:00", staff: [g2.day] }
      - { name: night, days: [workday, weekend, holiday], start: "20:00", end: "08:00", staff: [g2.night] }
    on_call: []
`;
  const night = (day: string): string[] =>
    [20, 21, 22, 23].map((h) => `${day} ${h}:00`).concat([0, 1, 2, 3, 4, 5, 6, 7].map((h) => `${addDays(day, 1)} 0${h}:00`));
  // The window opens on the morning after the last Mid-Autumn night (Sunday 27 September), which
  // the holiday left without a night shift, and spans every night of the National Day break.
  const holidayNights = [
    ...night('2026-09-27').slice(4),
    ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'].flatMap(night),
  ];
  const from = shanghai('2026-09-28T00:00');

  it('reports exactly the holiday nights of a roster without a holiday night shift', () => {
    const rosters = loadRosters(file('nightless.yaml', nightless('[]')));
    const { gaps, onCallOnly } = rosterGaps(rosters, calendar, ['g1', 'g2'], from, 14);
    expect(gaps.map((g) => g.local)).toEqual(holidayNights);
    expect(gaps.every((g) => g.units.join() === 'g1')).toBe(true);
    expect(holidayNights).toHaveLength(8 + 7 * 12);
    expect(gaps[0]!.at).toEqual(shanghai('2026-09-28T00:00'));
    expect(gaps[8]!.at).toEqual(shanghai('2026-10-01T20:00'));
    expect(onCallOnly).toEqual([]);
  });

  it('turns those hours into on-call warnings when the unit has an on-call list', () => {
    const rosters = loadRosters(file('nightless-oncall.yaml', nightless('[g1.chief]')));
    const { gaps, onCallOnly } = rosterGaps(rosters, calendar, ['g1', 'g2'], from, 14);
    expect(gaps).toEqual([]);
    expect(onCallOnly.map((g) => g.local)).toEqual(holidayNights);
  });

  it('counts an hour only partly covered, and a unit with no roster at all', () => {
    const rosters = loadRosters(
      file(
        'halfhour.yaml',
        'rosters:\n  - unit: h1\n    shifts:\n      - { name: day, days: [workday, weekend, holiday], start: "08:00", end: "17:30", staff: [h1.a] }\n      - { name: night, days: [workday, weekend, holiday], start: "18:00", end: "08:00", staff: [h1.b] }\n    on_call: []\n',
      ),
    );
    const { gaps } = rosterGaps(rosters, calendar, ['h1', 'nobody'], shanghai('2026-03-02T00:00'), 2);
    expect(gaps.filter((g) => g.units.includes('h1')).map((g) => g.local)).toEqual(['2026-03-02 17:00', '2026-03-03 17:00']);
    expect(gaps.filter((g) => g.units.includes('nobody'))).toHaveLength(48);
  });
});

describe('roster file problems', () => {
  const roster = (shifts: string, unit = 'u1') => `  - unit: ${unit}\n    shifts:\n${shifts}    on_call: []\n`;
  const shift = (name: string, days: string, start: string, end: string, staff = '[x.duty]') =>
    `      - { name: ${name}, days: [${days}], start: "${start}", end: "${end}", staff: ${staff} }\n`;

  it('names both shifts that overlap on the same kind of day', () => {
    const p = problems(() =>
      loadRosters(file('overlap.yaml', `rosters:\n${roster(shift('office', 'workday', '08:00', '18:00') + shift('late', 'fri', '17:00', '20:00'))}`)),
    );
    expect(p).toEqual([expect.stringMatching(/overlap\.yaml:4: rosters\.0\.shifts\.0: shifts "office" and "late" \(.*overlap\.yaml:5\) overlap on a workday Friday, 17:00–18:00/)]);
  });

  it('sees a night shift spilling into the next morning’s shift', () => {
    const p = problems(() =>
      loadRosters(file('spill.yaml', `rosters:\n${roster(shift('night', 'workday', '18:00', '09:00') + shift('rest-day', 'weekend, holiday', '08:00', '20:00'))}`)),
    );
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/spill\.yaml:4: .*"night" and "rest-day" \(.*spill\.yaml:5\) overlap when a workday \w+ is followed by a (weekend|holiday) \w+, 08:00–09:00 the next day/);
  });

  it('refuses unknown units, a second roster for a unit and a unit without a roster', () => {
    const text = `rosters:\n${roster(shift('a', 'workday', '08:00', '18:00'), 'u1')}${roster(shift('a', 'workday', '08:00', '18:00'), 'u9')}${roster(shift('a', 'weekend', '08:00', '18:00'), 'u1')}`;
    const p = problems(() => loadRosters(file('units.yaml', text), ['u1', 'u2']));
    expect(p).toEqual([
      expect.stringMatching(/units\.yaml:6: rosters\.1\.unit: unknown unit u9/),
      expect.stringMatching(/units\.yaml:10: rosters\.2\.unit: a second roster for u1; the first is at .*units\.yaml:2/),
      expect.stringMatching(/units\.yaml:\d+: rosters: no roster for unit u2/),
    ]);
    expect(problems(() => loadRosters(file('units-ok.yaml', text)))).toHaveLength(1); // without a unit list only the duplicate
  });

  it('refuses bad times, a zero-length shift, empty staff, unknown day kinds and misspelt keys', () => {
    const p = problems(() =>
      loadRosters(
        file(
          'bad.yaml',
          `rosters:\n${roster(
            shift('a', 'workday', '25:00', '08:00') +
              shift('b', 'workday', '8:30', '17:30') +
              shift('c', 'weekend', '08:00', '08:00') +
              shift('d', 'holiday', '08:00', '18:00', '[]') +
              shift('e', 'weekday', '18:00', '20:00') +
              '      - { name: f, days: [sun], start: "18:00", end: "20:00", staf: [x] }\n',
          )}`,
        ),
      ),
    );
    expect(p).toEqual([
      expect.stringMatching(/bad\.yaml:4: rosters\.0\.shifts\.0\.start: expected a time as HH:MM/),
      expect.stringMatching(/bad\.yaml:5: rosters\.0\.shifts\.1\.start: expected a time as HH:MM/),
      expect.stringMatching(/bad\.yaml:6: rosters\.0\.shifts\.2\.end: end equals start/),
      expect.stringMatching(/bad\.yaml:7: rosters\.0\.shifts\.3\.staff: a shift needs at least one person/),
      expect.stringMatching(/bad\.yaml:8: rosters\.0\.shifts\.4\.days\.0: /),
      expect.stringMatching(/bad\.yaml:9: rosters\.0\.shifts\.5\.staff: /),
      expect.stringMatching(/bad\.yaml:9: rosters\.0\.shifts\.5: .*staf/),
    ]);
  });

  it('refuses two shifts with the same name in one roster', () => {
    const p = problems(() => loadRosters(file('names.yaml', `rosters:\n${roster(shift('day', 'workday', '08:00', '18:00') + shift('day', 'weekend', '08:00', '18:00'))}`)));
    expect(p).toEqual([expect.stringMatching(/names\.yaml:5: .*"day" is used twice/)]);
  });
});

describe('the shipped demo rosters', () => {
  const rosters = loadRosters('config/rosters.yaml', DEMO_UNITS);

  it('has one roster for every demo unit', () => {
    expect([...rosters.keys()].sort()).toEqual([...DEMO_UNITS].sort());
  });

  it('leaves no hour uncovered for 14 days over Mid-Autumn, a make-up Sunday and National Day', () => {
    expect(rosterGaps(rosters, calendar, DEMO_UNITS, shanghai('2026-09-19T00:00'), 14)).toEqual({ gaps: [], onCallOnly: [] });
  });

  it('leaves no hour uncovered over the Spring Festival break and its make-up Saturdays', () => {
    expect(rosterGaps(rosters, calendar, DEMO_UNITS, shanghai('2026-02-12T00:00'), 18)).toEqual({ gaps: [], onCallOnly: [] });
  });

  it('gives a full escalation chain on a holiday night', () => {
    expect(onDuty(rosters, calendar, 'cd-jinjiang-eeb', shanghai('2026-10-03T02:00'))).toEqual({
      staff: ['jinjiang.night1', 'jinjiang.chief', 'jinjiang.lead'],
      source: 'shift',
      shift: 'night',
    });
  });
});

describe('roster check report', () => {
  const rosters = loadRosters('config/rosters.yaml', DEMO_UNITS);

  it('passes the demo rosters inside the covered year', () => {
    const r = rosterCheckReport({ rosters, calendar, unitIds: DEMO_UNITS, from: shanghai('2026-09-19T00:00'), days: 14 });
    expect(r).toMatchObject({ ok: true, hasGaps: false, uncoveredDays: [] });
    expect(r.lines.at(-1)).toMatch(/^OK/);
  });

  it('fails on days beyond the holiday calendar even without gaps', () => {
    const r = rosterCheckReport({ rosters, calendar, unitIds: DEMO_UNITS, from: shanghai('2026-12-25T00:00'), days: 14 });
    expect(r.hasGaps).toBe(false);
    expect(r.ok).toBe(false);
    expect(r.uncoveredDays).toEqual(['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07']);
    expect(r.lines.join('\n')).toMatch(/NOT COVERED: .*holidays\.yaml has no holiday schedule for 2027[^]*2027-01-01 → 2027-01-07 \(7 days\)/);
  });

  it('lists gaps per unit as runs of hours', () => {
    const gappy = loadRosters(
      file(
        'gappy.yaml',
        'rosters:\n  - unit: g1\n    shifts:\n      - { name: day, days: [workday, weekend, holiday], start: "08:00", end: "20:00", staff: [g1.day] }\n      - { name: night, days: [workday, weekend], start: "20:00", end: "08:00", staff: [g1.night] }\n    on_call: []\n',
      ),
    );
    const r = rosterCheckReport({ rosters: gappy, calendar, unitIds: ['g1'], from: shanghai('2026-09-28T00:00'), days: 14 });
    expect(r.hasGaps).toBe(true);
    expect(r.ok).toBe(false);
    const text = r.lines.join('\n');
    expect(text).toContain('GAPS: 92 hours');
    expect(text).toContain('g1: 2026-09-28 00:00 → 2026-09-28 08:00 (8 h)');
    expect(text).toContain('g1: 2026-10-01 20:00 → 2026-10-02 08:00 (12 h)');
    expect(text).toContain('g1: 2026-10-07 20:00 → 2026-10-08 08:00 (12 h)');
  });
});
