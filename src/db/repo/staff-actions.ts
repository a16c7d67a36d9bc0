import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** What a staff reference (`HY-…` or `#12`) points at: the case if any, and the reporter's chat. */
export interface RefTarget {
  caseId: string | null;
  number: string | null;
  /** The unit that owns it: the case's unit, or the unit a conversation's request was paged to. */
  unitId: string | null;
  conversationId: string;
  reporterId: string;
  channel: string;
  chatId: string;
  lang: string;
  claimedBy: string | null;
  /** Why the reporter cannot receive messages on this channel, when the platform said so. */
  unreachable: string | null;
}

/** Resolves a staff reference; null when nothing matches. */
export async function resolveRef(db: Kysely<Database>, ref: string): Promise<RefTarget | null> {
  const byCase = !ref.startsWith('#');
  const { rows } = await sql<RefTarget>`
    select c.id::text as "caseId", c.number, coalesce(c.unit_id, v.help_unit) as "unitId", v.id::text as "conversationId",
      v.reporter_id::text as "reporterId", v.channel, v.chat_id as "chatId", r.lang, v.claimed_by as "claimedBy",
      r.unreachable_reason as "unreachable"
    from conversations v
    join reporters r on r.id = v.reporter_id
    left join cases c on c.reporter_id = v.reporter_id and c.channel = v.channel and ${byCase} and c.number = ${byCase ? ref : null}
    where ${byCase ? sql`c.id is not null` : sql`v.id = ${ref.slice(1)}::bigint`}
    limit 1`.execute(db);
  return rows[0] ?? null;
}

/** Takes a conversation over for `handle`, unless someone else holds it; resolves with success. */
export async function claimConversation(db: Kysely<Database>, conversationId: string, handle: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('conversations')
    .set({ claimed_by: handle, claimed_at: at })
    .where('id', '=', conversationId)
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', handle)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Hands a conversation back to the bot; only its holder can. */
export async function releaseConversation(db: Kysely<Database>, conversationId: string, handle: string): Promise<boolean> {
  const r = await db.updateTable('conversations').set({ claimed_by: null, claimed_at: null }).where('id', '=', conversationId).where('claimed_by', '=', handle).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Writes one audit event on a case. */
export async function caseEvent(db: Kysely<Database>, caseId: string, at: Date, actor: string, type: string, data: Record<string, unknown>, reason: string | null = null): Promise<void> {
  await db.insertInto('case_events').values({ case_id: caseId, at, actor, type, data: JSON.stringify(data), reason }).execute();
}
