import { join } from 'node:path';
import { loadRoutingTable } from '../routing/table.js';
import { loadUnits } from '../routing/units.js';
import { failed, type CheckResult } from './result.js';

/** units.yaml and routing.yaml load, and every unit a rule names exists (the loader checks that). */
export function checkRouting(configDir: string): CheckResult {
  try {
    const units = loadUnits(join(configDir, 'units.yaml'));
    const table = loadRoutingTable(join(configDir, 'routing.yaml'), units);
    return { status: 'ok', name: 'routing', message: `${units.size} units, ${table.rules.length} rules; every unit a rule names exists` };
  } catch (err) {
    return failed('routing', err);
  }
}
