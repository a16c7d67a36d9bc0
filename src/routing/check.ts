import { CATEGORIES, SUBCATEGORY_PARENT, type Category, type Subcategory } from '../cases/categories.js';
import { ZONES } from '../places/aliases.js';
import { gazetteer } from '../places/gazetteer.js';
import type { District } from '../places/types.js';
import { routeCase, type RouteInput } from './route.js';
import type { RoutingTable } from './table.js';
import type { Units } from './units.js';

/** The result of `huiyin routing check`: the lines to print and what fell to the triage queue. */
export interface RoutingReport {
  lines: string[];
  /** `district × category` pairs that reached no explicit rule. */
  unrouted: string[];
}

/** The county-level districts of one city, in code order. */
export function districtsOfCity(cityName: string): District[] {
  const g = gazetteer();
  return g.counties.filter((c) => g.cities[c.city]?.name === cityName).map((c) => c.district);
}

const input = (d: District | null, zone: string | null, category: Category, city: string): RouteInput => ({
  districtCode: d?.code ?? null,
  city: d?.city ?? city,
  province: d?.province ?? '四川省',
  zone,
  category,
  subcategory: null,
  night: false,
});

/**
 * Where a case of each main category would go from every district of `city` and from each of its
 * functional zones, as a table an operator can read; rows that only reach the triage queue are
 * listed apart.
 */
export function routingReport(table: RoutingTable, units: Units, city = '成都市'): RoutingReport {
  const unrouted: string[] = [];
  const header = ['', ...CATEGORIES].join('\t');
  const rows: string[] = [];
  const places: [string, District | null, string | null][] = [
    ...districtsOfCity(city).map((d): [string, District, null] => [d.name, d, null]),
    ...ZONES.filter((z) => z.city === city).map((z): [string, null, string] => [z.name, null, z.name]),
  ];
  for (const [label, district, zone] of places) {
    const cells = CATEGORIES.map((category) => {
      const r = routeCase(table, units, input(district, zone, category, city));
      if (r.rule === 'fallback') unrouted.push(`${label} × ${category}`);
      return r.unit.id;
    });
    rows.push([label, ...cells].join('\t'));
  }
  const lines = [`Routing of ${city}: district or zone × main category → unit (first matching rule wins)`, header, ...rows];
  // Departments own subcategories, sometimes only at night: show them from the first district.
  const sample = districtsOfCity(city)[0];
  if (sample) {
    lines.push('', `By subcategory, from ${sample.name} (day / night):`);
    for (const sub of Object.keys(SUBCATEGORY_PARENT) as Subcategory[]) {
      const at = (night: boolean) => routeCase(table, units, { ...input(sample, null, SUBCATEGORY_PARENT[sub], city), subcategory: sub, night });
      const day = at(false);
      const night = at(true);
      lines.push(`${sub}\t${day.unit.id}${night.unit.id === day.unit.id ? '' : ` / ${night.unit.id}`}\t${day.rule}${night.rule === day.rule ? '' : ` / ${night.rule}`}`);
    }
  }
  lines.push(unrouted.length === 0 ? 'every pair reaches an explicit rule' : `to the triage queue (${table.fallback}) only: ${unrouted.join(', ')}`);
  return { lines, unrouted };
}
