import { describe, expect, it } from 'vitest';
import { detectLang } from '../../src/understanding/rules/language.js';

describe('detectLang', () => {
  it.each([
    ['工厂排黑烟', 'zh'],
    ['有个KTV很吵', 'zh'],
    ['There is a factory near Wenjiang District', 'en'],
    ['Loud KTV in 武侯区 every night', 'en'],
    ['ok', 'en'],
    ['查询 HY-20261127-0001', 'zh'],
  ] as const)('%s → %s', (t, lang) => expect(detectLang(t)).toBe(lang));
  it('falls back when there are no letters', () => {
    expect(detectLang('😡😡😡')).toBe('zh');
    expect(detectLang('', 'en')).toBe('en');
    expect(detectLang('/help', 'en')).toBe('en');
    expect(detectLang('13912345678')).toBe('zh');
  });
});
