import { describe, expect, it } from 'vitest';
import { addWorkingDays, caseClocks, ClockRuleError, reminderDays, STATUTORY_CLOCKS, type ClockEvent } from '../../src/cases/clocks.js';
import { loadCalendar } from '../../src/routing/calendar.js';

const calendar = loadCalendar('config/holidays.yaml');
const TZ = 'Asia/Shanghai';
/** An instant at a local Chengdu time. */
const at = (local: string): Date => new Date(`${local}+08:00`);
const ev = (type: ClockEvent['type'], local: string, days?: number): ClockEvent => ({ type, at: at(local), ...(days ? { days } : {}) });
const clocks = (events: ClockEvent[], now: string, policy = STATUTORY_CLOCKS) => caseClocks(events, policy, calendar, TZ, at(now));

describe('working days', () => {
  it('skips weekends and holidays and counts make-up Saturdays', () => {
    // Fri 2026-09-18 + 2 working days: Sun 09-20 is a make-up workday, so Mon 09-21.
    expect(addWorkingDays(calendar, '2026-09-18', 1)).toBe('2026-09-20');
    expect(addWorkingDays(calendar, '2026-09-18', 2)).toBe('2026-09-21');
    // Wed 2026-09-30 + 1: 10-01…10-07 off, Thu 10-08 back.
    expect(addWorkingDays(calendar, '2026-09-30', 1)).toBe('2026-10-08');
    // Fri 2026-10-09 + 1: Sat 10-10 is a make-up workday.
    expect(addWorkingDays(calendar, '2026-10-09', 1)).toBe('2026-10-10');
    expect(addWorkingDays(calendar, '2026-11-27', 0)).toBe('2026-11-27');
  });
});

describe('case clocks, derived from events', () => {
  it('runs the 15-day acceptance clock from the local day of registration', () => {
    // 23:30 on 11-27 in Chengdu is 15:30 UTC: the local day counts.
    const c = clocks([ev('registered', '2026-11-27T23:30:00')], '2026-12-12T23:59:00');
    expect(c.running).toEqual([{ kind: 'accept', from: '2026-11-27', due: '2026-12-12', overdue: false }]);
    expect(clocks([ev('registered', '2026-11-27T23:30:00')], '2026-12-13T00:01:00').running[0]).toMatchObject({ overdue: true });
  });

  it('adds a local acceptance target in working days when the policy has one', () => {
    const c = clocks([ev('registered', '2026-09-30T10:00:00')], '2026-10-02T09:00:00', { ...STATUTORY_CLOCKS, acceptTargetWorkingDays: 2 });
    expect(c.running).toEqual([
      { kind: 'accept_target', from: '2026-09-30', due: '2026-10-09', overdue: false },
      { kind: 'accept', from: '2026-09-30', due: '2026-10-15', overdue: false },
    ]);
  });

  it('stops acceptance at the decision and runs 60 days to answer, plus one extension', () => {
    const accepted = [ev('registered', '2026-11-27T10:00:00'), ev('accepted', '2026-11-30T09:00:00')];
    expect(clocks(accepted, '2026-12-01T00:00:00').running).toEqual([{ kind: 'answer', from: '2026-11-30', due: '2027-01-29', overdue: false }]);
    const extended = clocks([...accepted, ev('extended', '2027-01-20T09:00:00', 30)], '2027-02-20T00:00:00');
    expect(extended).toEqual({ running: [{ kind: 'answer', from: '2026-11-30', due: '2027-02-28', overdue: false }], extended: true });
    expect(clocks(accepted, '2027-01-30T00:00:00').running[0]!.overdue).toBe(true);
  });

  it('refuses a second extension or one over 30 days', () => {
    const base = [ev('registered', '2026-11-27T10:00:00'), ev('accepted', '2026-11-30T09:00:00')];
    expect(() => clocks([...base, ev('extended', '2027-01-01T09:00:00', 31)], '2027-01-02T00:00:00')).toThrow(ClockRuleError);
    expect(() => clocks([...base, ev('extended', '2027-01-01T09:00:00', 10), ev('extended', '2027-01-05T09:00:00', 10)], '2027-01-06T00:00:00')).toThrow(/only once/);
  });

  it('ends with no clock when not accepted', () => {
    expect(clocks([ev('registered', '2026-11-27T10:00:00'), ev('not_accepted', '2026-11-28T10:00:00')], '2027-06-01T00:00:00').running).toEqual([]);
  });

  it('gives a receiving unit 5 working days to send a misrouted case back, until it accepts', () => {
    const forwarded = [ev('registered', '2026-09-28T10:00:00'), ev('forwarded', '2026-09-29T10:00:00')];
    // Tue 09-29 + 5 working days: 09-30, then 10-08, 10-09, 10-10 (make-up), 10-12.
    expect(clocks(forwarded, '2026-10-12T12:00:00').running).toContainEqual({ kind: 'send_back', from: '2026-09-29', due: '2026-10-12', overdue: false });
    expect(clocks([...forwarded, ev('accepted', '2026-09-30T10:00:00')], '2026-10-01T00:00:00').running.map((d) => d.kind)).toEqual(['answer']);
    expect(clocks([...forwarded, ev('sent_back', '2026-09-30T10:00:00')], '2026-10-01T00:00:00').running.map((d) => d.kind)).toEqual(['accept']);
  });

  it('opens a 30-day review window at the answer, closed by verification, and a reopening restarts the answer clock', () => {
    const answered = [ev('registered', '2026-11-01T10:00:00'), ev('accepted', '2026-11-02T10:00:00'), ev('answered', '2026-11-20T10:00:00')];
    expect(clocks(answered, '2026-12-20T12:00:00').running).toEqual([{ kind: 'review', from: '2026-11-20', due: '2026-12-20', overdue: false }]);
    expect(clocks(answered, '2026-12-21T00:00:00').running[0]!.overdue).toBe(true);
    expect(clocks([...answered, { ...ev('rated', '2026-11-21T10:00:00'), satisfied: true }], '2026-11-22T00:00:00').running).toEqual([]);
    const reopened = clocks([...answered, ev('reopened', '2026-11-22T10:00:00')], '2026-11-23T00:00:00');
    expect(reopened.running).toEqual([{ kind: 'answer', from: '2026-11-22', due: '2027-01-21', overdue: false }]);
  });
});

describe('reminders', () => {
  it('falls at the given fractions of a clock, once a day, never before it starts', () => {
    const answer = { kind: 'answer' as const, from: '2026-11-30', due: '2027-01-29', overdue: false };
    expect(reminderDays(answer, [0.5, 0.8])).toEqual(['2026-12-30', '2027-01-17']);
    const accept = { kind: 'accept_target' as const, from: '2026-11-27', due: '2026-12-01', overdue: false };
    expect(reminderDays(accept, [0.1, 0.2, 0.8])).toEqual(['2026-11-27', '2026-11-30']);
    expect(reminderDays(answer, [])).toEqual([]);
  });
});
