import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Inbound } from '../../channels/contract.js';
import { initialState, type ConversationState } from '../../conversation/state.js';
import type { Database } from '../schema.js';
import type { StaffRole } from '../../staff/registration.js';
import type { CaseStatusView } from '../../i18n/catalog.js';
import { journalFields } from './journal.js';
import { openCaseCtes, type CaseToOpen } from './open-case.js';
import type { NewOutbound } from './outbox.js';

/** A case to open with a turn (built by the engine, written with the turn). */
export type { CaseToOpen } from './open-case.js';

/** At most this many open cases are offered when a new message may be about one of them. */
const OPEN_CASES_ASKED = 3;

/** A new conversation's state, serialised once; its language is set from the reporter's in SQL. */
const INITIAL_STATE = JSON.stringify(initialState());

/** A member of staff acting through chat: who, of which unit, in which role. */
export interface StaffActor {
  handle: string;
  unit: string;
  role: StaffRole;
}

/** What a turn starts from: who wrote, the journal row, and the conversation as last saved. */
export interface TurnRead {
  reporterId: string;
  reporterLang: string;
  /** The journal row of this message. */
  messageId: string;
  /** The journal status; `processed` means a redelivery must stop here. */
  messageStatus: string;
  conversationId: string;
  state: ConversationState;
  /** The conversation's version (its turn count); the write succeeds only if it is unchanged. */
  version: number;
  /** The sender when they are registered staff: their messages are commands. */
  staff: StaffActor | null;
  /** Where the staff member who took this conversation over reads it, when someone has. */
  claimedBy: { handle: string; channel: string; chatId: string } | null;
  /** The newest answered case this reporter follows and has not rated since its answer. */
  ratingPending: string | null;
  /** The open cases this reporter follows, newest first (a few): a new message may be about one. */
  openCases: CaseStatusView[];
}

/**
 * Reads a turn's starting point in ONE statement: upserts the reporter, journals the message once
 * per (channel, message id) — committed at once, so a crash later in the turn loses nothing and a
 * redelivery retries it — releases messages held outside their reply window, and upserts the
 * conversation, returning its state and version. No lock is held afterwards: understanding may
 * take its time (a language model) without blocking anyone.
 */
export async function readTurn(db: Kysely<Database>, m: Inbound, now: Date): Promise<TurnRead> {
  const j = journalFields(m);
  const { rows } = await sql<{
    reporter_id: string;
    lang: string;
    message_id: string | null;
    message_status: string;
    conversation_id: string;
    state: ConversationState;
    version: number;
    staff: StaffActor | null;
    claimed_by: { handle: string; channel: string; chatId: string } | null;
    rating_pending: string | null;
    open_cases: CaseStatusView[] | null;
  }>`
    with r as (
      insert into reporters (channel, external_id, last_inbound_at, created_at)
      values (${m.channel}, ${m.userId}, ${now}, ${now})
      on conflict (channel, external_id) do update set last_inbound_at = excluded.last_inbound_at
      returning id, lang
    ), h as (
      -- They wrote, so their reply window is open again: what was held for them can go now.
      update outbox set status = 'pending', next_attempt_at = now(), last_error = null
      where status = 'held' and reporter_id = (select id from r)
    ), j as (
      insert into messages (channel, direction, external_id, chat_id, reporter_id, kind, text, text_length, text_cut, payload, received_at)
      select ${m.channel}, 'in', ${m.messageId}, ${m.chatId}, r.id, ${j.kind}, ${j.text}, ${j.text_length}, ${j.text_cut}, ${j.payload}::jsonb, now()
      from r
      -- Journaled before its turn (see journalReceived): the row stays, it learns its reporter.
      on conflict (channel, direction, external_id) do update set reporter_id = coalesce(messages.reporter_id, excluded.reporter_id)
      returning id, status
    ), c as (
      insert into conversations (reporter_id, channel, chat_id, state)
      select r.id, ${m.channel}, ${m.chatId}, jsonb_set(${INITIAL_STATE}::jsonb, '{lang}', to_jsonb(r.lang))
      from r
      on conflict (reporter_id, channel) do update set chat_id = conversations.chat_id
      returning id, state, turns, claimed_by
    )
    select r.id as reporter_id, r.lang,
      coalesce(j.id, old.id) as message_id, coalesce(j.status, old.status) as message_status,
      c.id as conversation_id, c.state, c.turns as version,
      (select json_build_object('handle', s.handle, 'unit', s.unit_id, 'role', s.role) from staff s
        where s.channel = ${m.channel} and s.external_id = ${m.userId} and s.active) as staff,
      (select json_build_object('handle', s.handle, 'channel', s.channel, 'chatId', s.chat_id) from staff s
        where s.handle = c.claimed_by and s.active) as claimed_by,
      (select k.number from case_reporters f join cases k on k.id = f.case_id
        where f.reporter_id = r.id and k.status = 'answered'
          and not exists (select 1 from case_events e where e.case_id = k.id and e.type = 'rated' and e.data->>'reporter' = r.id::text
            and e.id > (select max(a.id) from case_events a where a.case_id = k.id and a.type = 'answered'))
        order by k.id desc limit 1) as rating_pending,
      (select json_agg(json_build_object('number', o.number, 'status', o.status, 'categories', o.categories,
          'district', case when o.district_name is null then o.zone else coalesce(o.city, '') || o.district_name end) order by o.id desc)
        from (select k.* from case_reporters f join cases k on k.id = f.case_id
          where f.reporter_id = r.id and k.status in ('registered', 'accepted', 'forwarded', 'in_progress')
          order by k.id desc limit ${OPEN_CASES_ASKED}) o) as open_cases
    from r
    cross join c
    left join j on true
    left join messages old on j.id is null and old.channel = ${m.channel} and old.direction = 'in' and old.external_id = ${m.messageId}`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('readTurn returned no row');
  let message: { id: string; status: string };
  if (row.message_id !== null) message = { id: row.message_id, status: row.message_status };
  else {
    // The same message id arrived twice at once: the other insert committed after this
    // statement's snapshot was taken, so look again now.
    message = await db
      .selectFrom('messages')
      .select(['id', 'status'])
      .where('channel', '=', m.channel)
      .where('direction', '=', 'in')
      .where('external_id', '=', m.messageId)
      .executeTakeFirstOrThrow();
  }
  return {
    reporterId: row.reporter_id,
    reporterLang: row.lang,
    messageId: message.id,
    messageStatus: message.status,
    conversationId: row.conversation_id,
    state: row.state,
    version: Number(row.version),
    staff: row.staff,
    claimedBy: row.claimed_by,
    ratingPending: row.rating_pending,
    openCases: row.open_cases ?? [],
  };
}

/** Everything a turn writes. */
export interface TurnWrite {
  read: TurnRead;
  state: ConversationState;
  chatId: string;
  lang: string;
  replies: NewOutbound[];
  openCase: CaseToOpen | null;
  /** A request for a person, for the escalation job to page. */
  help: { reason: string; unitId: string; at: Date } | null;
}

/**
 * Writes a turn in ONE statement, all or nothing, and only if the conversation is still at the
 * version the turn read (optimistic concurrency: a concurrent turn of the same conversation wins
 * and this one is recomputed). Saves the state, marks the message processed, opens the case with
 * its first audit event, remembers language and contact, and queues the replies.
 * Returns null when the version moved on.
 */
export async function writeTurn(db: Kysely<Database>, t: TurnWrite): Promise<{ outboxIds: string[]; caseId: string | null } | null> {
  const { read } = t;
  const parts: RawBuilder<unknown>[] = [
    sql`s as (
      update conversations set state = ${JSON.stringify(t.state)}::jsonb, chat_id = ${t.chatId}, updated_at = now(), turns = turns + 1
      ${t.help ? sql`, help_reason = ${t.help.reason}, help_unit = ${t.help.unitId}, help_requested_at = ${t.help.at}` : sql``}
      where id = ${read.conversationId} and turns = ${read.version}
      returning id
    )`,
    sql`p as (
      update messages set status = 'processed', processed_at = now(), error = null
      where id = ${read.messageId} and exists (select 1 from s)
    )`,
    sql`l as (
      update reporters set lang = ${t.lang}
      where id = ${read.reporterId} and lang <> ${t.lang} and exists (select 1 from s)
    )`,
  ];
  const c = t.openCase;
  if (c) parts.push(...openCaseCtes(c, read.reporterId, { channel: c.channel, message_id: read.messageId, number: c.number }, sql`exists (select 1 from s)`));
  if (t.replies.length > 0) {
    const values = sql.join(t.replies.map((r) => sql`(${r.channel}, ${r.chatId}, ${r.reporterId}::bigint, ${r.inReplyTo}::bigint, ${r.text}, ${r.choices ? JSON.stringify(r.choices) : null}::jsonb)`));
    parts.push(sql`o as (
      insert into outbox (channel, chat_id, reporter_id, in_reply_to, text, choices)
      select * from (values ${values}) v(channel, chat_id, reporter_id, in_reply_to, text, choices)
      where exists (select 1 from s)
      returning id
    )`);
  }
  const { rows } = await sql<{ saved: boolean; outbox_ids: string[] | null; case_id: string | null }>`
    with ${sql.join(parts)}
    select exists (select 1 from s) as saved,
      ${t.replies.length > 0 ? sql`array(select id from o order by id)` : sql`null::bigint[]`} as outbox_ids,
      ${c ? sql`(select id from c)` : sql`null::bigint`} as case_id`.execute(db);
  const row = rows[0];
  if (!row?.saved) return null;
  return { outboxIds: (row.outbox_ids ?? []).map(String), caseId: row.case_id };
}
