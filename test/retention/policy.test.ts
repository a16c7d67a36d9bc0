import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRetentionPolicy, monthsBefore } from '../../src/retention/policy.js';

describe('retention policy', () => {
  it('loads the shipped file', () => {
    expect(loadRetentionPolicy('config/retention.yaml')).toEqual({ contactMonths: 12, evidenceMonths: 24, transcriptMonths: 36 });
  });

  it('names the file and line of every problem at once', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'retention-')), 'retention.yaml');
    writeFileSync(file, 'contact_months: 0\nevidence_months: 24.5\ntranscripts: 36\n');
    expect(() => loadRetentionPolicy(file)).toThrow(/retention\.yaml:1: contact_months: [^\n]+\n[^\n]*retention\.yaml:2: evidence_months: [^\n]+\n[^\n]*transcript_months[^\n]*\n[^\n]*transcripts/);
  });

  it('counts calendar months back, clamped to the shorter month', () => {
    expect(monthsBefore(new Date('2026-03-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2026-11-28T00:00:00Z'), 36).toISOString()).toBe('2023-11-28T00:00:00.000Z');
  });
});
