import { SUBCATEGORY_PARENT } from '../../cases/categories.js';
import { REDACTED } from '../../privacy/redact.js';
import { resolvePlace } from '../../places/resolve.js';
import type { PlaceContext, PlaceResolution, Span } from '../../places/types.js';
import type { Facts } from '../facts.js';
import { leadConfidence } from '../rules/extract.js';
import type { FactProposal } from './schemas.js';

/** The fields a model's proposal may fill; everything else in {@link Facts} is the rules' alone. */
export type ProposedField = 'categories' | 'subcategory' | 'place' | 'target' | 'time' | 'demand';

/** Facts after the merge, and which fields came from the model (recorded with the call). */
export interface Merged {
  facts: Facts;
  taken: ProposedField[];
}

/** Share of a value's characters (Han one by one, Latin and digit runs as words) that must occur in the message. */
const GROUNDED = 0.6;

/**
 * Whether a model's free-text value is the reporter's words rather than the model's: most of its
 * characters (Han one by one, Latin and digit runs as words) occur in the message. Text a model
 * made up, or copied from an instruction it was told to follow, rarely is; and a value carrying
 * the ××× marker is never taken.
 */
export function grounded(value: string, message: string): boolean {
  if (value.includes(REDACTED)) return false;
  const units = value.toLowerCase().match(/\p{Script=Han}|[a-z0-9]+/gu) ?? [];
  if (units.length === 0) return false;
  const haystack = message.toLowerCase();
  return units.filter((u) => haystack.includes(u)).length / units.length >= GROUNDED;
}

/** A span quoting `value` where the message has it, tagged as the model's. */
function spanOf(kind: ProposedField, value: string, message: string): Span[] {
  const at = message.indexOf(value);
  return at < 0 ? [] : [{ kind: `model:${kind}`, text: value, start: at, end: at + value.length }];
}

/**
 * The model's place words, re-resolved by our own gazetteer (a model never supplies a code): the
 * resolution when the words are the reporter's; when they are not (a landmark the model placed),
 * only a district, offered as the one candidate the reporter confirms. Null when nothing resolves.
 */
function placeFrom(words: string, message: string, context: PlaceContext): PlaceResolution | null {
  const r = resolvePlace(words, context);
  const found = r.district !== null || r.zone !== null || r.ambiguous.length > 0;
  if (!found) return null;
  if (grounded(words, message)) return { ...r, mention: r.mention ?? words, spans: [] };
  if (!r.district) return null;
  return { ...r, district: null, town: null, zone: null, ambiguous: [r.district], mention: words, confidence: 0, spans: [] };
}

/**
 * Merges a model's proposal into the rules' facts, field by field; the rules always win where they
 * found something. The model may only fill, never replace:
 * - categories (and their subcategory) when the rules found no pollution named;
 *   a subcategory alone when it belongs to a category the rules found;
 * - the place when the rules resolved none, through our gazetteer (see {@link placeFrom});
 * - target, time and demand when the rules found none and the words are the reporter's ({@link grounded}).
 * Intents, choices, ratings, case numbers, identity mode, contact, language, night, urgency and
 * repeat are never taken from a model: they act on cases, page people or route them.
 */
export function mergeProposal(rules: Facts, proposal: FactProposal, message: string, context: PlaceContext = {}): Merged {
  const facts: Facts = { ...rules, place: rules.place, spans: [...rules.spans] };
  const taken: ProposedField[] = [];
  if (rules.categories.length === 0 && proposal.categories.length > 0) {
    facts.categories = [...new Set(proposal.categories)];
    taken.push('categories');
  }
  const sub = proposal.subcategory;
  if (!facts.subcategory && sub && facts.categories.includes(SUBCATEGORY_PARENT[sub])) {
    facts.subcategory = sub;
    taken.push('subcategory');
  }
  const placed = rules.place.district !== null || rules.place.zone !== null || rules.place.ambiguous.length > 0;
  const place = !placed && proposal.place ? placeFrom(proposal.place, message, context) : null;
  if (place && proposal.place) {
    facts.place = place;
    facts.spans.push(...spanOf('place', proposal.place, message));
    taken.push('place');
  }
  const text = (field: 'target' | 'time' | 'demand', has: string | null, value: string | null): string | null => {
    if (has || !value || !grounded(value, message)) return has;
    taken.push(field);
    facts.spans.push(...spanOf(field, value, message));
    return value;
  };
  facts.target = text('target', rules.target, proposal.target);
  facts.timeText = text('time', rules.timeText, proposal.time);
  facts.demand = text('demand', rules.demand, proposal.demand);
  facts.spans.sort((a, b) => a.start - b.start || a.end - b.end || a.kind.localeCompare(b.kind));
  facts.confidence = leadConfidence(facts, facts.place);
  return { facts, taken };
}
