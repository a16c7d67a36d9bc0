import { describe, expect, it } from 'vitest';
import { STATUTORY_CLOCKS } from '../../src/cases/clocks.js';
import { decide, type CaseAction, type CaseRecord, type LifecycleEvent } from '../../src/cases/lifecycle.js';
import { pinDistance, repeatsCallForSupervision, sameProblem, type RepeatPolicy } from '../../src/cases/repeats.js';
import { loadCalendar } from '../../src/routing/calendar.js';
import { parseStaffCommand } from '../../src/staff/commands.js';
import { wgs84ToGcj02 } from '../../src/places/geometry.js';

const calendar = loadCalendar('config/holidays.yaml');
const at = (local: string): Date => new Date(`${local}+08:00`);
const ev = (type: string, local: string, data: Record<string, unknown> = {}): LifecycleEvent => ({ type, at: at(local), actor: 'x', data });
const ctx = (now: string) => ({ now: at(now), policy: STATUTORY_CLOCKS, calendar, timeZone: 'Asia/Shanghai', unitName: (id: string) => ({ zh: id, en: id }) });
const kase = (status: CaseRecord['status'], events: LifecycleEvent[], unitId = 'u1'): CaseRecord => ({ number: 'HY-20261127-0001', status, unitId, supervised: false, events });
const REG = ev('registered', '2026-11-27T10:00:00');
const ACC = ev('accepted', '2026-11-28T10:00:00');
const why = (c: CaseRecord, a: CaseAction, now = '2026-11-30T10:00:00') => {
  const d = decide(c, a, ctx(now));
  return d.ok ? d.status : d.why;
};

describe('lifecycle decisions', () => {
  it('allows each action only from the statuses it belongs to', () => {
    expect(why(kase('registered', [REG]), { kind: 'accept' })).toBe('accepted');
    expect(why(kase('accepted', [REG, ACC]), { kind: 'accept' })).toBe('wrong_status');
    expect(why(kase('registered', [REG]), { kind: 'start' })).toBe('wrong_status');
    expect(why(kase('registered', [REG]), { kind: 'answer', finding: 'true', action: 'x' })).toBe('wrong_status');
    expect(why(kase('closed', [REG, ACC]), { kind: 'supervise', reason: 'x' })).toBe('wrong_status');
    expect(why(kase('in_progress', [REG, ACC]), { kind: 'rate', rating: 'satisfied', reason: null, reporterId: '1' })).toBe('wrong_status');
    expect(why(kase('not_accepted', [REG]), { kind: 'merge_into', into: 'HY-20261127-0002' })).toBe('wrong_status');
  });

  it('lets the unit a case was forwarded to before acceptance decide it, and send it back only within 5 working days', () => {
    const fwd = ev('forwarded', '2026-11-27T12:00:00', { from: 'u0', to: 'u1', back: 'registered' });
    expect(why(kase('forwarded', [REG, fwd]), { kind: 'accept' })).toBe('accepted');
    expect(why(kase('forwarded', [REG, fwd]), { kind: 'not_accept', body: '法院', reason: 'x' })).toBe('not_accepted');
    const back = decide(kase('forwarded', [REG, fwd]), { kind: 'send_back', reason: 'x' }, ctx('2026-12-04T10:00:00'));
    expect(back).toMatchObject({ ok: true, status: 'registered', unitId: 'u0' });
    // Fri 11-27 + 5 working days = Fri 12-04; Mon 12-07 is late.
    expect(why(kase('forwarded', [REG, fwd]), { kind: 'send_back', reason: 'x' }, '2026-12-07T10:00:00')).toBe('send_back_late');
    expect(why(kase('accepted', [REG, ACC]), { kind: 'forward', to: 'u1', reason: 'x' })).toBe('same_unit');
  });

  it('extends once, by 1 to 30 days', () => {
    expect(why(kase('in_progress', [REG, ACC]), { kind: 'extend', days: 31, reason: 'x' })).toBe('bad_extension');
    expect(why(kase('in_progress', [REG, ACC]), { kind: 'extend', days: 0, reason: 'x' })).toBe('bad_extension');
    expect(why(kase('in_progress', [REG, ACC, ev('extended', '2026-11-29T10:00:00', { days: 10 })]), { kind: 'extend', days: 5, reason: 'x' })).toBe('already_extended');
  });

  it('reopens on the first "not satisfied", and after a final answer points to review within 30 days of it', () => {
    const answered = [REG, ACC, ev('answered', '2026-11-29T10:00:00', { final: false })];
    const first = decide(kase('answered', answered), { kind: 'rate', rating: 'unsatisfied', reason: '还在排', reporterId: '7' }, ctx('2026-11-30T10:00:00'));
    expect(first).toMatchObject({ ok: true, status: 'in_progress', notice: { key: 'case_reopened' } });
    const final = [...answered, ev('rated', '2026-11-30T10:00:00', { rating: 'unsatisfied', reporter: '7' }), ev('reopened', '2026-11-30T10:00:00'), ev('answered', '2026-12-10T10:00:00', { final: true })];
    const review = decide(kase('answered', final), { kind: 'rate', rating: 'unsatisfied', reason: 'x', reporterId: '7' }, ctx('2026-12-11T10:00:00'));
    expect(review).toMatchObject({ ok: true, status: 'closed', notice: null, toActor: { key: 'review_guidance', params: { due: '2027-01-09' } } });
    expect(decide(kase('closed', final), { kind: 'rate', rating: 'unsatisfied', reason: 'x', reporterId: '8' }, ctx('2027-01-10T10:00:00'))).toMatchObject({ toActor: { key: 'review_expired' } });
    // The same reporter rates an answer once; another follower may still rate it.
    const rated = [...answered, ev('rated', '2026-11-30T10:00:00', { rating: 'satisfied', reporter: '7' })];
    expect(why(kase('closed', rated), { kind: 'rate', rating: 'satisfied', reason: null, reporterId: '7' })).toBe('already_rated');
    expect(why(kase('closed', rated), { kind: 'rate', rating: 'satisfied', reason: null, reporterId: '8' })).toBe('closed');
  });
});

describe('repeats', () => {
  const policy: RepeatPolicy = { windowDays: 30, radiusMetres: { air: 1500, water: 300, noise: 800, solid_waste: 300, soil: 300, radiation: 500, ecology: 1000, other: 300 }, superviseAt: 5 };
  const site = { categories: ['air' as const], districtCode: '510117', town: null, target: '塑料厂', pin: null };
  const now = at('2026-11-30T10:00:00');
  const open = { ...site, registeredAt: at('2026-11-20T10:00:00') };

  it('matches the same category in the same county by reported unit or town, within the window', () => {
    expect(sameProblem(site, open, policy, now)).toBe(true);
    expect(sameProblem({ ...site, target: '犀浦塑料厂' }, open, policy, now)).toBe(true);
    expect(sameProblem({ ...site, target: '火锅店' }, open, policy, now)).toBe(false);
    expect(sameProblem({ ...site, categories: ['water'] }, open, policy, now)).toBe(false);
    expect(sameProblem({ ...site, districtCode: '510115' }, open, policy, now)).toBe(false);
    expect(sameProblem(site, { ...open, registeredAt: at('2026-10-30T10:00:00') }, policy, now)).toBe(false);
    expect(sameProblem({ ...site, target: null, town: '犀浦街道' }, { ...open, target: null, town: '犀浦街道' }, policy, now)).toBe(true);
    expect(sameProblem({ ...site, target: null, town: '犀浦街道' }, { ...open, town: '犀浦街道' }, policy, now)).toBe(true);
    expect(sameProblem({ ...site, target: '火锅店', town: '犀浦街道' }, { ...open, town: '犀浦街道' }, policy, now)).toBe(false);
  });

  it('uses pins when both have one: a wider radius for smells than for water, across datums', () => {
    const a = { lat: 30.76, lng: 103.97, datum: 'wgs84' };
    const b = { lat: 30.77, lng: 103.97, datum: 'wgs84' }; // ~1.1 km north
    expect(pinDistance(a, b)).toBeGreaterThan(1000);
    expect(pinDistance(a, b)).toBeLessThan(1200);
    expect(sameProblem({ ...site, pin: a }, { ...open, pin: b }, policy, now)).toBe(true);
    expect(sameProblem({ ...site, categories: ['water'], pin: a }, { ...open, categories: ['water'], pin: b }, policy, now)).toBe(false);
    // The same spot picked on a Chinese map (GCJ-02) is the same place, not ~500 m away.
    const [lng, lat] = wgs84ToGcj02(a.lng, a.lat);
    expect(pinDistance(a, { lat, lng, datum: 'gcj02' })).toBeLessThan(5);
  });

  it('calls for supervision at the threshold of reporters plus repeats', () => {
    expect(repeatsCallForSupervision(4, 0, policy)).toBe(false);
    expect(repeatsCallForSupervision(3, 2, policy)).toBe(true);
  });
});

describe('staff lifecycle commands', () => {
  it('reads each verb in Chinese and English, and refuses incomplete ones', () => {
    const n = 'HY-20261127-0001';
    expect(parseStaffCommand(`受理 ${n}`)).toEqual({ kind: 'accept', ref: n });
    expect(parseStaffCommand(`extend ${n} 30 需要监测`)).toEqual({ kind: 'extend', ref: n, days: 30, reason: '需要监测' });
    expect(parseStaffCommand(`延期 ${n} 三十 需要监测`)).toBeNull();
    expect(parseStaffCommand(`办结 ${n} 部分属实 已责令整改`)).toEqual({ kind: 'answer', ref: n, finding: 'partly_true', action: '已责令整改' });
    expect(parseStaffCommand(`answer ${n} untrue nothing found`)).toEqual({ kind: 'answer', ref: n, finding: 'untrue', action: 'nothing found' });
    expect(parseStaffCommand(`办结 ${n} 大概属实 x`)).toBeNull();
    expect(parseStaffCommand(`办结 ${n} 属实`)).toBeNull();
    expect(parseStaffCommand(`退回 ${n}`)).toBeNull();
    expect(parseStaffCommand(`合并 ${n} HY-20261127-0002`)).toEqual({ kind: 'merge', ref: n, into: 'HY-20261127-0002' });
    expect(parseStaffCommand(`合并 ${n} #12`)).toBeNull();
  });
});
