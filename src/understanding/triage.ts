import type { Category, Subcategory } from '../cases/categories.js';
import type { District, Span } from '../places/types.js';
import type { Intent, Lang } from './facts.js';
import { extractFacts, type ExtractOptions } from './rules/extract.js';
import { maskPhone } from '../privacy/mask.js';

/** A county-level division as triage prints it. */
export interface TriageDistrict {
  /** Six-digit NBS code. */
  code: string;
  /** Official name, e.g. `郫都区`. */
  name: string;
  /** City name, e.g. `成都市`. */
  city: string;
  /** Province name, e.g. `四川省`. */
  province: string;
}

/** One line of `huiyin triage` output: what the rules extractor made of one complaint text. */
export interface TriageRecord {
  /** The `id` of the input line when it was a JSON object carrying one (the samples file does). */
  id?: string;
  /** The text triaged. */
  text: string;
  /** Language the text is written in. */
  lang: Lang;
  /** Intents besides complaint facts (greeting, question...), strongest first. */
  intents: Intent[];
  /** Categories, primary first; never empty: `other` when no pollution is named. */
  categories: Category[];
  /** Subcategory of the primary category, or null. */
  subcategory: Subcategory | null;
  /** The district when the text names or implies exactly one, else null. */
  district: TriageDistrict | null;
  /** The prefecture city named or implied (成都市), even when the district is not known, or null. */
  city: string | null;
  /** Functional zone named (成都高新区, 天府新区, 成都东部新区), or null. */
  zone: string | null;
  /** Candidate districts when the place is ambiguous (a town name found in several counties). */
  ambiguous: TriageDistrict[];
  /** Happens at night (22:00–06:00) by the text. */
  night: boolean;
  /** Time-critical (dead fish, leak, construction going on in the small hours...). */
  urgent: boolean;
  /** The reporter says they reported it before. */
  repeat: boolean;
  /** 0..1: how usable the lead is (category + place + target raise it). */
  confidence: number;
  /** The reported unit (举报对象), or null. */
  target: string | null;
  /** The time phrases as written, or null. */
  time: string | null;
  /** A phone number found in the text, masked (`139****5678`), or null. */
  phone: string | null;
  /** Spans the facts were read from, in text order. Phone spans are masked too. */
  spans: Span[];
}

/** Options for {@link triage}: the same as the extractor's. */
export type TriageOptions = ExtractOptions;

function districtOf(d: District): TriageDistrict {
  return { code: d.code, name: d.name, city: d.city, province: d.province };
}

/** Triages one complaint text into the record `huiyin triage` prints. Never throws. */
export function triage(text: string, options: TriageOptions = {}): TriageRecord {
  const f = extractFacts(text, options);
  return {
    text,
    lang: f.lang,
    intents: f.intents,
    // Every triaged record gets a category, as the hotline's own records do: `other` when the
    // text names no pollution (a greeting or a question; see `intents`).
    categories: f.categories.length > 0 ? f.categories : ['other'],
    subcategory: f.subcategory,
    district: f.place.district ? districtOf(f.place.district) : null,
    city: f.place.city ?? f.place.district?.city ?? null,
    zone: f.place.zone,
    ambiguous: f.place.ambiguous.map(districtOf),
    night: f.night,
    urgent: f.urgent,
    repeat: f.repeat,
    confidence: f.confidence,
    target: f.target,
    time: f.timeText,
    phone: f.phone ? maskPhone(f.phone) : null,
    // A triage line may be pasted into a ticket or a log: never print the reporter's number.
    spans: f.spans.map((s) => (s.kind === 'phone' ? { ...s, text: maskPhone(s.text.replace(/\D/g, '')) } : s)),
  };
}

/**
 * The text of one input line: a JSON object with a string `text` field (a line of the samples
 * file) is read as that text and its `id` kept; any other non-blank line is the text itself,
 * trimmed; a blank line gives null.
 */
export function parseTriageLine(line: string): { text: string; id?: string } | null {
  const trimmed = line.trim();
  if (trimmed.length === 0) return null;
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { text?: unknown }).text === 'string') {
        const { text, id } = parsed as { text: string; id?: unknown };
        return typeof id === 'string' ? { text, id } : { text };
      }
    } catch {
      // Not JSON after all: triage the line as written.
    }
  }
  return { text: trimmed };
}

/**
 * Maps input lines to triage records, in order: blank lines are skipped, and a line holding a
 * JSON object with a `text` field is triaged as that text (so `samples/complaints.jsonl` can be
 * fed as it is). Accepts an array or any (async) iterable of lines, e.g. a readline interface.
 */
export async function* triageLines(input: AsyncIterable<string> | Iterable<string>, options: TriageOptions = {}): AsyncGenerator<TriageRecord> {
  for await (const line of input) {
    const parsed = parseTriageLine(line);
    if (!parsed) continue;
    const record = triage(parsed.text, options);
    yield parsed.id === undefined ? record : { id: parsed.id, ...record };
  }
}
