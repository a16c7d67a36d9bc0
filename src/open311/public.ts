import { FINDINGS, type Finding, type LifecycleEvent } from '../cases/lifecycle.js';
import type { CaseStatus } from '../cases/status.js';
import type { Category, Subcategory } from '../cases/categories.js';
import { CATALOGS } from '../i18n/render.js';
import { districtName } from '../i18n/summary.js';
import { gcj02ToWgs84 } from '../places/geometry.js';
import type { District } from '../places/types.js';
import type { Units } from '../routing/units.js';
import { staffClocks, type ClockSettings } from '../staff/case-view.js';
import { bilingual, publicDescription, STATUS_NOTES, STEP_NOTES, type Bilingual } from './text.js';
import { endOfLocalDay, isoLocal } from './time.js';

/** Open311's two statuses. */
export type PublicStatus = 'open' | 'closed';

/**
 * Our statuses as Open311's: a case is closed once it was answered (the finding is out, even if
 * the reporter may still ask for review and reopen it), not accepted, or closed.
 */
export const PUBLIC_STATUS: Record<CaseStatus, PublicStatus> = {
  registered: 'open',
  accepted: 'open',
  forwarded: 'open',
  in_progress: 'open',
  answered: 'closed',
  not_accepted: 'closed',
  closed: 'closed',
};

/** Our statuses that are shown as any of `wanted`. */
export function statusesOf(wanted: readonly PublicStatus[]): CaseStatus[] {
  return (Object.keys(PUBLIC_STATUS) as CaseStatus[]).filter((s) => wanted.includes(PUBLIC_STATUS[s]));
}

/**
 * The columns of a case that may be published, and nothing else: no description, reported unit,
 * address text, evidence or contact is ever read for the public API.
 */
export interface PublicCaseRow {
  number: string;
  status: CaseStatus;
  categories: string[];
  subcategory: string | null;
  district_code: string | null;
  district_name: string | null;
  city: string | null;
  province: string | null;
  town: string | null;
  zone: string | null;
  lat: number | null;
  lng: number | null;
  datum: string | null;
  unit_id: string | null;
  registered_at: Date;
}

/** A service request as `requests.json` shows it. */
export interface PublicRequest {
  service_request_id: string;
  status: PublicStatus;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat?: number;
  long?: number;
  media_url: null;
}

/**
 * How coarse a published position is, in degrees (about 5.5 km north–south and 4.8 km east–west
 * in Sichuan): about the size of a town. A pin is where the reporter stood or lives as often as
 * where the smoke is, and a neighbour's noise complaint pinned at a house names the house; so
 * the position is snapped to the centre of its grid cell, never shown as sent.
 */
export const PUBLIC_GRID_DEGREES = 0.05;

const snap = (v: number): number => Number((Math.round(v / PUBLIC_GRID_DEGREES) * PUBLIC_GRID_DEGREES).toFixed(2));

/** The steps of a case a reporter's timeline shows; the latest is when a request was updated. */
const PUBLIC_STEPS: ReadonlySet<string> = new Set(Object.keys(CATALOGS.zh.labels.events));

/** What a request reads with the case: units, clocks and the time zone dates are written in. */
export interface PublicContext {
  units: Units;
  clocks: ClockSettings;
  now: Date;
}

const districtOf = (r: PublicCaseRow): District | null =>
  r.district_code && r.district_name ? { code: r.district_code, name: r.district_name, city: r.city ?? '', province: r.province ?? '' } : null;

/** Where, at town level at most: district and town (or zone), in both languages; null when unknown. */
function whereOf(r: PublicCaseRow): Bilingual | null {
  const d = districtOf(r);
  if (d) return { zh: `${districtName(d, 'zh')}${r.town ?? ''}`, en: `${districtName(d, 'en')}${r.town ? ` (${r.town})` : ''}` };
  return r.zone ? { zh: r.zone, en: r.zone } : null;
}

/** The category, and the subcategory when there is one, in both languages. */
function whatOf(r: PublicCaseRow): Bilingual {
  const c = (r.categories[0] ?? 'other') as Category;
  const s = r.subcategory as Subcategory | null;
  const [zh, en] = [CATALOGS.zh.labels, CATALOGS.en.labels];
  return s && zh.subcategories[s] ? { zh: `${zh.categories[c]}（${zh.subcategories[s]}）`, en: `${en.categories[c]} (${en.subcategories[s]})` } : { zh: zh.categories[c], en: en.categories[c] };
}

/** The public note of where a case stands, from its status and its last steps. */
function statusNotes(status: CaseStatus, events: readonly LifecycleEvent[]): Bilingual {
  const last = (type: string) => [...events].reverse().find((e) => e.type === type);
  const merged = last('merged');
  if (status === 'closed' && merged && typeof merged.data.into === 'string') return STEP_NOTES.merged(merged.data.into);
  const finding = status === 'answered' ? last('answered')?.data.finding : undefined;
  if (FINDINGS.includes(finding as Finding)) {
    const f = finding as Finding;
    return STEP_NOTES.answered({ zh: CATALOGS.zh.labels.findings[f], en: CATALOGS.en.labels.findings[f] });
  }
  return STATUS_NOTES[status];
}

/**
 * A case as the public may see it. Never who reported it, nor their words: the description is
 * the category and the town, the address stops at the town, a position is snapped to a town-sized
 * grid, the notes are the step it reached (and the finding), and the expected date is the answer
 * deadline of the case's own clocks. Pure.
 */
export function publicRequest(r: PublicCaseRow, events: readonly LifecycleEvent[], ctx: PublicContext): PublicRequest {
  const tz = ctx.clocks.timeZone;
  const code = (r.categories[0] ?? 'other') as Category;
  const unit = r.unit_id ? ctx.units.get(r.unit_id) : undefined;
  const answer = staffClocks(r.status, events, ctx.clocks, ctx.now).running.find((d) => d.kind === 'answer');
  const updated = events.filter((e) => PUBLIC_STEPS.has(e.type)).reduce((a, e) => (e.at > a ? e.at : a), r.registered_at);
  const where = whereOf(r);
  const pin = r.lat !== null && r.lng !== null ? (r.datum === 'gcj02' ? gcj02ToWgs84(r.lng, r.lat) : [r.lng, r.lat]) : null;
  return {
    service_request_id: r.number,
    status: PUBLIC_STATUS[r.status],
    status_notes: bilingual(statusNotes(r.status, events)),
    service_name: CATALOGS.zh.labels.categories[code],
    service_code: code,
    description: bilingual(publicDescription(whatOf(r), where)),
    agency_responsible: unit ? bilingual({ zh: unit.name, en: unit.name_en ?? unit.name }) : null,
    service_notice: null,
    requested_datetime: isoLocal(r.registered_at, tz),
    updated_datetime: isoLocal(updated, tz),
    expected_datetime: answer ? endOfLocalDay(answer.due, tz) : null,
    address: where?.zh ?? null,
    address_id: null,
    zipcode: null,
    ...(pin ? { lat: snap(pin[1]!), long: snap(pin[0]!) } : {}),
    media_url: null,
  };
}
