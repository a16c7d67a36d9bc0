import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { LifecycleEvent } from '../../cases/lifecycle.js';
import { ZONES } from '../../places/aliases.js';
import { gazetteer } from '../../places/gazetteer.js';
import { tallyStats, type CaseStats, type StatsCase } from '../../reports/case-stats.js';
import type { Database } from '../schema.js';
import type { LifecycleDeps } from './lifecycle.js';

export type { CaseStats, StatsCounts } from '../../reports/case-stats.js';

/** Which cases a statistic covers; an empty scope covers every case. */
export interface StatsScope {
  province?: string;
  city?: string;
  /** The unit that owns the case now. */
  unitId?: string;
}

/** The event types the case clocks and the statistics read; notes, reminders and pages pass by. */
const COUNTED_EVENTS = ['registered', 'accepted', 'not_accepted', 'forwarded', 'sent_back', 'in_progress', 'extended', 'answered', 'reopened', 'rated', 'closed'];

/** The province a city belongs to, from the gazetteer. */
function provinceOfCity(city: string): string | null {
  const g = gazetteer();
  const i = g.cityByName.get(city)?.[0];
  const p = i === undefined ? undefined : g.provinces[g.cities[i]!.province];
  return p?.name ?? null;
}

/**
 * The SQL condition on `cases c` for a scope. A report placed only in a functional zone
 * (成都高新区) has no city or province of its own: it belongs to its zone's city.
 */
export function scopeCondition(scope: StatsScope): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [sql<boolean>`true`];
  const inZones = (zones: readonly string[]) => (zones.length > 0 ? sql`or (c.city is null and c.zone in (${sql.join(zones)}))` : sql``);
  if (scope.province !== undefined) {
    parts.push(sql<boolean>`(c.province = ${scope.province} ${inZones(ZONES.filter((z) => provinceOfCity(z.city) === scope.province).map((z) => z.name))})`);
  }
  if (scope.city !== undefined) parts.push(sql<boolean>`(c.city = ${scope.city} ${inZones(ZONES.filter((z) => z.city === scope.city).map((z) => z.name))})`);
  if (scope.unitId !== undefined) parts.push(sql<boolean>`c.unit_id = ${scope.unitId}`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** The SQL condition that `column` falls on the local days `from`..`to` (inclusive) in `timeZone`. */
export function onLocalDays(column: RawBuilder<Date>, from: string, to: string, timeZone: string): RawBuilder<boolean> {
  return sql<boolean>`(${column} >= cast(${from} as date)::timestamp at time zone ${timeZone} and ${column} < (cast(${to} as date) + 1)::timestamp at time zone ${timeZone})`;
}

/** A case's place as the statistics group it: city and district, or its zone, or '' when unknown. */
export const DISTRICT_KEY = sql<string>`coalesce(c.city || c.district_name, c.zone, '')`;

/**
 * The statistics of the cases registered on the local days `q.from`..`q.to` (inclusive, in
 * `lifecycle.timeZone`) within `q.scope` (an empty scope: every case), as they stood at `now`.
 * The counts are defined on {@link CaseStats} and `StatsCounts` (src/reports/case-stats.ts);
 * deadlines come from the case clocks with the holiday calendar. One statement, whatever the
 * number of cases. The dates must be valid YYYY-MM-DD (see `checkPeriod`).
 */
export async function caseStats(db: Kysely<Database>, q: { from: string; to: string; scope: StatsScope }, lifecycle: LifecycleDeps, now: Date): Promise<CaseStats> {
  // One row per case with its events as JSON: on PGlite, rows cost more than bytes (this is ~40%
  // faster than one row per event). Only what the clocks read comes back: type, time, an
  // extension's days, a rating.
  const { rows } = await sql<{ district: string; categories: string[]; events: [string, string, number | null, string | null][] | null }>`
    select ${DISTRICT_KEY} as district, c.categories,
      (select json_agg(json_build_array(e.type, e.at, e.data->'days', e.data->'rating') order by e.id)
       from case_events e where e.case_id = c.id and e.type in (${sql.join(COUNTED_EVENTS)})) as events
    from cases c
    where ${scopeCondition(q.scope)} and ${onLocalDays(sql`c.registered_at`, q.from, q.to, lifecycle.timeZone)}`.execute(db);
  const cases = rows.map(
    (r): StatsCase => ({
      district: r.district,
      categories: r.categories,
      events: (r.events ?? []).map(([type, at, days, rating]): LifecycleEvent => ({ type, at: new Date(at), actor: '', data: { ...(days !== null ? { days } : {}), ...(rating !== null ? { rating } : {}) } })),
    }),
  );
  return tallyStats(q.from, q.to, cases, lifecycle, now);
}
