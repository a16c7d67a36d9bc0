import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** One message of a reporter's chat with the bot (or with staff who took it over). */
export interface ChatLine {
  direction: 'in' | 'out';
  at: Date;
  text: string;
}

/** A conversation the member of staff holds: whom it is with (by reference only) and why it was paged. */
export interface HeldConversation {
  conversationId: string;
  /** The reporter's latest case on that channel, if any. */
  number: string | null;
  reason: string | null;
  claimedAt: Date | null;
}

/**
 * The messages of one chat, oldest first, in insertion order (outbound rows are journaled when
 * delivered). `since`/`until` bound them in time; `limit` keeps the newest.
 */
async function chatLines(db: Kysely<Database>, channel: string, chatId: string, limit: number, since: Date | null = null, until: Date | null = null): Promise<ChatLine[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'direction', 'received_at', 'text'])
    .where('channel', '=', channel)
    .where('chat_id', '=', chatId)
    .where('text', 'is not', null)
    .$if(since !== null, (q) => q.where('received_at', '>', since!))
    .$if(until !== null, (q) => q.where('received_at', '<=', until!))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({ direction: r.direction, at: new Date(r.received_at), text: r.text ?? '' }));
}

/**
 * What a case's reporter and the bot said around the case: from the reporter's previous case on
 * that channel (or the start) to their next one (or now). Empty for an imported case.
 */
export async function caseTranscript(db: Kysely<Database>, number: string, limit = 200): Promise<ChatLine[]> {
  const { rows } = await sql<{ channel: string; chat_id: string; since: Date | null; until: Date | null }>`
    select c.channel, v.chat_id,
      (select max(p.registered_at) from cases p where p.reporter_id = c.reporter_id and p.channel = c.channel and p.registered_at < c.registered_at) as since,
      (select min(n.registered_at) from cases n where n.reporter_id = c.reporter_id and n.channel = c.channel and n.registered_at > c.registered_at) as until
    from cases c join conversations v on v.reporter_id = c.reporter_id and v.channel = c.channel
    where c.number = ${number}`.execute(db);
  const r = rows[0];
  return r ? chatLines(db, r.channel, r.chat_id, limit, r.since && new Date(r.since), r.until && new Date(r.until)) : [];
}

/** The latest messages of a conversation staff hold, to answer in context. */
export async function conversationTranscript(db: Kysely<Database>, conversationId: string, limit = 30): Promise<ChatLine[]> {
  const v = await db.selectFrom('conversations').select(['channel', 'chat_id']).where('id', '=', conversationId).executeTakeFirst();
  return v ? chatLines(db, v.channel, v.chat_id, limit) : [];
}

/** The conversations `handle` has taken over, longest held first. */
export async function heldConversations(db: Kysely<Database>, handle: string): Promise<HeldConversation[]> {
  const { rows } = await sql<HeldConversation>`
    select v.id::text as "conversationId", v.help_reason as reason, v.claimed_at as "claimedAt",
      (select c.number from cases c where c.reporter_id = v.reporter_id and c.channel = v.channel order by c.registered_at desc limit 1) as number
    from conversations v where v.claimed_by = ${handle}
    order by v.claimed_at, v.id`.execute(db);
  return rows.map((r) => ({ ...r, claimedAt: r.claimedAt && new Date(r.claimedAt) }));
}

/** An evidence file of a case — in its report or added later — or null when the case has no such file. */
export async function caseEvidenceFile(db: Kysely<Database>, number: string, sha256: string): Promise<{ mime: string | null; bytes: Uint8Array } | null> {
  const { rows } = await sql<{ mime: string | null; bytes: Uint8Array }>`
    select f.mime, f.bytes from cases c join evidence_files f on f.sha256 = ${sha256}
    where c.number = ${number} and (
      c.evidence @> jsonb_build_array(jsonb_build_object('sha256', ${sha256}::text))
      or exists (select 1 from case_events e where e.case_id = c.id and e.type = 'supplemented'
        and e.data->'evidence' @> jsonb_build_array(jsonb_build_object('sha256', ${sha256}::text))))`.execute(db);
  return rows[0] ?? null;
}
