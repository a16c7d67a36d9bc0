import { join, relative } from 'node:path';
import { loadCalendar } from '../routing/calendar.js';
import { loadRosters, rosterGaps, type HourReport } from '../routing/roster.js';
import { loadUnits } from '../routing/units.js';
import { failed, type CheckResult } from './result.js';

/** How many units a line names before "+N more": the full list is `huiyin roster check`'s job. */
const UNITS_SHOWN = 3;

// Per unit: its hours short of cover and the first of them, units in the order their first gap comes.
function byUnit(hours: HourReport[]): string {
  const units = new Map<string, { hours: number; first: string }>();
  for (const h of hours) {
    for (const u of h.units) {
      const seen = units.get(u);
      if (seen) seen.hours++;
      else units.set(u, { hours: 1, first: h.local });
    }
  }
  const shown = [...units].slice(0, UNITS_SHOWN).map(([u, s]) => `${u} ${s.hours} h from ${s.first}`);
  const more = units.size > UNITS_SHOWN ? `, +${units.size - UNITS_SHOWN} more units` : '';
  return `${shown.join(', ')}${more}`;
}

/**
 * Every unit in units.yaml has someone on a shift for every hour of the next `days` days from
 * `now` (the same gap finder as `huiyin roster check`); hours left to an on-call list only warn.
 */
export function checkRoster(configDir: string, now: Date, timeZone: string, days = 14): CheckResult {
  try {
    const units = loadUnits(join(configDir, 'units.yaml'));
    const rosters = loadRosters(join(configDir, 'rosters.yaml'), units.keys());
    const calendar = loadCalendar(join(configDir, 'holidays.yaml'));
    const { gaps, onCallOnly } = rosterGaps(rosters, calendar, units.keys(), now, days, timeZone);
    const file = relative(process.cwd(), join(configDir, 'rosters.yaml'));
    if (gaps.length > 0) {
      return {
        status: 'fail',
        name: 'roster',
        message: `nobody on duty in ${gaps.length} of the next ${days * 24} hours (${byUnit(gaps)}): add a shift or an on_call list for them in ${file}; huiyin roster check lists every hour`,
      };
    }
    if (onCallOnly.length > 0) {
      return { status: 'warn', name: 'roster', message: `${onCallOnly.length} of the next ${days * 24} hours have only an on-call list (${byUnit(onCallOnly)}): see ${file}` };
    }
    return { status: 'ok', name: 'roster', message: `all ${units.size} units have someone on duty every hour of the next ${days} days` };
  } catch (err) {
    return failed('roster', err);
  }
}
