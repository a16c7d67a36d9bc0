import { z } from 'zod';
import { CATEGORIES, type Category } from '../cases/categories.js';
import { caseNumber } from '../staff-api/bodies.js';
import { attributesOf, type Open311Attribute } from './attributes.js';
import { refuse, type Open311Answer } from './answer.js';
import { ERRORS, type Bilingual } from './text.js';

/** A field left empty (`lat=`), as forms send it, is a field not given. */
const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (max: number) => z.preprocess(blank, z.string().trim().max(max).optional());
const coordinate = (min: number, max: number) => z.preprocess(blank, z.coerce.number().finite().min(min).max(max).optional());

/** The largest description the spec allows. */
const MAX_DESCRIPTION = 4_000;

/**
 * The body of `POST requests.json`, form-encoded or JSON, after its attributes were gathered (see
 * {@link gatherAttributes}). Fields of the spec we do not use (`address_id`, `jurisdiction_id`) are
 * read and checked for size only; other unknown fields are ignored, as the spec's extensions send them.
 */
export const postBody = z
  .object({
    jurisdiction_id: optionalText(200),
    service_code: z.string().trim().min(1).max(64),
    lat: coordinate(-90, 90),
    long: coordinate(-180, 180),
    address_string: optionalText(500),
    address_id: optionalText(200),
    email: z.preprocess(blank, z.email().max(254).optional()),
    device_id: optionalText(200),
    account_id: optionalText(200),
    first_name: optionalText(50),
    last_name: optionalText(50),
    phone: optionalText(40),
    // Required although the spec leaves it optional: a report without words is a lead nobody can use.
    description: z.string().trim().min(1).max(MAX_DESCRIPTION),
    media_url: z.preprocess(blank, z.url({ protocol: /^https?$/ }).max(2_000).optional()),
    attribute: z.record(z.string(), z.string()),
  });

/** A POST body as checked, before the service's attributes are. */
export type PostBody = z.infer<typeof postBody>;

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](?:\[\])?$/;

/**
 * Collects a body's attributes into one record: `attribute[code]=value` keys as forms send them,
 * and an `attribute` object as JSON clients may. A value that is not one string (a repeated form
 * key) is kept as it came, for the schema to refuse.
 */
export function gatherAttributes(body: unknown): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const out: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const code = ATTRIBUTE_KEY.exec(k)?.[1];
    if (code !== undefined) attributes[code] = v;
    else if (k === 'attribute' && typeof v === 'object' && v !== null && !Array.isArray(v)) Object.assign(attributes, v);
    else if (k !== 'attribute') out[k] = v;
  }
  return { ...out, attribute: attributes };
}

/** The attribute values of one request, checked against its service's definition. */
export interface AttributeValues {
  subcategory?: string;
  target?: string;
  time?: string;
  observed_at?: string;
  demand?: string;
  identity?: string;
}

/** The schema of one attribute's value, from its definition. */
function attributeSchema(a: Open311Attribute): z.ZodType<string | undefined> {
  switch (a.datatype) {
    case 'singlevaluelist':
      return z.preprocess(blank, z.enum((a.values ?? []).map((v) => v.key) as [string, ...string[]]).optional());
    case 'datetime':
      return z.preprocess(blank, z.iso.datetime({ offset: true }).optional());
    case 'string':
    case 'text':
      // The chat caps an answer at 500 characters; the slot's own reading trims and checks it.
      return z.preprocess(blank, z.string().max(500).optional());
  }
}

/** Checks the attributes posted for a category's service; unknown codes are refused by name. */
export function checkAttributes(category: Category, given: Record<string, unknown>): { ok: true; values: AttributeValues } | { ok: false; answer: Open311Answer } {
  const defined = new Map(attributesOf(category).map(({ attribute }) => [attribute.code as string, attribute]));
  const problems: Bilingual[] = [];
  const values: Record<string, string> = {};
  for (const [code, v] of Object.entries(given)) {
    const a = defined.get(code);
    if (!a) {
      problems.push(ERRORS.unknown_attribute(code));
      continue;
    }
    const r = attributeSchema(a).safeParse(v);
    if (!r.success) problems.push(ERRORS.invalid(`attribute[${code}]`, r.error.issues[0]?.message ?? 'invalid'));
    else if (r.data !== undefined) values[code] = r.data;
  }
  return problems.length > 0 ? { ok: false, answer: refuse(400, ...problems) } : { ok: true, values };
}

const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.split(',').map((s) => s.trim())) : v),
    z.array(item).min(1).max(1_000).optional(),
  );

/** The query of `GET requests.json`. Parameters the spec does not define are ignored (extensions). */
export const listQuery = z.object({
  jurisdiction_id: optionalText(200),
  service_request_id: commaList(caseNumber),
  service_code: z.preprocess(blank, z.enum(CATEGORIES).optional()),
  start_date: z.preprocess(blank, z.iso.datetime({ offset: true }).optional()),
  end_date: z.preprocess(blank, z.iso.datetime({ offset: true }).optional()),
  status: commaList(z.enum(['open', 'closed'])),
});

/** A zod failure as the spec's 400: one error per problem, naming the field. */
export function invalid(issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[]): Open311Answer {
  return refuse(
    400,
    ...issues.map((i) => {
      const field = i.path.map(String).join('.') || 'body';
      return i.code === 'invalid_type' && i.message.includes('undefined') ? ERRORS.required(field) : ERRORS.invalid(field, i.message);
    }),
  );
}
