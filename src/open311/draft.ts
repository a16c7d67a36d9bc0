import { SUBCATEGORY_PARENT, type Category } from '../cases/categories.js';
import { emptyDraft, type Draft } from '../conversation/draft.js';
import { isContactPhone, SLOT_ORDER, SLOTS } from '../conversation/slots.js';
import { CATALOGS } from '../i18n/render.js';
import { districtName } from '../i18n/summary.js';
import { resolvePin, type Pin } from '../places/pins.js';
import { resolvePlace } from '../places/resolve.js';
import type { District } from '../places/types.js';
import { localTime } from '../routing/calendar.js';
import type { Facts, IdentityMode, Lang } from '../understanding/facts.js';
import { isNightAt } from '../understanding/rules/time.js';
import { refuse, type Open311Answer } from './answer.js';
import type { AttributeValues, PostBody } from './request.js';
import { ERRORS, type Bilingual } from './text.js';

/** What the chat's understanding made of a request's words: its description, and its `time` attribute. */
export interface RequestFacts {
  description: Facts;
  time: Facts | null;
}

/** A request as a complete report, or why it cannot be one. */
export type RequestDraft = { ok: true; draft: Draft; lang: Lang; email: string | null } | { ok: false; answer: Open311Answer };

/** The text slots an attribute answers as the chat's direct answer would. */
const FREE_TEXT = ['target', 'time', 'demand'] as const;

const names = (ds: District[]): Bilingual => ({ zh: ds.map((d) => districtName(d, 'zh')).join('、'), en: ds.map((d) => districtName(d, 'en')).join('; ') });
const both = (d: District): Bilingual => ({ zh: districtName(d, 'zh'), en: districtName(d, 'en') });
const OUTSIDE: Bilingual = { zh: CATALOGS.zh.labels.outside, en: CATALOGS.en.labels.outside };

/** A person's name from the spec's two fields: 张 + 三 → 张三, Ada + Lovelace → Ada Lovelace. */
function personName(first: string | undefined, last: string | undefined): string | null {
  if (!first && !last) return null;
  const han = /\p{Script=Han}/u.test(`${first ?? ''}${last ?? ''}`);
  return han ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ');
}

/** The digits of a phone number as people write it: spaces, dashes, brackets and +86 dropped. */
function phoneDigits(raw: string): string {
  return raw.replace(/[\s\-()（）]/g, '').replace(/^(?:\+|00)86/, '');
}

/**
 * Turns a checked Open311 request into the draft the chat would have at confirmation, with the
 * chat's own slot definitions: the description's facts fill the form as a first message does,
 * the attributes answer their questions as direct answers do, and what is still open decides.
 * A question the chat lets the reporter skip is skipped; the place and, for a confidential or
 * real-name report, the contact must be there, or the request is refused naming the field. Pure.
 */
export function draftFromRequest(body: PostBody, category: Category, attributes: AttributeValues, facts: RequestFacts, now: Date, timeZone: string): RequestDraft {
  const f = facts.description;
  const d = emptyDraft(now);
  const problems: Bilingual[] = [];
  d.description.push(body.description);
  for (const name of SLOT_ORDER) SLOTS[name].fromFacts(d, f, false);
  // A phone or name in the description may be the reported unit's: the API's contact is its fields.
  SLOTS.contact.clear(d);
  d.night = f.night || (facts.time?.night ?? false);
  d.urgent = f.urgent;
  d.repeat = f.repeat;

  // The service is the category; the words may add others (a smoky, noisy site is both).
  d.categories = [category, ...f.categories.filter((c) => c !== category)];
  const sub = attributes.subcategory ?? f.subcategory;
  d.subcategory = sub && SUBCATEGORY_PARENT[sub as keyof typeof SUBCATEGORY_PARENT] === category ? (sub as Draft['subcategory']) : null;

  const place = placeOf(body, d, f);
  if (place) problems.push(place);

  for (const name of FREE_TEXT) {
    const value = attributes[name];
    if (value !== undefined && !SLOTS[name].fromAnswer(d, value, f).ok) problems.push(ERRORS.invalid(`attribute[${name}]`, 'no letters or digits'));
  }
  if (attributes.observed_at) {
    const at = new Date(attributes.observed_at);
    const local = localTime(at, timeZone);
    d.time ??= `${local.date} ${String(Math.floor(local.minute / 60)).padStart(2, '0')}:${String(local.minute % 60).padStart(2, '0')}`;
    d.night ||= isNightAt(at, timeZone);
  }
  if (body.media_url) d.evidence.push({ kind: 'photo', ref: body.media_url });

  // Identity: as asked, as the words say (我要匿名), or from whether a contact was left.
  const phone = body.phone ? phoneDigits(body.phone) : null;
  if (phone !== null && !isContactPhone(phone)) problems.push(ERRORS.phone);
  const identity: IdentityMode = (attributes.identity as IdentityMode | undefined) ?? d.identity ?? (body.phone || body.email ? 'confidential' : 'anonymous');
  d.identity = identity;
  // An anonymous report keeps no contact at all: what is not stored cannot leak.
  const keep = identity !== 'anonymous';
  d.contactName = keep ? personName(body.first_name, body.last_name) : null;
  d.contactPhone = keep ? phone : null;
  const email = keep ? (body.email ?? null) : null;

  for (const name of SLOT_ORDER) {
    const slot = SLOTS[name];
    if (!slot.applies(d) || slot.filled(d)) continue;
    if (slot.skippable) d.skipped.push(name);
    else if (name === 'contact') {
      // The chat asks for a phone; an API client's e-mail is as good a way to send the answer.
      if (d.contactName === null && identity === 'real_name') problems.push(ERRORS.name_required);
      if (d.contactPhone === null && email === null) problems.push(ERRORS.contact_required);
    } else if (name === 'place' && !place) problems.push(f.place.ambiguous.length > 0 ? ERRORS.place_ambiguous(names(f.place.ambiguous)) : ERRORS.place_unclear);
  }
  if (problems.length > 0) return { ok: false, answer: refuse(400, ...problems) };
  return { ok: true, draft: d, lang: f.lang, email };
}

/**
 * Puts the place into the draft: the address string over the description's place words, and the
 * pin over both where they differ only in words, since a position is what the reporter saw on
 * the map. A pin and an address in different districts are refused rather than guessed between,
 * as the chat asks rather than guesses. Returns the problem, or null.
 */
function placeOf(body: PostBody, d: Draft, f: Facts): Bilingual | null {
  let ambiguous: District[] = [];
  let addressDistrict: District | null = null;
  if (body.address_string) {
    const a = resolvePlace(body.address_string, { city: d.place.district?.city ?? null });
    if (a.district || a.zone) {
      d.place = { ...d.place, district: a.district, town: a.town?.name ?? null, zone: a.zone, outside: false };
      addressDistrict = a.district;
    } else if (a.ambiguous.length > 0) {
      // The description may already name one of the candidates (太平镇 in 郫都区's words).
      const named = a.ambiguous.find((c) => c.code === d.place.district?.code);
      if (named) addressDistrict = named;
      else ambiguous = a.ambiguous;
    } else if (a.unknown && body.lat === undefined) return ERRORS.place_unknown(a.unknown);
    // Staff read the full address; the public never does (requests show the town at most).
    d.place.text = body.address_string;
  }
  if (body.lat === undefined || body.long === undefined) {
    return ambiguous.length > 0 ? ERRORS.place_ambiguous(names(ambiguous)) : null;
  }
  const pin: Pin = { lat: body.lat, lng: body.long, datum: 'wgs84' };
  const where = resolvePin(pin);
  if (where.status === 'invalid') return ERRORS.pin_invalid;
  d.place.pin = pin;
  if (where.status === 'outside') {
    if (addressDistrict) return ERRORS.place_disagrees(both(addressDistrict), OUTSIDE);
    // Outside Sichuan: the triage desk checks it, as for a chat pin.
    d.place = { ...d.place, district: null, town: null, zone: null, outside: true };
    return null;
  }
  const options = [where.district, ...where.nearBorder];
  if (addressDistrict) {
    return options.some((o) => o.code === addressDistrict.code) ? null : ERRORS.place_disagrees(both(addressDistrict), both(where.district));
  }
  const candidate = (ambiguous.length > 0 ? ambiguous : [d.place.district]).find((c) => c && options.some((o) => o.code === c.code));
  if (candidate) d.place = { ...d.place, district: candidate, town: candidate.code === d.place.district?.code ? d.place.town : null, outside: false };
  else d.place = { ...d.place, district: where.district, town: null, zone: null, outside: false };
  return null;
}
