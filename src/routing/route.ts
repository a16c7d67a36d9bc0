import type { Category, Subcategory } from '../cases/categories.js';
import type { RoutingRule, RoutingTable } from './table.js';
import type { Unit, Units } from './units.js';

/** What routing looks at in a case. */
export interface RouteInput {
  districtCode: string | null;
  city: string | null;
  province: string | null;
  zone: string | null;
  category: Category;
  subcategory: Subcategory | null;
  night: boolean;
}

/** Where a case goes and which rule sent it there (for the audit trail and `routing check`). */
export interface RouteDecision {
  unit: Unit;
  /** The rule's name, or `fallback` for the triage queue. */
  rule: string;
}

function matches(rule: RoutingRule, c: RouteInput): boolean {
  const m = rule.match;
  if (m.city !== undefined && m.city !== c.city) return false;
  if (m.province !== undefined && m.province !== c.province) return false;
  if (m.districts !== undefined && (c.districtCode === null || !m.districts.has(c.districtCode))) return false;
  if (m.zone !== undefined && m.zone !== c.zone) return false;
  if (m.category !== undefined && !m.category.includes(c.category)) return false;
  if (m.subcategory !== undefined && (c.subcategory === null || !m.subcategory.includes(c.subcategory))) return false;
  if (m.night !== undefined && m.night !== c.night) return false;
  return true;
}

/** The unit a `$district` / `$prefecture` rule stands for in this case, if there is one. */
function resolveUnit(unit: string, c: RouteInput, units: Units): Unit | undefined {
  if (unit === '$district') return [...units.values()].find((u) => u.kind === 'eeb' && u.district !== undefined && u.district === c.districtCode);
  if (unit === '$prefecture') return [...units.values()].find((u) => u.kind === 'eeb' && u.district === undefined && u.city !== undefined && u.city === c.city);
  return units.get(unit);
}

/** Routes a case: the first matching rule whose unit exists wins; otherwise the triage queue. */
export function routeCase(table: RoutingTable, units: Units, c: RouteInput): RouteDecision {
  for (const rule of table.rules) {
    if (!matches(rule, c)) continue;
    const unit = resolveUnit(rule.unit, c, units);
    if (unit) return { unit, rule: rule.name };
  }
  // loadRoutingTable checked that the fallback exists.
  return { unit: units.get(table.fallback) as Unit, rule: 'fallback' };
}
