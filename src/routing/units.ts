import { z } from 'zod';
import { loadYamlFile, ConfigFileError } from '../config-files/yaml.js';
import { districtByCode, gazetteer } from '../places/gazetteer.js';
import { ZONES } from '../places/aliases.js';

const unitSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and -'),
    kind: z.enum(['eeb', 'zone', 'department', 'triage']),
    name: z.string().min(2),
    name_en: z.string().min(2).optional(),
    district: z.string().regex(/^\d{6}$/, 'a six-digit county code').optional(),
    zone: z.string().optional(),
    city: z.string().optional(),
  })
  .strict();

const fileSchema = z.object({ units: z.array(unitSchema).min(1) }).strict();

/** A body that owns cases: a place's bureau, a zone's bureau, a department or the triage queue. */
export type Unit = z.infer<typeof unitSchema>;

/** Every unit by id. */
export type Units = ReadonlyMap<string, Unit>;

/**
 * Loads `config/units.yaml`: the schema, then what a schema cannot say — ids unique, district
 * codes, zones and cities that exist — every problem with its file and line.
 */
export function loadUnits(file: string): Units {
  const { value, where } = loadYamlFile(file, fileSchema);
  const problems: string[] = [];
  const units = new Map<string, Unit>();
  const zones = new Set(ZONES.map((z) => z.name));
  const cities = new Set(gazetteer().cities.map((c) => c.name));
  value.units.forEach((u, i) => {
    const at = (field: string): string => where(['units', i, field]);
    if (units.has(u.id)) problems.push(`${at('id')}: units.${i}.id: "${u.id}" is used twice`);
    if (u.district && !districtByCode(u.district)) problems.push(`${at('district')}: units.${i}.district: no county has the code ${u.district}`);
    if (u.zone && !zones.has(u.zone)) problems.push(`${at('zone')}: units.${i}.zone: unknown zone "${u.zone}" (known: ${[...zones].join(', ')})`);
    if (u.city && !cities.has(u.city)) problems.push(`${at('city')}: units.${i}.city: unknown city "${u.city}"`);
    if (u.kind === 'eeb' && !u.district && !u.city) problems.push(`${at('kind')}: units.${i}: an eeb unit needs a district or a city`);
    if (u.kind === 'zone' && !u.zone) problems.push(`${at('kind')}: units.${i}: a zone unit needs its zone`);
    units.set(u.id, u);
  });
  if (problems.length > 0) throw new ConfigFileError(problems);
  return units;
}
