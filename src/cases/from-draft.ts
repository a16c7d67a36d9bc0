import type { Draft, Evidence } from '../conversation/draft.js';
import type { Lang } from '../understanding/facts.js';

/** The columns of a new case, derived from a confirmed draft. Pure, so it is tested without a database; names are column names. */
export interface CaseFields {
  categories: string[];
  subcategory: string | null;
  description: string;
  target: string | null;
  place_text: string | null;
  district_code: string | null;
  district_name: string | null;
  city: string | null;
  province: string | null;
  town: string | null;
  zone: string | null;
  lat: number | null;
  lng: number | null;
  datum: string | null;
  time_text: string | null;
  night: boolean;
  urgent: boolean;
  repeat: boolean;
  evidence: Evidence[];
  demand: string | null;
  identity_mode: string;
  contact_name: string | null;
  contact_phone: string | null;
  lang: Lang;
}

/**
 * Maps a confirmed draft to case columns. An anonymous report stores no contact at all: what is
 * not stored cannot leak.
 */
export function caseFieldsFromDraft(d: Draft, lang: Lang): CaseFields {
  const identity = d.identity ?? 'anonymous';
  const keepContact = identity !== 'anonymous';
  return {
    categories: d.categories.length > 0 ? d.categories : ['other'],
    subcategory: d.subcategory,
    description: d.description.join('\n'),
    target: d.target,
    place_text: d.place.text,
    district_code: d.place.district?.code ?? null,
    district_name: d.place.district?.name ?? null,
    city: d.place.district?.city ?? null,
    province: d.place.district?.province ?? null,
    town: d.place.town,
    zone: d.place.zone,
    lat: d.place.pin?.lat ?? null,
    lng: d.place.pin?.lng ?? null,
    datum: d.place.pin?.datum ?? null,
    time_text: d.time,
    night: d.night,
    urgent: d.urgent,
    repeat: d.repeat,
    evidence: d.evidence,
    demand: d.demand,
    identity_mode: identity,
    contact_name: keepContact ? d.contactName : null,
    contact_phone: keepContact ? d.contactPhone : null,
    lang,
  };
}
