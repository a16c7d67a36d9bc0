import { gazetteer } from './gazetteer.js';
import type { District } from './types.js';

const LEVELS: [RegExp, string][] = [
  [/自治县$/, 'Autonomous County'],
  [/自治旗$/, 'Autonomous Banner'],
  [/旗$/, 'Banner'],
  [/区$/, 'District'],
  [/县$/, 'County'],
  [/市$/, 'City'],
];

const title = (key: string): string => (key ? key[0]!.toUpperCase() + key.slice(1) : key);

/**
 * A district as an English reader writes it, from the gazetteer's pinyin keys: 温江区 →
 * `Wenjiang District, Chengdu`. Falls back to the Chinese name where no key exists.
 */
export function districtInEnglish(d: District): string {
  const g = gazetteer();
  const i = g.countyByCode.get(d.code);
  const county = i === undefined ? undefined : g.counties[i];
  if (!county?.key) return `${d.city}${d.name}`;
  const level = LEVELS.find(([re]) => re.test(d.name))?.[1] ?? '';
  const city = g.cities[county.city];
  const cityName = city?.key && city.name !== d.name ? `, ${title(city.key)}` : '';
  return `${title(county.key)} ${level}`.trim() + cityName;
}
