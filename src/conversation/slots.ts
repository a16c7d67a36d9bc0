import { CATEGORIES, SUBCATEGORY_PARENT } from '../cases/categories.js';
import type { Facts, IdentityMode } from '../understanding/facts.js';
import type { Reply } from '../i18n/catalog.js';
import type { Draft } from './draft.js';

/** The questions of the intake form, in the order they are asked. */
export const SLOT_ORDER = ['category', 'place', 'target', 'time', 'evidence', 'demand', 'identity', 'contact'] as const;

/** One question of the intake form. */
export type SlotName = (typeof SLOT_ORDER)[number];

/** The outcome of reading a direct answer to a slot's question. */
export type AnswerResult = { ok: true } | { ok: false; reply: Reply };

/**
 * A slot declared as data, the way Rasa declares form slots: when it applies, when it is filled,
 * how facts fill it, how a direct answer fills it, and what to ask.
 */
export interface SlotSpec {
  name: SlotName;
  /** Whether "don't know" / "none" is an acceptable answer. */
  skippable: boolean;
  applies(d: Draft): boolean;
  filled(d: Draft): boolean;
  /** Copies what `f` says about this slot into `d`; `override` replaces a value already there. */
  fromFacts(d: Draft, f: Facts, override: boolean): boolean;
  /** Reads a direct answer to this slot's question when `fromFacts` found nothing. */
  fromAnswer(d: Draft, text: string, f: Facts): AnswerResult;
  clear(d: Draft): void;
  ask(d: Draft): Reply;
}

/** The ways a reporter may be identified, in the order the identity question numbers them. */
export const IDENTITY_CHOICES: readonly IdentityMode[] = ['anonymous', 'confidential', 'real_name'];
const MAX_FREE_TEXT = 500;
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{9,11}$/;

/** Whether digits are a number staff can call back: a mainland mobile or a landline with its area code. */
export function isContactPhone(digits: string): boolean {
  return MOBILE.test(digits) || LANDLINE.test(digits);
}

const reply = <K extends Reply['key']>(key: K, params: Extract<Reply, { key: K }>['params']): Reply =>
  ({ key, params }) as Reply;

const category: SlotSpec = {
  name: 'category',
  skippable: false,
  applies: () => true,
  filled: (d) => d.categories.length > 0,
  fromFacts(d, f, override) {
    if (f.categories.length === 0 || (d.categories.length > 0 && !override)) return false;
    d.categories = [...f.categories];
    d.subcategory = f.subcategory;
    return true;
  },
  fromAnswer(d, _text, f) {
    const picked = f.choice !== null ? CATEGORIES[f.choice - 1] : undefined;
    if (!picked) return { ok: false, reply: reply('ask_category_again', {}) };
    d.categories = [picked];
    if (d.subcategory && SUBCATEGORY_PARENT[d.subcategory] !== picked) d.subcategory = null;
    return { ok: true };
  },
  clear(d) {
    d.categories = [];
    d.subcategory = null;
  },
  ask: () => reply('ask_category', {}),
};

const placeFilled = (d: Draft): boolean => d.place.district !== null || d.place.zone !== null || d.place.outside;

const place: SlotSpec = {
  name: 'place',
  skippable: false,
  applies: () => true,
  filled: placeFilled,
  fromFacts(d, f, override) {
    const p = f.place;
    if ((!p.district && !p.zone) || (placeFilled(d) && !override)) return false;
    d.place = { ...d.place, district: p.district, town: p.town?.name ?? null, zone: p.zone, text: p.mention, outside: false };
    return true;
  },
  fromAnswer(_d, _text, f) {
    // Ambiguity and unknown names are answered by the machine, which knows the candidates.
    if (f.place.unknown) return { ok: false, reply: reply('place_unknown', { name: f.place.unknown }) };
    return { ok: false, reply: reply('ask_place_again', {}) };
  },
  clear(d) {
    d.place = { district: null, town: null, zone: null, text: null, pin: d.place.pin, outside: false };
  },
  ask: () => reply('ask_place', {}),
};

/**
 * A bare kind of source ("a factory", "a site") names nobody: leads like that are the ones not
 * accepted, so the form asks once for a name, a sign or a landmark instead of taking it.
 */
const VAGUE_TARGET = /^(?:一|有)?[家个座处]?(?:工厂|厂子?|工地|店|公司|企业|作坊|单位|factory|site|shop|company)$/i;

/**
 * A slot answered in the reporter's own words (target, time, demand): filled from the facts when
 * they carry it (and `accept` agrees), else from a direct answer, trimmed and capped.
 */
function freeTextSlot(
  name: 'target' | 'time' | 'demand',
  fromFacts: (f: Facts) => string | null,
  ask: Reply,
  accept: (value: string) => boolean = () => true,
): SlotSpec {
  return {
    name,
    skippable: true,
    applies: () => true,
    filled: (d) => d[name] !== null || d.skipped.includes(name),
    fromFacts(d, f, override) {
      const value = fromFacts(f);
      if (!value || !accept(value) || (d[name] && !override)) return false;
      d[name] = value;
      return true;
    },
    fromAnswer(d, text) {
      const value = text.trim().slice(0, MAX_FREE_TEXT);
      if (!/[\p{L}\p{N}]/u.test(value)) return { ok: false, reply: ask };
      d[name] = value;
      return { ok: true };
    },
    clear(d) {
      d[name] = null;
      if (name === 'time') d.night = false;
    },
    ask: () => ask,
  };
}

const target = freeTextSlot('target', (f) => f.target, reply('ask_target', {}), (v) => !VAGUE_TARGET.test(v.trim()));
const time = freeTextSlot('time', (f) => f.timeText, reply('ask_time', {}));
const demand = freeTextSlot('demand', (f) => f.demand, reply('ask_demand', {}));

const evidence: SlotSpec = {
  name: 'evidence',
  skippable: true,
  applies: () => true,
  filled: (d) => d.evidence.length > 0 || d.skipped.includes('evidence'),
  fromFacts: () => false,
  fromAnswer(_d, _text, f) {
    // "Yes, I have photos" is not a photo: invite them to send it.
    if (f.intents.includes('affirm')) return { ok: false, reply: reply('send_evidence_now', {}) };
    return { ok: false, reply: reply('ask_evidence', {}) };
  },
  clear(d) {
    d.evidence = [];
  },
  ask: () => reply('ask_evidence', {}),
};

const identity: SlotSpec = {
  name: 'identity',
  skippable: false,
  applies: () => true,
  filled: (d) => d.identity !== null,
  fromFacts(d, f, override) {
    if (!f.identityMode || (d.identity && !override)) return false;
    d.identity = f.identityMode;
    return true;
  },
  fromAnswer(d, _text, f) {
    const picked = f.choice !== null ? IDENTITY_CHOICES[f.choice - 1] : undefined;
    if (!picked) return { ok: false, reply: reply('ask_identity_again', {}) };
    d.identity = picked;
    return { ok: true };
  },
  clear(d) {
    d.identity = null;
  },
  ask: () => reply('ask_identity', {}),
};

const contact: SlotSpec = {
  name: 'contact',
  skippable: false,
  applies: (d) => d.identity === 'confidential' || d.identity === 'real_name',
  filled: (d) => d.contactPhone !== null && (d.identity !== 'real_name' || d.contactName !== null),
  fromFacts(d, f, override) {
    let changed = false;
    if (f.phone && isContactPhone(f.phone) && (!d.contactPhone || override)) {
      d.contactPhone = f.phone;
      changed = true;
    }
    if (f.name && (!d.contactName || override)) {
      d.contactName = f.name;
      changed = true;
    }
    return changed;
  },
  fromAnswer(d, text, f) {
    if (f.phone && !isContactPhone(f.phone)) return { ok: false, reply: reply('invalid_phone', {}) };
    // A real-name reporter who sent only a name after giving the phone: the text is the name.
    const bare = text.trim();
    if (d.contactPhone && !d.contactName && /^[\p{Script=Han}A-Za-z·. ]{2,20}$/u.test(bare)) {
      d.contactName = bare;
      return { ok: true };
    }
    return { ok: false, reply: d.contactPhone ? reply('ask_contact_name', {}) : reply('invalid_phone', {}) };
  },
  clear(d) {
    d.contactName = null;
    d.contactPhone = null;
  },
  ask: (d) => (d.contactPhone ? reply('ask_contact_name', {}) : reply('ask_contact', { realName: d.identity === 'real_name' })),
};

/** Every slot, by name. */
export const SLOTS: Record<SlotName, SlotSpec> = { category, place, target, time, evidence, demand, identity, contact };

/** The first slot still to ask, or null when the draft is complete. */
export function nextSlot(d: Draft): SlotSpec | null {
  for (const name of SLOT_ORDER) {
    const spec = SLOTS[name];
    if (spec.applies(d) && !spec.filled(d)) return spec;
  }
  return null;
}
