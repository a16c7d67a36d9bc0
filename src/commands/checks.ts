import type { Config } from '../config.js';
import { routingReport } from '../routing/check.js';
import { loadRouting } from '../routing/load.js';
import { rosterCheckReport } from '../routing/roster-check.js';

/** `huiyin routing check`: exits 1 when some district × category only reaches the triage queue. */
export function routingCheck(config: Config): number {
  const routing = loadRouting(config.configDir);
  const report = routingReport(routing.table, routing.units);
  process.stdout.write(`${report.lines.join('\n')}\n`);
  return report.unrouted.length === 0 ? 0 : 1;
}

/** `huiyin roster check`: exits 1 on an hour with nobody on duty, or on days the calendar lacks. */
export function rosterCheck(config: Config, options: { days?: string; from?: string }): number {
  const days = Number(options.days ?? 14);
  const from = options.from ? new Date(`${options.from}T00:00:00+08:00`) : new Date();
  if (!Number.isInteger(days) || days < 1 || days > 366 || Number.isNaN(from.getTime())) {
    process.stderr.write('roster check: --days must be 1..366 and --from a date like 2026-12-01\n');
    return 2;
  }
  const routing = loadRouting(config.configDir);
  const report = rosterCheckReport({ rosters: routing.rosters, calendar: routing.calendar, unitIds: [...routing.units.keys()], from, days, timeZone: config.timeZone });
  process.stdout.write(`${report.lines.join('\n')}\n`);
  return report.ok ? 0 : 1;
}
