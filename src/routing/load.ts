import { join } from 'node:path';
import { loadRoutingTable, type RoutingTable } from './table.js';
import { loadUnits, type Units } from './units.js';

/** Units and the routing table, loaded and checked against each other. */
export interface Routing {
  units: Units;
  table: RoutingTable;
}

/** Loads `units.yaml` and `routing.yaml` from the configuration directory; throws ConfigFileError. */
export function loadRouting(configDir: string): Routing {
  const units = loadUnits(join(configDir, 'units.yaml'));
  return { units, table: loadRoutingTable(join(configDir, 'routing.yaml'), units) };
}
