import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileError } from '../../src/config-files/yaml.js';

/** A writer of throwaway files in a fresh temp directory, for configuration fixtures. */
export function fixtureFiles(prefix: string): (name: string, text: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `huiyin-${prefix}-`));
  return (name, text) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
}

/** The problems a configuration loader reports, or [] when it loads; other errors propagate. */
export function configProblems(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigFileError) return err.problems;
    throw err;
  }
  return [];
}
