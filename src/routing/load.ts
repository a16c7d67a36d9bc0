import { join } from 'node:path';
import { loadCalendar, type Calendar } from './calendar.js';
import { loadRosters, type Rosters } from './roster.js';
import { loadRoutingTable, type RoutingTable } from './table.js';
import { loadUnits, type Units } from './units.js';

/** Units, the routing table, the duty rosters and the holiday calendar, checked against each other. */
export interface Routing {
  units: Units;
  table: RoutingTable;
  rosters: Rosters;
  calendar: Calendar;
}

/**
 * Loads every operator file from the configuration directory (units.yaml, routing.yaml,
 * rosters.yaml, holidays.yaml); throws ConfigFileError naming the file and line of each problem.
 */
export function loadRouting(configDir: string): Routing {
  const units = loadUnits(join(configDir, 'units.yaml'));
  return {
    units,
    table: loadRoutingTable(join(configDir, 'routing.yaml'), units),
    rosters: loadRosters(join(configDir, 'rosters.yaml'), units.keys()),
    calendar: loadCalendar(join(configDir, 'holidays.yaml')),
  };
}
