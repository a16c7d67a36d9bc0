import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { triage, type TriageRecord } from '../../src/understanding/triage.js';

/** One labelled line of `samples/complaints.jsonl` (and of our extra fixture, same format). */
interface Labelled {
  id: string;
  text: string;
  categories: string[];
  subcategory: string | null;
  district: string | null;
  city: string | null;
  zone: string | null;
  night: boolean;
  urgent: boolean;
  repeat: boolean;
  lang: 'zh' | 'en';
  ambiguous_town?: boolean;
  intent?: string;
}

function load(file: string): Labelled[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Labelled);
}

/** The primary category triage gives. */
const primary = (r: TriageRecord) => r.categories[0];

interface Figures {
  n: number;
  category: number;
  categoriesExact: number;
  subcategory: number;
  district: number;
  zone: number;
  night: number;
  urgent: number;
  repeat: number;
  lang: number;
  misses: string[];
}

function measure(samples: Labelled[]): Figures {
  const f: Figures = { n: samples.length, category: 0, categoriesExact: 0, subcategory: 0, district: 0, zone: 0, night: 0, urgent: 0, repeat: 0, lang: 0, misses: [] };
  const hit = (ok: boolean) => (ok ? 1 : 0);
  for (const s of samples) {
    const r = triage(s.text);
    f.category += hit(primary(r) === s.categories[0]);
    f.categoriesExact += hit(JSON.stringify(r.categories) === JSON.stringify(s.categories));
    f.subcategory += hit(r.subcategory === s.subcategory);
    // A sample whose district is null is right only when triage names none either.
    f.district += hit((r.district?.name ?? null) === s.district);
    f.zone += hit(r.zone === s.zone);
    f.night += hit(r.night === s.night);
    f.urgent += hit(r.urgent === s.urgent);
    f.repeat += hit(r.repeat === s.repeat);
    f.lang += hit(r.lang === s.lang);
    const wrong = [
      primary(r) !== s.categories[0] && `category ${primary(r)}≠${s.categories[0]}`,
      r.subcategory !== s.subcategory && `subcategory ${r.subcategory}≠${s.subcategory}`,
      (r.district?.name ?? null) !== s.district && `district ${r.district?.name ?? null}≠${s.district}`,
      r.night !== s.night && `night ${r.night}≠${s.night}`,
      r.urgent !== s.urgent && `urgent ${r.urgent}≠${s.urgent}`,
      r.repeat !== s.repeat && `repeat ${r.repeat}≠${s.repeat}`,
    ].filter(Boolean);
    if (wrong.length) f.misses.push(`${s.id}: ${wrong.join(', ')}`);
  }
  return f;
}

function report(name: string, f: Figures): void {
  const pct = (k: number) => `${k}/${f.n} = ${(k / f.n).toFixed(3)}`;
  console.log(
    [
      `${name} (${f.n} texts)`,
      `  primary category  ${pct(f.category)}`,
      `  category lists    ${pct(f.categoriesExact)}`,
      `  subcategory       ${pct(f.subcategory)}`,
      `  district          ${pct(f.district)}`,
      `  zone              ${pct(f.zone)}`,
      `  night             ${pct(f.night)}`,
      `  urgent            ${pct(f.urgent)}`,
      `  repeat            ${pct(f.repeat)}`,
      `  lang              ${pct(f.lang)}`,
      ...f.misses.map((m) => `  miss ${m}`),
    ].join('\n'),
  );
}

function ambiguousTownsAsk(samples: Labelled[]): void {
  const ambiguous = samples.filter((s) => s.ambiguous_town);
  expect(ambiguous.length).toBeGreaterThan(0);
  for (const s of ambiguous) {
    const r = triage(s.text);
    expect(r.district, s.id).toBeNull();
    expect(r.ambiguous.length, s.id).toBeGreaterThanOrEqual(1);
  }
}

describe('shared samples (../shared/samples/complaints.jsonl)', () => {
  const samples = load(path.resolve('..', 'shared', 'samples', 'complaints.jsonl'));
  const f = measure(samples);
  report('shared samples', f);

  it('has the 45 samples', () => expect(samples.length).toBeGreaterThanOrEqual(45));
  it('primary category accuracy ≥ 0.9', () => expect(f.category / f.n).toBeGreaterThanOrEqual(0.9));
  it('district accuracy ≥ 0.9', () => expect(f.district / f.n).toBeGreaterThanOrEqual(0.9));
  it('names no district for an ambiguous town, and offers candidates', () => ambiguousTownsAsk(samples));
  it('night, urgent, repeat and language hold ≥ 0.85 (regression guard)', () => {
    for (const k of ['night', 'urgent', 'repeat', 'lang'] as const) expect(f[k] / f.n, k).toBeGreaterThanOrEqual(0.85);
  });
});

describe('our extra samples (test/fixtures/complaints-extra.jsonl, labelled before running)', () => {
  const samples = load(path.resolve('test', 'fixtures', 'complaints-extra.jsonl'));
  const f = measure(samples);
  report('extra samples', f);

  it('has about thirty texts', () => expect(samples.length).toBeGreaterThanOrEqual(30));
  it('primary category accuracy ≥ 0.85', () => expect(f.category / f.n).toBeGreaterThanOrEqual(0.85));
  it('district accuracy ≥ 0.85', () => expect(f.district / f.n).toBeGreaterThanOrEqual(0.85));
  it('names no district for an ambiguous town, and offers candidates', () => ambiguousTownsAsk(samples));
});
