import { resolvePlace } from '../../places/resolve.js';
import type { PlaceContext, PlaceResolution, Span } from '../../places/types.js';
import { emptyFacts, type Facts } from '../facts.js';
import { readIntents } from './intents.js';
import { detectLang } from './language.js';
import { classify } from './lexicon.js';
import { readCaseNumber, readDemand, readIdentityMode, readPhone, readRepeat, readSelfName, readUrgent } from './signals.js';
import { readTarget } from './target.js';
import { readTime } from './time.js';

/** Options for {@link extractFacts}. */
export interface ExtractOptions {
  /** Narrows place lookups (a city already known, candidates offered before). */
  context?: PlaceContext;
  /** When the message was sent; lets 现在/正在 count as night. The extractor never reads the clock. */
  now?: Date;
}

/**
 * Maps full-width digits and letters (１３８, ＨＹ) and ＋/－ to ASCII, and zero-width or ideographic
 * spaces to a space, one code unit for one, so every span offset still points into the original
 * text. Chinese punctuation (，！？：) stays: the patterns expect it.
 */
export function normalizeWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0b\uff0d]|[\u200b-\u200d\ufeff\u3000]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code >= 0xff01 ? String.fromCharCode(code - 0xfee0) : ' ';
  });
}

/** Weights of what makes a lead usable (category, place, target), summing to at most 1. */
export const CONFIDENCE_WEIGHTS = { category: 0.35, subcategory: 0.05, place: 0.3, ambiguousPlace: 0.1, placeMention: 0.05, target: 0.2, time: 0.05 } as const;

/**
 * How usable a lead is, from what it names (see {@link CONFIDENCE_WEIGHTS}); exported so facts
 * completed by a language model are scored by the same measure as the rules' own.
 */
export function leadConfidence(f: Pick<Facts, 'categories' | 'subcategory' | 'target' | 'timeText'>, place: PlaceResolution): number {
  const w = CONFIDENCE_WEIGHTS;
  let c = 0;
  if (f.categories.length > 0) c += w.category;
  if (f.subcategory) c += w.subcategory;
  if (place.district || place.zone) c += w.place * Math.max(0.5, Math.min(1, place.confidence || 1));
  else if (place.ambiguous.length > 0) c += w.ambiguousPlace;
  else if (place.mention || place.unknown) c += w.placeMention;
  if (f.target) c += w.target;
  if (f.timeText) c += w.time;
  // Without any pollution named it is no lead, however precise the place.
  if (f.categories.length === 0) c = Math.min(c, 0.3);
  return Math.round(Math.min(1, c) * 100) / 100;
}

function compose(raw: string, options: ExtractOptions): Facts {
  const text = normalizeWidth(raw);
  const lang = detectLang(text);
  const place = resolvePlace(text, options.context);
  const { categories, subcategory, hits } = classify(text);
  const usedHits = hits.filter((h) => categories.includes(h.category));
  const target = readTarget(text, place.spans);
  const time = readTime(text, options.now);
  const urgent = readUrgent(text, {
    construction: usedHits.some((h) => h.subcategory === 'construction_noise'),
    lateNight: time.lateNight,
    night: time.night,
    ongoing: time.ongoing,
  });
  const repeat = readRepeat(text);
  const phone = readPhone(text);
  const name = readSelfName(text);
  const demand = readDemand(text);
  const identity = readIdentityMode(text);
  const caseNumber = readCaseNumber(text);
  const intents = readIntents(text);

  const spans: Span[] = [...place.spans, ...time.spans, ...intents.spans];
  for (const h of usedHits) {
    spans.push({ kind: `category:${h.category}`, text: h.text, start: h.start, end: h.end });
    if (h.subcategory && h.subcategory === subcategory) spans.push({ kind: `subcategory:${h.subcategory}`, text: h.text, start: h.start, end: h.end });
  }
  for (const found of [target, urgent, repeat, phone, name, demand, identity, caseNumber]) if (found) spans.push(found.span);
  // Spans quote the text as the reporter wrote it, not the width-normalised copy.
  const quoted = spans
    .map((s) => ({ ...s, text: raw.slice(s.start, s.end) || s.text }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.kind.localeCompare(b.kind));

  const facts: Facts = {
    lang,
    langSwitch: intents.langSwitch,
    intents: intents.intents,
    categories,
    subcategory,
    place,
    target: target?.value ?? null,
    timeText: time.text,
    night: time.night,
    urgent: urgent !== null,
    repeat: repeat !== null,
    phone: phone?.value ?? null,
    name: name?.value ?? null,
    demand: demand?.value ?? null,
    identityMode: identity?.value ?? null,
    correction: intents.correction,
    choice: intents.choice,
    caseNumber: caseNumber?.value ?? null,
    rating: intents.rating,
    confidence: 0,
    spans: quoted,
  };
  facts.confidence = leadConfidence(facts, place);
  return facts;
}

/**
 * Reads one message into {@link Facts}: categories and subcategory from the lexicon, place from
 * the gazetteer (`resolvePlace`), reported unit, time and night, urgency, repeat, contact, name,
 * demand, identity mode, case number, intents, correction and choice, with the spans used.
 * Pure and total: it never throws and never reads the clock (pass `now`); on an internal error it
 * returns empty facts in the detected language.
 */
export function extractFacts(text: string, options: ExtractOptions = {}): Facts {
  const input = typeof text === 'string' ? text : String(text ?? '');
  try {
    return compose(input, options);
  } catch {
    let lang: Facts['lang'] = 'zh';
    try {
      lang = detectLang(input);
    } catch {
      // Keep the default.
    }
    return emptyFacts(lang);
  }
}
