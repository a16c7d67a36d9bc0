import { join } from 'node:path';
import type { ClockPolicy } from './clocks.js';
import { loadClockPolicy } from './clock-policy.js';
import { loadRepeatPolicy, type RepeatPolicy } from './repeats.js';

/** The operator's case rules: the clocks (config/clocks.yaml) and repeats (config/repeats.yaml). */
export interface CaseRules {
  clocks: ClockPolicy;
  repeats: RepeatPolicy;
}

/** Loads the case rules from the configuration directory; throws ConfigFileError naming file and line. */
export function loadCaseRules(configDir: string): CaseRules {
  return { clocks: loadClockPolicy(join(configDir, 'clocks.yaml')), repeats: loadRepeatPolicy(join(configDir, 'repeats.yaml')) };
}
