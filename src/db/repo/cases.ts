import { sql, type Kysely } from 'kysely';
import { formatCaseNumber, localDay } from '../../cases/number.js';
import type { CaseStatusView } from '../../i18n/catalog.js';
import type { Category } from '../../cases/categories.js';
import type { Database } from '../schema.js';

/**
 * Hands out the next case number: the local day and a sequence value. A sequence never blocks
 * another transaction, so numbers are unique across instances without a hot row; a rolled-back
 * turn leaves a gap, which is harmless.
 */
export async function nextCaseNumber(db: Kysely<Database>, at: Date, timeZone: string): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('case_number_seq') as n`.execute(db);
  return formatCaseNumber(localDay(at, timeZone), Number(rows[0]?.n));
}

/** A reporter's own cases, newest first, as they may see them (no identities). */
export async function reporterCases(db: Kysely<Database>, reporterId: string, number: string | null, limit = 5): Promise<CaseStatusView[]> {
  let q = db
    .selectFrom('cases')
    .select(['number', 'status', 'categories', 'district_name', 'city', 'zone'])
    .where('reporter_id', '=', reporterId);
  if (number) q = q.where('number', '=', number.toUpperCase());
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    number: r.number,
    status: r.status,
    categories: r.categories as Category[],
    district: r.district_name ? `${r.city ?? ''}${r.district_name}` : r.zone,
  }));
}
