/** Top-level complaint categories, in the order DOMAIN.md lists them. */
export const CATEGORIES = ['air', 'water', 'noise', 'solid_waste', 'soil', 'radiation', 'ecology', 'other'] as const;

/** A top-level complaint category. */
export type Category = (typeof CATEGORIES)[number];

/** Subcategories used for routing and statistics; each belongs to one usual parent. */
export const SUBCATEGORY_PARENT = {
  odour: 'air',
  industrial_gas: 'air',
  dust: 'air',
  cooking_fumes: 'air',
  burning: 'air',
  vehicle_exhaust: 'air',
  construction_noise: 'noise',
  industrial_noise: 'noise',
  social_noise: 'noise',
  traffic_noise: 'noise',
  industrial_wastewater: 'water',
  domestic_sewage: 'water',
  livestock: 'water',
  garbage: 'solid_waste',
  hazardous_waste: 'solid_waste',
  construction_waste: 'solid_waste',
  mining: 'ecology',
  sand_dredging: 'ecology',
  nature_reserve: 'ecology',
  deforestation: 'ecology',
  electromagnetic: 'radiation',
} as const satisfies Record<string, Category>;

/** A subcategory name. */
export type Subcategory = keyof typeof SUBCATEGORY_PARENT;
