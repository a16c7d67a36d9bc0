import type { Draft, Evidence } from '../conversation/draft.js';
import type { Selectable } from 'kysely';
import type { CasesTable } from './schema.js';
import type { Lang } from '../understanding/facts.js';
import type { ProblemSite } from '../cases/repeats.js';

/**
 * The columns of a new case that come from the confirmed draft (the rest — number, reporter,
 * channel, time — come from the turn). Derived from the table type so the two cannot drift.
 */
export type CaseFields = Omit<Selectable<CasesTable>, 'id' | 'number' | 'status' | 'reporter_id' | 'channel' | 'registered_at' | 'evidence' | 'lang' | 'unit_id' | 'routing_rule' | 'supervised' | 'priority'> & {
  evidence: Evidence[];
  lang: Lang;
};

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

/** Where and what a draft is about, for finding open cases of the same problem. */
export function problemSite(d: Draft): ProblemSite {
  return {
    categories: d.categories,
    districtCode: d.place.district?.code ?? null,
    town: d.place.town,
    target: d.target,
    pin: d.place.pin,
  };
}
