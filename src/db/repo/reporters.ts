import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Finds or creates the reporter behind a channel identity, stamping their last message time. */
export async function upsertReporter(db: Kysely<Database>, channel: string, externalId: string, at: Date): Promise<{ id: string; lang: string }> {
  return db
    .insertInto('reporters')
    .values({ channel, external_id: externalId, last_inbound_at: at, created_at: at })
    .onConflict((oc) => oc.constraint('reporters_channel_external_id').doUpdateSet({ last_inbound_at: at }))
    .returning(['id', 'lang'])
    .executeTakeFirstOrThrow();
}

/** Remembers a reporter's language and, for non-anonymous reports, their chosen contact. */
export async function updateReporter(
  db: Kysely<Database>,
  id: string,
  fields: { lang?: string; identity_mode?: string; contact_name?: string | null; contact_phone?: string | null },
): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await db.updateTable('reporters').set(fields).where('id', '=', id).execute();
}
