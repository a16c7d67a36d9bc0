import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHolidays } from '../../src/doctor/holidays.js';

const TODAY = new Date('2026-11-28T10:00:00+08:00');

function configCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'huiyin-doctor-holidays-'));
  cpSync(resolve('config'), dir, { recursive: true });
  return dir;
}

describe('doctor: holidays', () => {
  it('fails on the shipped calendar on 2026-11-28: 2027 is missing, and says what to add', () => {
    const r = checkHolidays(configCopy(), TODAY, 'Asia/Shanghai');
    expect(r).toMatchObject({ status: 'fail', name: 'holidays' });
    expect(r.message).toMatch(/holidays\.yaml has no 2027 \(covers 2026\): add a "- year: 2027" block from 国务院办公厅关于2027年部分节假日安排的通知/);
  });

  it('takes the year on the configured clock: 2025-12-31 23:30 UTC is 2026 in Shanghai, missing 2027 only', () => {
    const r = checkHolidays(configCopy(), new Date('2025-12-31T23:30:00Z'), 'Asia/Shanghai');
    expect(r.message).toContain('has no 2027 (covers 2026)');
  });

  it('names both years when the current one is missing too', () => {
    const r = checkHolidays(configCopy(), new Date('2027-03-01T10:00:00+08:00'), 'Asia/Shanghai');
    expect(r.message).toContain('has no 2027 or 2028');
  });

  it('is ok once the next year is added', () => {
    const dir = configCopy();
    const file = join(dir, 'holidays.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}  - { year: 2027, source: test fixture, holidays: [], workdays: [] }\n`);
    expect(checkHolidays(dir, TODAY, 'Asia/Shanghai')).toMatchObject({ status: 'ok', message: expect.stringMatching(/covers 2026 and 2027$/) });
  });

  it('fails with the loader file:line on an impossible date', () => {
    const dir = configCopy();
    const file = join(dir, 'holidays.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('date: 2026-02-14', 'date: 2026-02-30'));
    expect(checkHolidays(dir, TODAY, 'Asia/Shanghai')).toMatchObject({ status: 'fail', message: expect.stringMatching(/holidays\.yaml:\d+: .*2026-02-30 is not a calendar date/) });
  });
});
