import { CATEGORIES, SUBCATEGORY_PARENT, type Category, type Subcategory } from '../cases/categories.js';
import { CATALOGS } from '../i18n/render.js';
import { attributesOf, type Open311Attribute } from './attributes.js';
import { DISCOVERY_CONTACT, KEY_SERVICE, SERVICE_GROUPS, SERVICE_TEXT, bilingual } from './text.js';

/** One entry of `services.json`: a complaint category. */
export interface Open311Service {
  service_code: Category;
  service_name: string;
  description: string;
  metadata: true;
  type: 'realtime';
  keywords: string;
  group: string;
}

/** `services/{code}.json`: the questions a category's report answers beyond the spec's fields. */
export interface ServiceDefinition {
  service_code: Category;
  attributes: Open311Attribute[];
}

/** Whether a string is one of our service codes (a complaint category). */
export function isServiceCode(code: string): code is Category {
  return (CATEGORIES as readonly string[]).includes(code);
}

const subcategoriesOf = (c: Category): Subcategory[] => (Object.keys(SUBCATEGORY_PARENT) as Subcategory[]).filter((s) => SUBCATEGORY_PARENT[s] === c);

/**
 * Every complaint category as a service: the Chinese name as the service name (the public the
 * bot serves reads Chinese), the English name and the subcategories in the description, and
 * every attribute in its definition (`metadata: true`). Reports are registered at once: `realtime`.
 */
export function serviceList(): Open311Service[] {
  const { zh, en } = { zh: CATALOGS.zh.labels, en: CATALOGS.en.labels };
  return CATEGORIES.map((code) => {
    const subs = subcategoriesOf(code);
    const includes = subs.length > 0 ? SERVICE_TEXT.includes(subs.map((s) => zh.subcategories[s]).join('、'), subs.map((s) => en.subcategories[s]).join(', ')) : SERVICE_TEXT.general;
    return {
      service_code: code,
      service_name: zh.categories[code],
      description: `${en.categories[code]}. ${bilingual(includes)}`,
      metadata: true,
      type: 'realtime',
      keywords: [zh.categories[code], en.categories[code], ...subs.flatMap((s) => [zh.subcategories[s], en.subcategories[s]])].join(','),
      group: bilingual(SERVICE_GROUPS[code]),
    };
  });
}

/** A category's service definition; every category has one. */
export function serviceDefinition(code: Category): ServiceDefinition {
  return { service_code: code, attributes: attributesOf(code).map((a) => a.attribute) };
}

/** When the API's shape last changed: clients compare it to know to re-read the definitions. */
export const CHANGESET = '2026-11-29T00:00:00Z';

/** The spec this API follows. */
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/** `discovery.json`: where the API is and what it serves, for a client that knows only the base URL. */
export function discovery(baseUrl: string) {
  return {
    changeset: CHANGESET,
    contact: bilingual(DISCOVERY_CONTACT),
    key_service: bilingual(KEY_SERVICE),
    endpoints: [{ specification: SPECIFICATION, url: baseUrl, changeset: CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] }],
  };
}
