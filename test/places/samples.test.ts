import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolvePlace } from '../../src/places/resolve.js';

interface Sample {
  id: string;
  text: string;
  district: string | null;
  city: string | null;
  zone: string | null;
  ambiguous_town?: boolean;
}

const samples: Sample[] = readFileSync(resolve('..', 'shared', 'samples', 'complaints.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Sample);

describe('labelled samples', () => {
  it('has the samples file', () => {
    expect(samples.length).toBeGreaterThanOrEqual(45);
  });

  for (const s of samples) {
    it(`${s.id}: ${s.text.slice(0, 24)}`, () => {
      const r = resolvePlace(s.text);
      expect(r.district?.name ?? null).toBe(s.district);
      expect(r.zone).toBe(s.zone);
      expect(r.city ?? null).toBe(s.city);
      if (s.district) {
        expect(r.district?.city).toBe(s.city);
        expect(r.ambiguous).toEqual([]);
        expect(r.confidence).toBeGreaterThanOrEqual(0.8);
      }
      if (s.ambiguous_town) {
        expect(r.district).toBeNull();
        expect(r.ambiguous.length).toBeGreaterThanOrEqual(2);
      }
      // Invariant: a district and candidates never together.
      expect(r.district !== null && r.ambiguous.length > 0).toBe(false);
    });
  }
});
