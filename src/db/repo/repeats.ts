import { sql, type Kysely } from 'kysely';
import type { Category } from '../../cases/categories.js';
import { pinSearchBox, repeatsCallForSupervision, sameProblem, type ProblemSite, type RepeatPolicy } from '../../cases/repeats.js';
import { OPEN_STATUSES } from '../../cases/status.js';
import type { CaseStatusView } from '../../i18n/catalog.js';
import type { Database } from '../schema.js';
import { applyTo, lockCase, type LifecycleDeps } from './lifecycle.js';

/** At most this many open cases are offered to join: a phone screen, and a choice people can make. */
const MAX_OFFERED = 3;

/**
 * Open cases that are the same problem as a new report (see `sameProblem`), newest first. The
 * database narrows by status, time, a shared category and place — pins in the box a match needs
 * ({@link pinSearchBox}), cases without a pin in the same district — and the rules decide. (It
 * once took the newest 200 of the category province-wide for a pinned report: at a million cases
 * that reached back half a day and missed most nearby ones.)
 */
export async function findDuplicates(db: Kysely<Database>, report: ProblemSite, policy: RepeatPolicy, now: Date): Promise<CaseStatusView[]> {
  if (report.categories.length === 0 || (!report.districtCode && !report.pin)) return [];
  const since = new Date(now.getTime() - policy.windowDays * 86_400_000);
  const rows = await db
    .selectFrom('cases')
    .select(['number', 'status', 'categories', 'district_code', 'district_name', 'city', 'zone', 'town', 'target', 'lat', 'lng', 'datum', 'registered_at'])
    .where('status', 'in', OPEN_STATUSES as string[])
    .where('registered_at', '>=', since)
    .where(sql<boolean>`categories && ${sql.val(report.categories as string[])}::text[]`)
    .where((eb) => {
      const sameDistrict = eb('district_code', '=', report.districtCode);
      if (!report.pin) return sameDistrict;
      const box = pinSearchBox(report.pin, report.categories, policy);
      const inBox = eb.and([eb('lat', '>=', box.minLat), eb('lat', '<=', box.maxLat), eb('lng', '>=', box.minLng), eb('lng', '<=', box.maxLng)]);
      return report.districtCode ? eb.or([inBox, eb.and([eb('lat', 'is', null), sameDistrict])]) : inBox;
    })
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows
    .filter((r) =>
      sameProblem(
        report,
        {
          categories: r.categories as Category[],
          districtCode: r.district_code,
          town: r.town,
          target: r.target,
          pin: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng, datum: r.datum ?? 'wgs84' } : null,
          registeredAt: new Date(r.registered_at),
        },
        policy,
        now,
      ),
    )
    .slice(0, MAX_OFFERED)
    .map((r) => ({ number: r.number, status: r.status, categories: r.categories as Category[], district: r.district_name ? `${r.city ?? ''}${r.district_name}` : r.zone }));
}

/** How many people follow a case and how many times it was reported again. */
export async function repeatCounts(db: Kysely<Database>, caseId: string): Promise<{ reporters: number; repeats: number }> {
  const { rows } = await sql<{ reporters: number; repeats: number }>`
    select (select count(*) from case_reporters where case_id = ${caseId})::int as reporters,
      (select count(*) from case_events where case_id = ${caseId} and type = 'repeated')::int as repeats`.execute(db);
  return rows[0] ?? { reporters: 0, repeats: 0 };
}

/** The result of joining: the case's counts after it, and any notices queued. */
export interface Joined {
  number: string;
  reporters: number;
  repeats: number;
  supervised: boolean;
  /** The unit that owns the case. */
  unitId: string | null;
}

/**
 * Adds a reporter's report to an open case instead of opening a new one: they follow it from now
 * on (a reporter already following it counts as a repeat), and the report is kept in the case's
 * events. The join that reaches the policy's threshold raises the case's priority and puts it
 * under supervision, once. Null when the case is no longer open. Runs in the caller's transaction.
 */
export async function joinCase(
  db: Kysely<Database>,
  number: string,
  reporterId: string,
  // No message id when the report did not come as a chat message (an Open311 request).
  report: { description: string; messageId: string | null },
  now: Date,
  deps: LifecycleDeps & { repeats: RepeatPolicy },
): Promise<Joined | null> {
  // Joins of one case queue on its row: without that, reporters joining at once each count only
  // their own uncommitted row, and none of them sees the threshold reached (found on PostgreSQL
  // in CI with 8 at once). NO KEY UPDATE, so it never conflicts with the rows that reference it.
  const c = await db.selectFrom('cases').select(['id', 'status', 'supervised', 'unit_id']).where('number', '=', number).forNoKeyUpdate().executeTakeFirst();
  if (!c || !(OPEN_STATUSES as readonly string[]).includes(c.status)) return null;
  const added = await db
    .insertInto('case_reporters')
    .values({ case_id: c.id, reporter_id: reporterId, role: 'joined', joined_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('reporter_id')
    .execute();
  const type = added.length > 0 ? 'joined' : 'repeated';
  await db
    .insertInto('case_events')
    .values({ case_id: c.id, at: now, actor: `reporter:${reporterId}`, type, data: JSON.stringify({ description: report.description, message_id: report.messageId }) })
    .execute();
  const counts = await repeatCounts(db, c.id);
  let supervised = c.supervised;
  if (!supervised && repeatsCallForSupervision(counts.reporters, counts.repeats, deps.repeats)) {
    const locked = await lockCase(db, number);
    if (locked && !locked.supervised) {
      const r = await applyTo(db, locked, { kind: 'supervise', reason: `repeats: ${counts.reporters} reporters, ${counts.repeats} repeats` }, 'system:repeats', now, deps);
      if (r.ok) await db.updateTable('cases').set({ priority: sql`priority + 1` }).where('id', '=', c.id).execute();
    }
    supervised = true;
  }
  return { number, ...counts, supervised, unitId: c.unit_id };
}

/**
 * Merges case `from` into case `into` (staff found them to be one problem): `from` is closed as
 * merged and its followers are told and follow `into` from now on. Both rows are locked in number
 * order so two opposite merges cannot deadlock.
 */
export async function mergeCases(db: Kysely<Database>, from: string, into: string, actor: string, now: Date, deps: LifecycleDeps): Promise<{ ok: true; outboxIds: string[] } | { ok: false; why: 'not_found' | 'wrong_status' | 'same_unit' }> {
  if (from === into) return { ok: false, why: 'same_unit' };
  const [first, second] = [from, into].sort();
  const locked = [await lockCase(db, first!), await lockCase(db, second!)];
  const a = locked.find((c) => c?.number === from);
  const b = locked.find((c) => c?.number === into);
  if (!a || !b) return { ok: false, why: 'not_found' };
  if (!(OPEN_STATUSES as readonly string[]).includes(b.status)) return { ok: false, why: 'wrong_status' };
  const applied = await applyTo(db, a, { kind: 'merge_into', into }, actor, now, deps);
  if (!applied.ok) return { ok: false, why: 'wrong_status' };
  await sql`insert into case_reporters (case_id, reporter_id, role, notify, joined_at)
    select ${b.id}, reporter_id, 'joined', notify, ${now} from case_reporters where case_id = ${a.id}
    on conflict (case_id, reporter_id) do nothing`.execute(db);
  await db.insertInto('case_events').values({ case_id: b.id, at: now, actor, type: 'merged_in', data: JSON.stringify({ from }) }).execute();
  return { ok: true, outboxIds: applied.outboxIds };
}
