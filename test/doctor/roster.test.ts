import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../../src/doctor/roster.js';

// A Monday in 2026, so the window stays inside the shipped calendar's year.
const NOW = new Date('2026-06-01T09:00:00+08:00');
const NIGHT = '      - { name: night, days: *every_day, start: "17:30", end: "08:30", staff: [jinjiang.night1, jinjiang.chief, jinjiang.lead] }\n';
const ON_CALL = '    on_call: [jinjiang.chief, jinjiang.lead]\n';

// The shipped config/, with `edit` applied to rosters.yaml (which must change it).
function configWith(edit?: (rosters: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'huiyin-doctor-roster-'));
  cpSync(resolve('config'), dir, { recursive: true });
  if (!edit) return dir;
  const file = join(dir, 'rosters.yaml');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
  return dir;
}

describe('doctor: roster', () => {
  it('is ok when every unit is covered every hour of the next 14 days', () => {
    const r = checkRoster(configWith(), NOW, 'Asia/Shanghai');
    expect(r).toMatchObject({ status: 'ok', name: 'roster' });
    expect(r.message).toMatch(/^all \d+ units have someone on duty every hour of the next 14 days$/);
  });

  it('fails on a unit with nobody on duty at night, naming the unit, the first hour and rosters.yaml', () => {
    const dir = configWith((t) => t.replace(NIGHT + ON_CALL, '    on_call: []\n'));
    const r = checkRoster(dir, NOW, 'Asia/Shanghai');
    expect(r.status).toBe('fail');
    // 16 hours a night (17:00 and 08:00 are only partly covered by office hours) × 14 nights.
    expect(r.message).toMatch(/^nobody on duty in 224 of the next 336 hours \(cd-jinjiang-eeb 224 h from 2026-06-01 17:00\)/);
    expect(r.message).toContain('rosters.yaml');
    expect(r.message).toContain('huiyin roster check');
  });

  it('warns when the night is left to the on-call list', () => {
    const r = checkRoster(configWith((t) => t.replace(NIGHT, '')), NOW, 'Asia/Shanghai');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('only an on-call list (cd-jinjiang-eeb');
  });

  it('fails with the loader file:line on a roster for an unknown unit', () => {
    const dir = configWith((t) => t.replace('unit: cd-jinjiang-eeb', 'unit: cd-jinjang-eeb'));
    expect(checkRoster(dir, NOW, 'Asia/Shanghai')).toMatchObject({ status: 'fail', message: expect.stringMatching(/rosters\.yaml:\d+: .*cd-jinjang-eeb/) });
  });
});
