import { describe, it, expect } from 'vitest';
import { resolvePlace } from '../../src/places/resolve.js';
import { gazetteer } from '../../src/places/gazetteer.js';
import type { PlaceContext } from '../../src/places/types.js';

const EMPTY = { district: null, town: null, zone: null, ambiguous: [], mention: null, unknown: null, confidence: 0, spans: [], city: null };

/** Deterministic pseudo-random text over a code-point range. */
function noise(n: number, from: number, span: number, seed = 1): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += String.fromCharCode(from + (x % span));
  }
  return s;
}

const long = {
  complaint: '郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟，味道很刺鼻，窗户都不敢开。'.repeat(600).slice(0, 20000),
  places: '成都市锦江区春熙路街道太平镇石羊市中区高新区锦江边'.repeat(1000).slice(0, 20000),
  suffixes: '区镇乡县街道'.repeat(4000).slice(0, 20000),
  english: 'There is a factory near Wenjiang District in Chengdu, Sichuan Province. '.repeat(300).slice(0, 20000),
  han: noise(20000, 0x4e00, 20000),
  ascii: noise(20000, 32, 95),
  oneChar: '成'.repeat(20000),
};

describe('hostile input', () => {
  it('gives an empty result for empty and placeless text', () => {
    for (const text of ['', '   ', '在吗', '😀🏭💨', '12345', '隔壁邻居装修，每天早上七点不到就开始用电钻']) {
      expect(resolvePlace(text), text).toEqual(EMPTY);
    }
  });

  it('never throws', () => {
    const odd: unknown[] = [
      "'; DROP TABLE cases; --",
      '<script>alert("成都")</script><img src=x onerror=1>',
      '\uD800成都\uDFFF', // lone surrogates
      '\u0000\u200b郫都区\u202e',
      '成都'.padEnd(5000, '\n'),
      'x'.repeat(100000),
      null,
      undefined,
      42,
      { toString: () => '温江区' },
    ];
    for (const text of odd) expect(() => resolvePlace(text as string)).not.toThrow();
    for (const text of Object.values(long)) expect(() => resolvePlace(text)).not.toThrow();
    const contexts: unknown[] = [{ city: 5 }, { city: '' }, { candidates: 'x' }, { candidates: [undefined] }, null];
    for (const ctx of contexts) expect(() => resolvePlace('都江堰市中区', ctx as PlaceContext)).not.toThrow();
  });

  it('reads through markup and keeps reading a place in it', () => {
    expect(resolvePlace('<b>温江区</b>').district?.name).toBe('温江区');
    expect(resolvePlace("温江区'; DROP TABLE--").district?.name).toBe('温江区');
  });

  // Not a speed test (bench/places.ts measures speed): a guard against catastrophic regex
  // backtracking, whose cost is seconds to minutes, far above this bound.
  it('reads hostile 20,000-character texts without pathological slowness', () => {
    gazetteer();
    for (const [name, text] of Object.entries(long)) {
      const t = performance.now();
      resolvePlace(text);
      expect(performance.now() - t, name).toBeLessThan(1000);
    }
  });

  it('keeps a long text’s result bounded', () => {
    const r = resolvePlace(long.places);
    expect(r.spans.length).toBeLessThanOrEqual(800);
    expect((r.mention ?? '').length).toBeLessThanOrEqual(40);
    expect(r.unknown).toBeNull();
  });

  it('routes 10k generated addresses to the right county', () => {
    const g = gazetteer();
    const addresses: { text: string; code: string }[] = [];
    for (let i = 0; i < 10000; i++) {
      const c = g.counties[(i * 7919) % g.counties.length]!;
      const t = c.towns[i % Math.max(1, c.towns.length)];
      const d = c.district;
      addresses.push({ text: `${d.province}${d.city === d.province ? '' : d.city}${d.name}${t === undefined ? '' : g.townName[t]}某某路${i}号`, code: d.code });
    }
    let right = 0;
    for (const a of addresses) if (resolvePlace(a.text).district?.code === a.code) right++;
    expect(right).toBe(addresses.length);
  });
});
