import { caseEvent } from '../db/repo/staff-actions.js';
import { caseByNumber, countCases, eventsOf, listCases, reporterOf, type CaseListFilter, type CaseListRow } from '../db/repo/staff-cases.js';
import type { CaseStatus } from '../cases/status.js';
import type { Evidence } from '../conversation/draft.js';
import type { Units } from '../routing/units.js';
import { mayHandle, seesAllUnits, seesIdentity, type StaffCaller } from '../staff/access.js';
import { redactEntry, staffClocks, withoutPhones } from '../staff/case-view.js';
import { badRequest, refused, type ApiAnswer } from './answers.js';
import { caseListQuery, caseNumber } from './bodies.js';
import type { StaffApiDeps } from './service.js';

/** A unit as the console shows it; a unit no longer in units.yaml keeps its id. */
function unitView(units: Units, id: string | null): { id: string; name: string; name_en: string } | null {
  if (id === null) return null;
  const u = units.get(id);
  return { id, name: u?.name ?? id, name_en: u?.name_en ?? u?.name ?? id };
}

const district = (r: { district_name: string | null; city: string | null; zone: string | null }): string | null => (r.district_name ? `${r.city ?? ''}${r.district_name}` : r.zone);

/**
 * The caller's cases, most urgent first, each with its next deadline. Filtering on `overdue` reads
 * every open case in scope, because whether a clock has run out depends on the holiday calendar.
 */
export async function listForStaff(deps: StaffApiDeps, caller: StaffCaller, query: unknown): Promise<ApiAnswer> {
  const q = caseListQuery.safeParse(query);
  if (!q.success) return badRequest(q.error.issues);
  const { limit, offset, ...rest } = q.data;
  const filter: CaseListFilter = { unitId: seesAllUnits(caller, deps.triageUnit) ? null : caller.unitId, ...rest };
  const now = deps.clock();
  const withClocks = async (rows: CaseListRow[]) => {
    const events = await eventsOf(deps.db, rows.map((r) => r.id));
    return rows.map((r) => ({ row: r, running: staffClocks(r.status, events.get(r.id) ?? [], deps.lifecycle, now).running }));
  };
  let total: number;
  let page: Awaited<ReturnType<typeof withClocks>>;
  if (filter.overdue === undefined) {
    total = await countCases(deps.db, filter);
    page = await withClocks(await listCases(deps.db, filter, { limit, offset }));
  } else {
    const matching = (await withClocks(await listCases(deps.db, filter))).filter((c) => c.running.some((d) => d.overdue) === filter.overdue);
    total = matching.length;
    page = matching.slice(offset, offset + limit);
  }
  const cases = page.map(({ row: r, running }) => ({
    number: r.number,
    status: r.status,
    categories: r.categories,
    district: district(r),
    unit: unitView(deps.lifecycle.units, r.unit_id),
    supervised: r.supervised,
    priority: r.priority,
    registered_at: r.registered_at,
    next_deadline: running[0] ?? null,
    overdue: running.some((d) => d.overdue),
  }));
  return { kind: 'ok', body: { total, limit, offset, cases } };
}

/**
 * One case for staff: what was reported, its timeline and clocks, never who reported it — unless
 * the caller may know (a supervisor, a case not reported anonymously) and `reveal` asks for it,
 * and then only after an `identity_viewed` event records who looked. `may_reveal` tells the
 * caller whether asking would show it.
 */
export async function viewForStaff(deps: StaffApiDeps, caller: StaffCaller, numberParam: string, reveal = true): Promise<ApiAnswer> {
  const number = caseNumber.safeParse(numberParam);
  if (!number.success) return refused('not_found', numberParam, 'not_found');
  const c = await caseByNumber(deps.db, number.data);
  if (!c) return refused('not_found', number.data, 'not_found');
  if (!mayHandle(caller, c.unit_id, deps.triageUnit)) return refused('forbidden', number.data, 'other_unit');
  const now = deps.clock();
  const mayReveal = seesIdentity(caller, c.identity_mode);
  const identity = mayReveal && reveal;
  // The audit row is written before the identity is read: if it cannot be written, nothing is shown.
  if (identity) await caseEvent(deps.db, c.id, now, `staff:${caller.handle}`, 'identity_viewed', {});
  const reporter = identity ? await reporterOf(deps.db, c.id) : null;
  const events = (await eventsOf(deps.db, [c.id])).get(c.id) ?? [];
  const text = identity ? (t: string | null) => t : withoutPhones;
  const status = c.status as CaseStatus;
  return {
    kind: 'ok',
    body: {
      case: {
        number: c.number,
        status,
        categories: c.categories,
        subcategory: c.subcategory,
        description: text(c.description),
        target: text(c.target),
        place: { text: text(c.place_text), district: district(c), district_code: c.district_code, town: c.town, zone: c.zone, lat: c.lat, lng: c.lng, datum: c.datum },
        time: text(c.time_text),
        night: c.night,
        urgent: c.urgent,
        demand: text(c.demand),
        identity_mode: c.identity_mode,
        unit: unitView(deps.lifecycle.units, c.unit_id),
        supervised: c.supervised,
        priority: c.priority,
        registered_at: c.registered_at,
        followers: c.followers,
        // What the reporter sent, by the hash the evidence store keeps it under; the platform's own
        // file reference is left out (it is the reporter's upload on their account).
        evidence: (c.evidence as Evidence[]).map((e) => ({ kind: e.kind, sha256: e.sha256 ?? null, size: e.size ?? null })),
      },
      may_reveal: mayReveal,
      timeline: identity ? events : events.map(redactEntry),
      clocks: staffClocks(status, events, deps.lifecycle, now),
      reporter,
    },
  };
}
