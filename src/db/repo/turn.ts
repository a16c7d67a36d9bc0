import { sql, type Kysely } from 'kysely';
import type { Inbound } from '../../channels/contract.js';
import { initialState, type ConversationState } from '../../conversation/state.js';
import type { Database } from '../schema.js';
import { capUtf8, inboundKind, JOURNAL_TEXT_LIMIT } from './journal.js';
import type { NewOutbound } from './outbox.js';

/** What a turn starts from: who wrote, the journal row, and the locked conversation. */
export interface TurnStart {
  reporterId: string;
  reporterLang: string;
  /** The journal row of this message. */
  messageId: string;
  /** False when the message was journalled before (a redelivery). */
  fresh: boolean;
  /** The journal status; `processed` means a redelivery must stop here. */
  messageStatus: string;
  conversationId: string;
  state: ConversationState;
}

/**
 * Starts a turn in ONE statement: upserts the reporter, journals the message once per (channel,
 * message id), and upserts the conversation — `ON CONFLICT DO UPDATE` locks its row exactly like
 * `FOR UPDATE`, so two messages of one conversation are processed one after the other, across
 * instances. One round trip instead of four matters: the hot path is bound by them.
 */
export async function startTurn(db: Kysely<Database>, m: Inbound, now: Date): Promise<TurnStart> {
  const raw = m.text ?? '';
  const capped = capUtf8(raw, JOURNAL_TEXT_LIMIT);
  const payload = JSON.stringify({ location: m.location ?? null, media: m.media ?? [], at: m.at.toISOString() });
  const { rows } = await sql<{
    reporter_id: string;
    lang: string;
    message_id: string | null;
    message_status: string | null;
    conversation_id: string;
    state: ConversationState;
  }>`
    with r as (
      insert into reporters (channel, external_id, last_inbound_at, created_at)
      values (${m.channel}, ${m.userId}, ${now}, ${now})
      on conflict (channel, external_id) do update set last_inbound_at = excluded.last_inbound_at
      returning id, lang
    ), j as (
      insert into messages (channel, direction, external_id, chat_id, reporter_id, kind, text, text_length, text_cut, payload, received_at)
      select ${m.channel}, 'in', ${m.messageId}, ${m.chatId}, r.id, ${inboundKind(m)}, ${capped.text}, ${raw.length}, ${capped.cut}, ${payload}::jsonb, now()
      from r
      on conflict (channel, direction, external_id) do nothing
      returning id, status
    ), c as (
      insert into conversations (reporter_id, channel, chat_id, state)
      select r.id, ${m.channel}, ${m.chatId}, jsonb_set(${JSON.stringify(initialState())}::jsonb, '{lang}', to_jsonb(r.lang))
      from r
      on conflict (reporter_id, channel) do update set chat_id = conversations.chat_id
      returning id, state
    )
    select r.id as reporter_id, r.lang, j.id as message_id, j.status as message_status, c.id as conversation_id, c.state
    from r left join j on true left join c on true`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('startTurn returned no row');
  let messageId = row.message_id;
  let messageStatus = row.message_status;
  const fresh = messageId !== null;
  if (!fresh) {
    // A redelivery: the journal already has it, processed or failed.
    const existing = await db
      .selectFrom('messages')
      .select(['id', 'status'])
      .where('channel', '=', m.channel)
      .where('direction', '=', 'in')
      .where('external_id', '=', m.messageId)
      .executeTakeFirstOrThrow();
    messageId = existing.id;
    messageStatus = existing.status;
  }
  return {
    reporterId: row.reporter_id,
    reporterLang: row.lang,
    messageId: messageId as string,
    fresh,
    messageStatus: messageStatus as string,
    conversationId: row.conversation_id,
    state: row.state,
  };
}

/**
 * Finishes a turn in ONE statement: saves the conversation state, marks the message processed,
 * remembers the reporter's language, and queues the replies. Returns the outbox ids in order.
 */
export async function finishTurn(
  db: Kysely<Database>,
  t: { conversationId: string; state: ConversationState; chatId: string; messageId: string; reporterId: string; lang: string; replies: NewOutbound[] },
): Promise<string[]> {
  const save = sql`
    with s as (
      update conversations set state = ${JSON.stringify(t.state)}::jsonb, chat_id = ${t.chatId}, updated_at = now(), turns = turns + 1
      where id = ${t.conversationId}
    ), p as (
      update messages set status = 'processed', processed_at = now(), error = null where id = ${t.messageId}
    ), l as (
      update reporters set lang = ${t.lang} where id = ${t.reporterId} and lang <> ${t.lang}
    )`;
  if (t.replies.length === 0) {
    await sql`${save} select 1`.execute(db);
    return [];
  }
  const values = sql.join(t.replies.map((r) => sql`(${r.channel}, ${r.chatId}, ${r.reporterId}, ${r.inReplyTo}, ${r.text})`));
  const { rows } = await sql<{ id: string }>`${save}, o as (
      insert into outbox (channel, chat_id, reporter_id, in_reply_to, text) values ${values} returning id
    ) select id from o order by id`.execute(db);
  return rows.map((r) => r.id);
}
