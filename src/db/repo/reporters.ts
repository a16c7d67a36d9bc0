import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Remembers a reporter's language and, for non-anonymous reports, their chosen contact. */
export async function updateReporter(
  db: Kysely<Database>,
  id: string,
  fields: { lang?: string; identity_mode?: string; contact_name?: string | null; contact_phone?: string | null },
): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await db.updateTable('reporters').set(fields).where('id', '=', id).execute();
}
