import { z } from 'zod';
import { CATEGORIES, SUBCATEGORY_PARENT, type Subcategory } from '../../cases/categories.js';

/*
 * What a model may answer, one schema per task. Every object is strict: a key we did not ask for
 * (`intents`, `status`, `caseNumber`…) makes the whole answer invalid rather than being
 * dropped silently, so an answer shaped by an injected instruction is refused, repaired once, and
 * then replaced by the rules. Every key is required and nullable, as OpenAI's strict structured
 * output wants; length caps keep a runaway answer out of the draft.
 */

const SUBCATEGORIES = Object.keys(SUBCATEGORY_PARENT) as [Subcategory, ...Subcategory[]];
const text = (max: number) => z.string().trim().min(1).max(max).nullable();

/**
 * Facts a model proposes from one message. Only what helps fill the form's free-text slots and
 * the problem type: never intents, choices, ratings, identity, contact, case numbers or status.
 */
export const FactProposal = z.strictObject({
  categories: z.array(z.enum(CATEGORIES)).max(3).describe('pollution types named, primary first; [] if none'),
  subcategory: z.enum(SUBCATEGORIES).nullable().describe('the most specific subcategory, or null'),
  place: text(60).describe('the place words as written (town, street, landmark), or null'),
  target: text(60).describe('the reported unit or source (举报对象) as written, or null'),
  time: text(60).describe('when / how often, as written, or null'),
  demand: text(200).describe('what the reporter wants done, as written, or null'),
});

/** A validated {@link FactProposal}. */
export type FactProposal = z.infer<typeof FactProposal>;

/** The free-text slots a model may word the question for; the others come with buttons. */
export const WORDED_SLOTS = ['place', 'target', 'time', 'demand'] as const;

/** A slot of {@link WORDED_SLOTS}. */
export type WordedSlot = (typeof WORDED_SLOTS)[number];

/**
 * A warm question for the one fact the report still lacks (prompts/ask-missing.md). Asked in the
 * same call as the facts, so defaulted to null: a model that answers the facts alone is still used.
 */
export const QuestionProposal = z.strictObject({
  missing: z.enum(WORDED_SLOTS).nullable().default(null).describe('the first fact still missing after this message, or null'),
  question: z.string().trim().min(4).max(160).nullable().default(null).describe('one or two short sentences ending with the question, or null'),
});

/** One call's answer: the facts of the message and the question for what is still missing. */
export const FactAndQuestion = z.strictObject({ ...FactProposal.shape, ...QuestionProposal.shape });

/** A validated {@link FactAndQuestion}. */
export type FactAndQuestion = z.infer<typeof FactAndQuestion>;

/** A public, person-free summary of what was done about a closed case. */
export const PublicSummary = z.strictObject({
  summary: z.string().trim().min(4).max(160).describe('what the problem was and what was done, no people'),
});

/** A validated {@link PublicSummary}. */
export type PublicSummary = z.infer<typeof PublicSummary>;

/** The schemas prompts may name in their `schema:` header, by name. */
export const OUTPUT_SCHEMAS = { FactProposal, QuestionProposal, FactAndQuestion, PublicSummary } as const;

/** A name of {@link OUTPUT_SCHEMAS}. */
export type SchemaName = keyof typeof OUTPUT_SCHEMAS;

/** Keywords some strict structured-output servers reject; zod enforces them (and fills defaults) on our side anyway. */
const UNSUPPORTED = new Set(['$schema', 'minLength', 'maxLength', 'default']);

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => !UNSUPPORTED.has(k)).map(([k, v]) => [k, strip(v)]));
}

const converted = new Map<SchemaName, Record<string, unknown>>();

/** The JSON schema sent to the model for `json_schema` and `tools` modes (strict, no extra keys); converted once per schema. */
export function jsonSchemaOf(name: SchemaName): Record<string, unknown> {
  let schema = converted.get(name);
  if (!schema) {
    schema = strip(z.toJSONSchema(OUTPUT_SCHEMAS[name], { target: 'draft-7' })) as Record<string, unknown>;
    converted.set(name, schema);
  }
  return schema;
}
