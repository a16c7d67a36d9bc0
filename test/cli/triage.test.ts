import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHuiyin } from '../helpers/cli.js';

interface Label {
  id: string;
  text: string;
  categories: string[];
  district: string | null;
  ambiguous_town?: boolean;
}

const SAMPLES = resolve('..', 'shared', 'samples', 'complaints.jsonl');

describe('huiyin triage on the shared samples, through the command line', () => {
  it('gets ≥ 90% of primary categories and districts, and never names a district for an ambiguous town', async () => {
    const labels: Label[] = readFileSync(SAMPLES, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);
    // Texts extracted, one per line, as the "done when" says.
    const out = await runHuiyin(['triage'], labels.map((l) => l.text).join('\n'));
    expect(out.code, out.stderr).toBe(0);
    const records = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { categories: string[]; district: { name: string } | null; ambiguous: unknown[] });
    expect(records).toHaveLength(labels.length);
    let category = 0;
    let district = 0;
    labels.forEach((label, i) => {
      const r = records[i]!;
      if (r.categories[0] === label.categories[0]) category++;
      if ((r.district?.name ?? null) === label.district) district++;
      if (label.ambiguous_town) {
        expect(r.district, label.id).toBeNull();
        expect(r.ambiguous.length, label.id).toBeGreaterThan(0);
      }
    });
    console.log(`huiyin triage: primary category ${category}/${labels.length}, district ${district}/${labels.length}`);
    expect(category / labels.length).toBeGreaterThanOrEqual(0.9);
    expect(district / labels.length).toBeGreaterThanOrEqual(0.9);
  });

  it('reads the JSON lines file directly too, and skips blank lines', async () => {
    const out = await runHuiyin(['triage'], `${readFileSync(SAMPLES, 'utf8')}\n\n`);
    const first = JSON.parse(out.stdout.split('\n')[0]!) as { id?: string; district: { name: string } };
    expect(out.stdout.trim().split('\n')).toHaveLength(45);
    expect(first).toMatchObject({ id: 's-001', district: { name: '郫都区' } });
  });
});
