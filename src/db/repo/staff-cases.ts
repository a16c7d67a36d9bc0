import { sql, type Kysely, type Selectable } from 'kysely';
import type { TimelineEntry } from '../../staff/case-view.js';
import { OPEN_STATUSES, type CaseStatus } from '../../cases/status.js';
import type { CasesTable, Database } from '../schema.js';

/** Which cases a list shows. `overdue` (either way) lists open cases only: only they run clocks. */
export interface CaseListFilter {
  /** The owning unit; null for every unit. */
  unitId: string | null;
  status?: CaseStatus;
  supervised?: boolean;
  overdue?: boolean;
  category?: string;
  /** A county code or name, or a zone name. */
  district?: string;
  /** Narrows `unitId`'s scope to one unit. */
  unit?: string;
}

/** A case in a staff list: nothing about who reported it. */
export interface CaseListRow {
  id: string;
  number: string;
  status: CaseStatus;
  categories: string[];
  district_name: string | null;
  city: string | null;
  zone: string | null;
  unit_id: string | null;
  supervised: boolean;
  priority: number;
  registered_at: Date;
}

/** The cases matching a filter, as a query to count or to list. */
function casesMatching(db: Kysely<Database>, f: CaseListFilter) {
  return db
    .selectFrom('cases')
    .$if(f.unitId !== null, (q) => q.where('unit_id', '=', f.unitId))
    .$if(f.status !== undefined, (q) => q.where('status', '=', f.status!))
    .$if(f.supervised !== undefined, (q) => q.where('supervised', '=', f.supervised!))
    .$if(f.overdue !== undefined, (q) => q.where('status', 'in', OPEN_STATUSES as string[]))
    .$if(f.category !== undefined, (q) => q.where(sql<boolean>`${f.category} = any(categories)`))
    .$if(f.district !== undefined, (q) => q.where((eb) => eb.or([eb('district_code', '=', f.district!), eb('district_name', '=', f.district!), eb('zone', '=', f.district!)])))
    .$if(f.unit !== undefined, (q) => q.where('unit_id', '=', f.unit!));
}

/** How many cases match a filter, before paging. */
export async function countCases(db: Kysely<Database>, f: CaseListFilter): Promise<number> {
  const row = await casesMatching(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/** The matching cases, most urgent first (priority, then oldest); `page` limits them, without it every match is read. */
export async function listCases(db: Kysely<Database>, f: CaseListFilter, page?: { limit: number; offset: number }): Promise<CaseListRow[]> {
  const rows = await casesMatching(db, f)
    .select(['id', 'number', 'status', 'categories', 'district_name', 'city', 'zone', 'unit_id', 'supervised', 'priority', 'registered_at'])
    .orderBy('priority', 'desc')
    .orderBy('registered_at')
    .orderBy('id')
    .$if(page !== undefined, (q) => q.limit(page!.limit).offset(page!.offset))
    .execute();
  return rows.map((r) => ({ ...r, status: r.status as CaseStatus, registered_at: new Date(r.registered_at) }));
}

// Bounded so a long list never builds a statement with more parameters than PostgreSQL takes.
const EVENT_BATCH = 1_000;

/** The events of each case, oldest first, by case id. */
export async function eventsOf(db: Kysely<Database>, caseIds: readonly string[]): Promise<Map<string, TimelineEntry[]>> {
  const byCase = new Map<string, TimelineEntry[]>(caseIds.map((id) => [id, []]));
  for (let i = 0; i < caseIds.length; i += EVENT_BATCH) {
    const rows = await db
      .selectFrom('case_events')
      .select(['case_id', 'type', 'at', 'actor', 'reason', 'data'])
      .where('case_id', 'in', caseIds.slice(i, i + EVENT_BATCH))
      .orderBy('id')
      .execute();
    for (const e of rows) byCase.get(e.case_id)?.push({ type: e.type, at: new Date(e.at), actor: e.actor, reason: e.reason, data: (e.data ?? {}) as Record<string, unknown> });
  }
  return byCase;
}

/** A case row for staff, with how many people follow it. The reporter columns are the caller's to withhold. */
export async function caseByNumber(db: Kysely<Database>, number: string): Promise<(Selectable<CasesTable> & { followers: number }) | null> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .select((eb) => eb.selectFrom('case_reporters').select(sql<number>`count(*)::int`.as('n')).whereRef('case_reporters.case_id', '=', 'cases.id').as('followers'))
    .where('number', '=', number)
    .executeTakeFirst();
  return row ? { ...row, followers: row.followers ?? 0 } : null;
}

/** Who reported a case and where to reach them, for those allowed to know. */
export interface ReporterIdentity {
  reporter_id: string;
  channel: string;
  /** The chat they reported from; null for an imported case, which has none. */
  chat_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
}

/** The identity behind a case: its reporter's account and chat, and the contact they gave. */
export async function reporterOf(db: Kysely<Database>, caseId: string): Promise<ReporterIdentity> {
  return db
    .selectFrom('cases as c')
    .leftJoin('conversations as v', (j) => j.onRef('v.reporter_id', '=', 'c.reporter_id').onRef('v.channel', '=', 'c.channel'))
    .select(['c.reporter_id', 'c.channel', 'v.chat_id', 'c.contact_name', 'c.contact_phone'])
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
}
