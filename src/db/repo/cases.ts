import type { Kysely } from 'kysely';
import type { CaseFields } from '../../cases/from-draft.js';
import { formatCaseNumber, localDay } from '../../cases/number.js';
import type { CaseStatusView } from '../../i18n/catalog.js';
import type { Category } from '../../cases/categories.js';
import type { Database } from '../schema.js';

/**
 * Hands out the next case number for the local day. The counter row is updated in the caller's
 * transaction, so numbers are unique across instances and a rolled-back turn gives its number back.
 */
export async function nextCaseNumber(db: Kysely<Database>, at: Date, timeZone: string): Promise<string> {
  const day = localDay(at, timeZone);
  const row = await db
    .insertInto('case_counters')
    .values({ day, last: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ last: eb('case_counters.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return formatCaseNumber(day, row.last);
}

/** Opens (登记) a case and writes its first audit event; returns its id and number. */
export async function openCase(
  db: Kysely<Database>,
  input: { reporterId: string; channel: string; fields: CaseFields; at: Date; timeZone: string; actor: string; messageId: string },
): Promise<{ id: string; number: string }> {
  const number = await nextCaseNumber(db, input.at, input.timeZone);
  const row = await db
    .insertInto('cases')
    .values({ ...input.fields, number, reporter_id: input.reporterId, channel: input.channel, registered_at: input.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('case_events')
    .values({
      case_id: row.id,
      at: input.at,
      actor: input.actor,
      type: 'registered',
      data: JSON.stringify({ channel: input.channel, message_id: input.messageId, number }),
      reason: null,
    })
    .execute();
  return { id: row.id, number };
}

/** A reporter's own cases, newest first, as they may see them (no identities). */
export async function reporterCases(db: Kysely<Database>, reporterId: string, number: string | null, limit = 5): Promise<CaseStatusView[]> {
  let q = db
    .selectFrom('cases')
    .select(['number', 'status', 'categories', 'district_name', 'city', 'zone', 'registered_at'])
    .where('reporter_id', '=', reporterId);
  if (number) q = q.where('number', '=', number.toUpperCase());
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    number: r.number,
    status: r.status,
    categories: r.categories as Category[],
    district: r.district_name ? `${r.city ?? ''}${r.district_name}` : r.zone,
    openedAt: new Date(r.registered_at).toISOString(),
  }));
}
