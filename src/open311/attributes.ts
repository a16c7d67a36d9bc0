import { SUBCATEGORY_PARENT, type Category, type Subcategory } from '../cases/categories.js';
import { IDENTITY_CHOICES, SLOT_ORDER, type SlotName } from '../conversation/slots.js';
import { CATALOGS } from '../i18n/render.js';
import { ATTRIBUTE_TEXT, DATATYPE_TEXT, bilingual } from './text.js';

/** An attribute's code, as it is posted (`attribute[time]=…`). */
export type AttributeCode = keyof typeof ATTRIBUTE_TEXT;

/** The Open311 datatypes this API uses. */
export type Datatype = 'string' | 'text' | 'datetime' | 'singlevaluelist';

/** One question of the chat form asked as an Open311 attribute. */
export interface AttributeSpec {
  code: AttributeCode;
  datatype: Datatype;
  /** The choices of a `singlevaluelist`, for a service's category. */
  values?: (category: Category) => { key: string; name: string }[];
}

/**
 * How each question the chat asks is answered in an Open311 request: by the spec's own fields, by
 * attributes, or both. Keyed by every slot of the intake form, so a new question does not compile
 * until it has a place here. None of the attributes is required: a question the chat may skip
 * ("don't know") is optional here too, and the ones it may not skip are the spec's fields
 * (`service_code` is the category, a location is the place) or have a default (identity).
 */
export const SLOT_ANSWERS: Record<SlotName, { fields: string[]; attributes: AttributeSpec[] }> = {
  category: {
    fields: ['service_code'],
    attributes: [{ code: 'subcategory', datatype: 'singlevaluelist', values: subcategoryValues }],
  },
  place: { fields: ['lat', 'long', 'address_string'], attributes: [] },
  target: { fields: [], attributes: [{ code: 'target', datatype: 'string' }] },
  time: {
    fields: [],
    attributes: [
      { code: 'time', datatype: 'string' },
      { code: 'observed_at', datatype: 'datetime' },
    ],
  },
  evidence: { fields: ['media_url'], attributes: [] },
  demand: { fields: [], attributes: [{ code: 'demand', datatype: 'text' }] },
  identity: {
    fields: [],
    attributes: [{ code: 'identity', datatype: 'singlevaluelist', values: () => IDENTITY_CHOICES.map((k) => ({ key: k, name: bilingual({ zh: CATALOGS.zh.labels.buttons.identity[k], en: CATALOGS.en.labels.buttons.identity[k] }) })) }],
  },
  contact: { fields: ['first_name', 'last_name', 'phone', 'email'], attributes: [] },
};

/** The subcategories of one category, named in both languages. */
function subcategoryValues(category: Category): { key: string; name: string }[] {
  return (Object.entries(SUBCATEGORY_PARENT) as [Subcategory, Category][])
    .filter(([, parent]) => parent === category)
    .map(([key]) => ({ key, name: bilingual({ zh: CATALOGS.zh.labels.subcategories[key], en: CATALOGS.en.labels.subcategories[key] }) }));
}

/** An attribute of a service definition, as the spec lays it out. */
export interface Open311Attribute {
  variable: true;
  code: AttributeCode;
  datatype: Datatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

/**
 * The attributes a category's service asks, in the order the chat asks its questions. A list
 * with no values for this category (soil has no subcategories) is left out.
 */
export function attributesOf(category: Category): { slot: SlotName; attribute: Open311Attribute }[] {
  const out: { slot: SlotName; attribute: Open311Attribute }[] = [];
  for (const slot of SLOT_ORDER) {
    for (const spec of SLOT_ANSWERS[slot].attributes) {
      const values = spec.values?.(category);
      if (values && values.length === 0) continue;
      const label = { zh: CATALOGS.zh.labels.slots[slot], en: CATALOGS.en.labels.slots[slot] };
      const what = ATTRIBUTE_TEXT[spec.code];
      out.push({
        slot,
        attribute: {
          variable: true,
          code: spec.code,
          datatype: spec.datatype,
          // Every chat question an API client may leave out is skippable or defaulted (see SLOT_ANSWERS).
          required: false,
          datatype_description: spec.datatype === 'singlevaluelist' ? null : bilingual(DATATYPE_TEXT[spec.datatype]),
          order: out.length + 1,
          description: bilingual({ zh: `${label.zh}：${what.zh}`, en: `${label.en}: ${what.en}` }),
          ...(values ? { values } : {}),
        },
      });
    }
  }
  return out;
}

