import type { Category, Subcategory } from '../cases/categories.js';
import { townsByName, zoneOfTown } from '../places/gazetteer.js';
import type { RouteInput } from './route.js';

/** The place and subject of a case as routing needs them. */
export interface RoutableCase {
  district_code: string | null;
  city: string | null;
  province: string | null;
  town: string | null;
  zone: string | null;
  categories: string[];
  subcategory: string | null;
  night: boolean;
}

/**
 * What routing looks at, from a case: a street that a functional zone administers puts the case
 * in that zone even when the reporter named only the street (华阳街道 → 天府新区).
 */
export function routeInputOf(c: RoutableCase): RouteInput {
  const town = c.town && c.district_code ? townsByName(c.town).find((t) => t.district.code === c.district_code) : undefined;
  return {
    districtCode: c.district_code,
    city: c.city,
    province: c.province,
    zone: c.zone ?? (town ? zoneOfTown(town.code) : null),
    category: (c.categories[0] ?? 'other') as Category,
    subcategory: c.subcategory as Subcategory | null,
    night: c.night,
  };
}
