import type { Draft } from '../conversation/draft.js';
import type { SlotName } from '../conversation/slots.js';
import { districtInEnglish } from '../places/english.js';
import { maskPhone } from '../privacy/mask.js';
import type { District } from '../places/types.js';
import type { Lang } from '../understanding/facts.js';
import type { Labels } from './catalog.js';

/** A district as a reporter reads it: `成都市郫都区`, or `Pidu District, Chengdu` in English. */
export function districtName(d: District, lang: Lang): string {
  if (lang === 'en') return districtInEnglish(d);
  return d.city === d.name ? d.name : `${d.city}${d.name}`;
}

/** Where, in words: district, town and zone, or the pin. */
export function placeText(draft: Draft, labels: Labels): string {
  const p = draft.place;
  const parts = [p.district ? districtName(p.district, labels.lang) : null, p.town, p.zone && !p.town ? p.zone : null].filter(Boolean);
  if (parts.length > 0) return parts.join(' ');
  if (!p.pin) return labels.unknown;
  const at = `${p.pin.lat.toFixed(5)}, ${p.pin.lng.toFixed(5)}`;
  return p.outside ? `${at}（${labels.outside}）` : at;
}

/** The value of one slot as shown in a summary; the phone is masked even to its owner's screen. */
export function slotValue(draft: Draft, slot: SlotName, labels: Labels): string {
  const skipped = draft.skipped.includes(slot) ? labels.unknown : null;
  switch (slot) {
    case 'category': {
      const cats = draft.categories.map((c) => labels.categories[c]).join('、');
      const sub = draft.subcategory ? labels.subcategories[draft.subcategory] : null;
      if (!sub) return cats || labels.unknown;
      return labels.lang === 'zh' ? `${cats}（${sub}）` : `${cats} (${sub})`;
    }
    case 'place':
      return placeText(draft, labels);
    case 'target':
      return draft.target ?? skipped ?? labels.unknown;
    case 'time':
      return draft.time ?? skipped ?? labels.unknown;
    case 'evidence':
      return draft.evidence.length > 0 ? String(draft.evidence.length) : labels.none;
    case 'demand':
      return draft.demand ?? labels.none;
    case 'identity':
      return draft.identity ? labels.identity[draft.identity] : labels.unknown;
    case 'contact':
      return [draft.contactName, draft.contactPhone ? maskPhone(draft.contactPhone) : null].filter(Boolean).join(' ') || labels.none;
  }
}


/** The summary lines `label：value` for every slot that applies to the draft. */
export function summaryLines(draft: Draft, labels: Labels, slots: readonly SlotName[], separator: string): string[] {
  return slots
    .filter((s) => s !== 'contact' || draft.identity === 'confidential' || draft.identity === 'real_name')
    .map((s) => `${labels.slots[s]}${separator}${slotValue(draft, s, labels)}`);
}
