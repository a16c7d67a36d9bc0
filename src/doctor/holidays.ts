import { join } from 'node:path';
import { loadCalendar, localTime } from '../routing/calendar.js';
import { failed, type CheckResult } from './result.js';

/**
 * The holiday calendar loads and has the notices for the current and the next year (local time
 * at `now`): rosters and working-day clocks take a year without one as plain weekdays.
 */
export function checkHolidays(configDir: string, now: Date, timeZone: string): CheckResult {
  try {
    const calendar = loadCalendar(join(configDir, 'holidays.yaml'));
    const year = Number(localTime(now, timeZone).date.slice(0, 4));
    const missing = [year, year + 1].filter((y) => !calendar.years.includes(y));
    if (missing.length === 0) return { status: 'ok', name: 'holidays', message: `${calendar.file} covers ${year} and ${year + 1}` };
    const blocks = missing.map((y) => `a "- year: ${y}" block from 国务院办公厅关于${y}年部分节假日安排的通知`).join(' and ');
    return {
      status: 'fail',
      name: 'holidays',
      message: `${calendar.file} has no ${missing.join(' or ')} (covers ${calendar.years.join(', ')}): add ${blocks} under "years:"`,
    };
  } catch (err) {
    return failed('holidays', err);
  }
}
