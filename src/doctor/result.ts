import { ConfigFileError } from '../config-files/yaml.js';

/** How a check came out: `skip` when what it checks is not configured (no token, no model). */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One line of `huiyin doctor`: the check's name, its outcome, and what was found or how to fix it. */
export interface CheckResult {
  status: CheckStatus;
  name: string;
  message: string;
}

/** The printed line: status and name in columns, so an operator's eye runs down the first one. */
export function formatResult(r: CheckResult): string {
  return `${r.status.padEnd(4)} ${r.name.padEnd(9)} ${r.message}`;
}

/**
 * A check that threw: a broken operator file becomes its loader's `file:line` problems on one
 * line, so `doctor` lists every check instead of stopping at the first bad file.
 */
export function failed(name: string, err: unknown): CheckResult {
  const message = err instanceof ConfigFileError ? err.problems.join('; ') : err instanceof Error ? err.message : String(err);
  return { status: 'fail', name, message };
}
