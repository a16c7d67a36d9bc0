import { describe, expect, it } from 'vitest';
import type { Roster } from '../../src/routing/roster.js';
import type { Unit } from '../../src/routing/units.js';
import { checkRegistration, isStaffRole, STAFF_ROLES, type StaffEntry } from '../../src/staff/registration.js';

const unit = (id: string): Unit => ({ id, kind: 'eeb', name: `${id} bureau`, city: '成都市' });
const units = new Map([unit('cd-jinjiang-eeb'), unit('cd-wuhou-eeb')].map((u) => [u.id, u]));

// Jinjiang pages its duty officer in shifts and its chief only on call; Wuhou has its own people.
const rosters = new Map<string, Roster>([
  ['cd-jinjiang-eeb', { unit: 'cd-jinjiang-eeb', shifts: [{ name: 'office', days: ['workday'], start: 510, end: 1050, staff: ['jinjiang.duty1', 'jinjiang.lead'] }], onCall: ['jinjiang.chief'] }],
  ['cd-wuhou-eeb', { unit: 'cd-wuhou-eeb', shifts: [{ name: 'office', days: ['workday'], start: 510, end: 1050, staff: ['wuhou.duty1'] }], onCall: [] }],
]);
const routing = { units, rosters };

const entry = (over: Partial<StaffEntry> = {}): StaffEntry => ({
  handle: 'jinjiang.duty1',
  name: '张伟',
  unitId: 'cd-jinjiang-eeb',
  role: 'duty',
  channel: 'telegram',
  externalId: '123456789',
  chatId: '123456789',
  ...over,
});

describe('checkRegistration', () => {
  it('accepts someone a shift of their unit pages, without a warning', () => {
    expect(checkRegistration(entry(), routing)).toEqual({ problems: [], warnings: [] });
  });

  it('counts the on-call list as being paged', () => {
    expect(checkRegistration(entry({ handle: 'jinjiang.chief', role: 'chief' }), routing)).toEqual({ problems: [], warnings: [] });
  });

  it('accepts every role the database allows, and no other', () => {
    for (const role of STAFF_ROLES) expect(checkRegistration(entry({ role }), routing).problems).toEqual([]);
    expect(isStaffRole('boss')).toBe(false);
    expect(checkRegistration(entry({ role: 'boss' }), routing).problems).toEqual(['role "boss" is not one of duty, chief, lead, handler, supervisor, admin']);
    // Roles are compared exactly, as the check constraint does.
    expect(checkRegistration(entry({ role: 'Duty' }), routing).problems).toHaveLength(1);
  });

  it('refuses a unit that is not in units.yaml', () => {
    const r = checkRegistration(entry({ unitId: 'cd-nowhere-eeb' }), routing);
    expect(r.problems).toEqual(['unit "cd-nowhere-eeb" is not in units.yaml']);
    // The roster warning would only repeat that the unit is wrong.
    expect(r.warnings).toEqual([]);
  });

  it.each(['J.Duty', 'a', '.dot-first', 'has space', 'x'.repeat(64), '张伟', ''])('refuses the handle %j', (handle) => {
    expect(checkRegistration(entry({ handle }), routing).problems).toEqual([expect.stringMatching(/^handle ".*" must be 2 to 63 characters/)]);
  });

  it.each(['ab', 'jinjiang.duty_2', '0day-desk', 'x'.repeat(63)])('accepts the handle %j', (handle) => {
    expect(checkRegistration(entry({ handle }), routing).problems).toEqual([]);
  });

  it('warns, without refusing, when no roster of the unit names the handle', () => {
    const r = checkRegistration(entry({ handle: 'jinjiang.new1' }), routing);
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([expect.stringContaining('jinjiang.new1 is in no shift or on-call list of cd-jinjiang-eeb, so they will never be paged')]);
  });

  it('points at the unit whose roster does name the handle', () => {
    const r = checkRegistration(entry({ handle: 'wuhou.duty1' }), routing);
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([expect.stringContaining('it is in the roster of cd-wuhou-eeb')]);
  });

  it('refuses an empty name, a capitalised channel and ids with spaces, without echoing the ids', () => {
    const r = checkRegistration(entry({ name: '  ', channel: 'Telegram', externalId: '123 456', chatId: '' }), routing);
    expect(r.problems).toEqual([
      'name is empty',
      'channel "Telegram" must be a lower-case channel name such as web, terminal or telegram',
      'the account id must be 1 to 200 characters without spaces',
      'the chat id must be 1 to 200 characters without spaces',
    ]);
    expect(r.problems.join('\n')).not.toContain('123');
  });

  it('reports every problem at once', () => {
    const r = checkRegistration(entry({ handle: 'X', unitId: 'nope', role: 'boss' }), routing);
    expect(r.problems).toHaveLength(3);
  });
});
