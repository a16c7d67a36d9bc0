import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRouting } from '../../src/doctor/routing.js';

function configCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'huiyin-doctor-routing-'));
  cpSync(resolve('config'), dir, { recursive: true });
  return dir;
}

describe('doctor: routing', () => {
  it('is ok on the shipped units and routing table', () => {
    const r = checkRouting(configCopy());
    expect(r).toMatchObject({ status: 'ok', name: 'routing' });
    expect(r.message).toMatch(/^\d+ units, \d+ rules; every unit a rule names exists$/);
  });

  it('fails with the loader file:line when routing.yaml names a unit units.yaml lacks', () => {
    const dir = configCopy();
    const file = join(dir, 'routing.yaml');
    const text = readFileSync(file, 'utf8');
    const line = text.split('\n').findIndex((l) => l.trim() === 'unit: cd-police') + 1;
    expect(line).toBeGreaterThan(0);
    writeFileSync(file, text.replace('unit: cd-police', 'unit: cd-polise'));
    const r = checkRouting(dir);
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(new RegExp(`routing\\.yaml:${line}: .*cd-polise`));
  });

  it('fails, not throws, when units.yaml is not YAML', () => {
    const dir = configCopy();
    writeFileSync(join(dir, 'units.yaml'), 'units: [\n');
    expect(checkRouting(dir)).toMatchObject({ status: 'fail', message: expect.stringMatching(/units\.yaml:\d+: /) });
  });
});
