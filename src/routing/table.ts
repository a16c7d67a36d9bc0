import { z } from 'zod';
import { CATEGORIES, SUBCATEGORY_PARENT } from '../cases/categories.js';
import { ConfigFileError, loadYamlFile } from '../config-files/yaml.js';
import { ZONES } from '../places/aliases.js';
import { districtsByName, districtByCode, gazetteer } from '../places/gazetteer.js';
import type { Units } from './units.js';

const SUBCATEGORIES = Object.keys(SUBCATEGORY_PARENT) as [keyof typeof SUBCATEGORY_PARENT, ...(keyof typeof SUBCATEGORY_PARENT)[]];

const matchSchema = z
  .object({
    city: z.string().optional(),
    province: z.string().optional(),
    district: z.array(z.string()).min(1).optional(),
    zone: z.string().optional(),
    category: z.array(z.enum(CATEGORIES)).min(1).optional(),
    subcategory: z.array(z.enum(SUBCATEGORIES)).min(1).optional(),
    night: z.boolean().optional(),
  })
  .strict();

const ruleSchema = z.object({ name: z.string().min(1), match: matchSchema, unit: z.string().min(1) }).strict();
const fileSchema = z.object({ fallback: z.string().min(1), rules: z.array(ruleSchema) }).strict();

/** One routing rule: when a case matches, this unit owns it. */
export interface RoutingRule {
  name: string;
  match: {
    city?: string;
    province?: string;
    /** County codes (names in the file are resolved to codes at load). */
    districts?: ReadonlySet<string>;
    zone?: string;
    category?: readonly string[];
    subcategory?: readonly string[];
    night?: boolean;
  };
  /** A unit id, or `$district` / `$prefecture`. */
  unit: string;
}

/** The routing table: rules in order, and the triage queue for what none matches. */
export interface RoutingTable {
  rules: readonly RoutingRule[];
  fallback: string;
}

const SPECIAL_UNITS = new Set(['$district', '$prefecture']);

/**
 * Loads `config/routing.yaml` against the units: every unit, category, district, zone and city a
 * rule names must exist, or the start is refused with the file and line of each problem.
 */
export function loadRoutingTable(file: string, units: Units): RoutingTable {
  const { value, where } = loadYamlFile(file, fileSchema);
  const problems: string[] = [];
  const zones = new Set(ZONES.map((z) => z.name));
  const g = gazetteer();
  const cities = new Set(g.cities.map((c) => c.name));
  const provinces = new Set(g.provinces.map((p) => p.name));
  if (!units.has(value.fallback)) problems.push(`${where(['fallback'])}: fallback: unknown unit "${value.fallback}"`);
  const rules = value.rules.map((r, i): RoutingRule => {
    const at = (...path: (string | number)[]): string => where(['rules', i, ...path]);
    if (!units.has(r.unit) && !SPECIAL_UNITS.has(r.unit)) problems.push(`${at('unit')}: rules.${i}.unit: unknown unit "${r.unit}"`);
    if (r.match.zone && !zones.has(r.match.zone)) problems.push(`${at('match', 'zone')}: rules.${i}.match.zone: unknown zone "${r.match.zone}"`);
    if (r.match.city && !cities.has(r.match.city)) problems.push(`${at('match', 'city')}: rules.${i}.match.city: unknown city "${r.match.city}"`);
    if (r.match.province && !provinces.has(r.match.province)) problems.push(`${at('match', 'province')}: rules.${i}.match.province: unknown province "${r.match.province}"`);
    const districts = new Set<string>();
    (r.match.district ?? []).forEach((d, k) => {
      const found = /^\d{6}$/.test(d) ? [districtByCode(d)].filter((x) => x !== null) : districtsByName(d);
      if (found.length === 1) districts.add(found[0]!.code);
      else problems.push(`${at('match', 'district', k)}: rules.${i}.match.district.${k}: "${d}" ${found.length === 0 ? 'is no county' : 'names several counties: use the code'}`);
    });
    const { district: _names, ...rest } = r.match;
    return { name: r.name, unit: r.unit, match: { ...rest, ...(r.match.district ? { districts } : {}) } };
  });
  if (problems.length > 0) throw new ConfigFileError(problems);
  return { rules, fallback: value.fallback };
}
