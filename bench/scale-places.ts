/**
 * Where the scale benchmark's generated cases happen: every Sichuan county with a few of its
 * towns, its label point (WGS-84 and GCJ-02, since WeChat pins are GCJ-02) and the unit that owns
 * it, weighted so about 60% of cases are in Chengdu (central districts most), as a provincial
 * intake would see.
 */
import { readFileSync } from 'node:fs';
import { wgs84ToGcj02 } from '../src/places/geometry.js';
import { districtByCode, gazetteer } from '../src/places/gazetteer.js';
import type { Routing } from '../src/routing/load.js';

/** One county a generated case can be in. */
export interface ScalePlace {
  code: string;
  name: string;
  city: string;
  province: string;
  /** Up to eight of its towns. */
  towns: string[];
  /** Label point, WGS-84 then GCJ-02, as [lng, lat]. */
  wgs: [number, number];
  gcj: [number, number];
  /** The unit that owns its cases (its bureau, else the routing fallback). */
  unit: string;
  /** Relative share of cases. */
  weight: number;
}

const CHENGDU_CENTRE = new Set(['510104', '510105', '510106', '510107', '510108']);

/** Every Sichuan county of the polygon data, with what the generator needs. */
export function scalePlaces(routing: Routing): ScalePlace[] {
  const file = new URL('../src/places/data/sichuan-polygons.json', import.meta.url);
  const { counties } = JSON.parse(readFileSync(file, 'utf8')) as { counties: { code: string; label: [number, number] }[] };
  const g = gazetteer();
  const unitOf = new Map([...routing.units.values()].filter((u) => u.district).map((u) => [u.district!, u.id]));
  return counties.flatMap((c): ScalePlace[] => {
    const d = districtByCode(c.code);
    const i = g.countyByCode.get(c.code);
    if (!d || i === undefined) return [];
    const towns = g.counties[i]!.towns.slice(0, 8).map((t) => g.townName[t]!);
    const weight = CHENGDU_CENTRE.has(c.code) ? 20 : c.code.startsWith('5101') ? 10 : 1;
    return [{ code: d.code, name: d.name, city: d.city, province: d.province, towns, wgs: c.label, gcj: wgs84ToGcj02(c.label[0], c.label[1]), unit: unitOf.get(d.code) ?? routing.table.fallback, weight }];
  });
}

/**
 * `slots` entries of place indices in proportion to their weights, so SQL can pick a weighted
 * place with an equality join on `floor(random() * slots)` (a range join over 1M rows is slow).
 */
export function weightedSlots(weights: number[], slots: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let acc = 0;
  weights.forEach((w, k) => {
    acc += w;
    while (out.length < Math.round((acc / total) * slots)) out.push(k);
  });
  return out;
}

/** Category sets and their relative frequency in complaints (air and noise lead, as in 12369 statistics). */
export const SCALE_CATEGORIES: [string[], number][] = [
  [['air'], 33],
  [['noise'], 28],
  [['water'], 12],
  [['solid_waste'], 10],
  [['air', 'noise'], 7],
  [['ecology'], 4],
  [['soil'], 2],
  [['radiation'], 1],
  [['other'], 3],
];
