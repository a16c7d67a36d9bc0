import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { OutboundChoices } from '../../channels/contract.js';
import type { Database, OutboxRow } from '../schema.js';

/** A message to queue for delivery. */
export interface NewOutbound {
  channel: string;
  chatId: string;
  reporterId: string | null;
  inReplyTo: string | null;
  text: string;
  choices?: OutboundChoices;
}

/** Queues messages in the caller's transaction; they are delivered only if it commits. */
export async function enqueue(db: Kysely<Database>, rows: NewOutbound[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('outbox')
    .values(rows.map((r) => ({ channel: r.channel, chat_id: r.chatId, reporter_id: r.reporterId, in_reply_to: r.inReplyTo, text: r.text, choices: r.choices ? JSON.stringify(r.choices) : null })))
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/** What one claim of one channel's rows needs. */
export interface ClaimRequest {
  channel: string;
  limit: number;
  /** How long a claimed row stays reserved for its worker. */
  leaseMs: number;
  /** Rows this round already tried and must not retry before the next round. */
  exclude: readonly string[];
  /** The channel's reply window, when it has one: rows to reporters silent for longer are held. */
  replyWindowMs?: number;
  /**
   * The least time between two messages to one chat, when the channel paces them: a chat's next
   * row is claimed only this long after the previous one was recorded sent, by whichever instance.
   */
  chatGapMs?: number;
}

/** Rows taken for delivery now, and how many were held instead (reporter outside the reply window). */
export interface Claim {
  rows: OutboxRow[];
  held: number;
  /** In how many ms a due row now waiting only for its chat's pace may be claimed; null when none waits so. */
  paceWaitMs: number | null;
}

/**
 * Claims up to `limit` due messages of one channel, at most one per chat: a row is taken only when
 * no older row to its chat is still pending or held, so a message waiting for a retry (or sitting
 * in another worker's hands) is never overtaken, and `failed` rows no longer block. Locked rows
 * are skipped, so two workers (or two instances) never take the same message. The lease pushes
 * `next_attempt_at` forward so a worker that dies mid-send releases its rows when the lease ends.
 * With `chatGapMs`, a row waits unclaimed until its chat may be sent to again: a claim is then held
 * only for the send itself, so a dead worker leaves few rows behind its lease, and the per-chat pace
 * holds across instances. On a channel with a reply window, rows to reporters silent for longer
 * are first marked `held`.
 */
export async function claimDue(db: Kysely<Database>, req: ClaimRequest): Promise<Claim> {
  const windowMs = req.replyWindowMs;
  return db.transaction().execute(async (trx) => {
    let held = 0;
    if (windowMs !== undefined) {
      await releaseRecentlyHeld(trx, req.channel, windowMs);
      held = await holdOutsideWindow(trx, req.channel, windowMs);
    }
    // The database's clock, not ours: a JS Date has only milliseconds, so a row queued in the same
    // millisecond would look not yet due.
    const { rows: due } = await sql<{ id: string }>`
      select o.id
      from outbox o
      where o.status = 'pending' and o.channel = ${req.channel} and o.next_attempt_at <= now()
        ${req.exclude.length > 0 ? sql`and o.id not in (${sql.join(req.exclude.map((id) => sql`${id}::bigint`))})` : sql``}
        ${windowMs === undefined ? sql`` : sql`and (o.reporter_id is null or exists (select 1 from reporters r where r.id = o.reporter_id and r.last_inbound_at >= ${since(windowMs)} offset 0))`}
        -- Only the chat's oldest undelivered row. OFFSET 0 keeps each check a lookup in
        -- outbox_undelivered_chat for this one row, while the candidates are read in id order
        -- and reading stops at the limit; as a join, a planner without statistics (PGlite has no
        -- autovacuum) scans the whole backlog for every candidate.
        and not exists (
          select 1 from outbox p
          where p.channel = o.channel and p.chat_id = o.chat_id and p.id < o.id and p.status in ('pending', 'held')
          offset 0
        )
        ${req.chatGapMs === undefined ? sql`` : sql`and coalesce(${previousSentAt()}, '-infinity') <= now() - ${gap(req.chatGapMs)}`}
      order by o.id
      limit ${req.limit}
      for update of o skip locked`.execute(trx);
    const paceWaitMs = req.chatGapMs !== undefined && due.length < req.limit ? await paceWait(trx, req.channel, req.chatGapMs) : null;
    if (due.length === 0) return { rows: [], held, paceWaitMs };
    const rows = await trx
      .updateTable('outbox')
      .set({ next_attempt_at: sql`now() + ${`${req.leaseMs} milliseconds`}::interval`, attempts: sql`attempts + 1` })
      .where('id', 'in', due.map((r) => r.id))
      .returningAll()
      .execute();
    return { rows: rows.sort((a, b) => Number(a.id) - Number(b.id)), held, paceWaitMs };
  });
}

/**
 * When the row before `o` (the outer query's row) to the same chat was recorded sent; null when it
 * failed or there is none. One backward step in outbox_chat: the row before a chat's oldest
 * undelivered one is the last message that chat got.
 */
function previousSentAt(): RawBuilder<Date | null> {
  return sql<Date | null>`(select p.sent_at from outbox p where p.channel = o.channel and p.chat_id = o.chat_id and p.id < o.id order by p.id desc limit 1)`;
}

/** A chat gap as an interval. */
function gap(chatGapMs: number): RawBuilder<unknown> {
  return sql`${`${chatGapMs} milliseconds`}::interval`;
}

/**
 * In how many ms the first due row that waits only for its chat's pace may be claimed, or null:
 * the lane sleeps that long rather than ending its round or polling.
 */
async function paceWait(trx: Kysely<Database>, channel: string, chatGapMs: number): Promise<number | null> {
  const { rows } = await sql<{ wait_ms: number | null }>`
    select (extract(epoch from min(w.sent_at) + ${gap(chatGapMs)} - now()) * 1000)::float8 as wait_ms
    from (
      select ${previousSentAt()} as sent_at
      from outbox o
      where o.status = 'pending' and o.channel = ${channel} and o.next_attempt_at <= now()
    ) w
    where w.sent_at > now() - ${gap(chatGapMs)}`.execute(trx);
  return rows[0]?.wait_ms ?? null;
}

/**
 * Marks `held`, with the reason, every due row of the channel whose reporter last wrote longer
 * ago than the window; `next_attempt_at` becomes the moment it was held.
 */
async function holdOutsideWindow(trx: Kysely<Database>, channel: string, windowMs: number): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    update outbox set status = 'held', last_error = ${heldReason(windowMs)}, next_attempt_at = now()
    where id in (
      select o.id
      from outbox o
      where o.status = 'pending' and o.channel = ${channel} and o.next_attempt_at <= now() and o.reporter_id is not null
        and not exists (select 1 from reporters r where r.id = o.reporter_id and r.last_inbound_at >= ${since(windowMs)} offset 0)
      for update of o skip locked
    )
    returning id`.execute(trx);
  return rows.length;
}

/**
 * readTurn releases a reporter's held rows when they write, but a row held while that very
 * statement ran is not in its snapshot. Rows held in the last ten minutes whose reporter is back
 * inside the window are released here, so such a row waits only for the next claim.
 */
async function releaseRecentlyHeld(trx: Kysely<Database>, channel: string, windowMs: number): Promise<void> {
  await sql`
    update outbox o set status = 'pending', last_error = null, next_attempt_at = now()
    where o.status = 'held' and o.channel = ${channel} and o.next_attempt_at > now() - interval '10 minutes'
      and exists (select 1 from reporters r where r.id = o.reporter_id and r.last_inbound_at >= ${since(windowMs)} offset 0)`.execute(trx);
}

/** The start of a reply window that ends now, by the database's clock. */
function since(windowMs: number): RawBuilder<Date> {
  return sql<Date>`now() - ${`${windowMs} milliseconds`}::interval`;
}

/** A reply window in hours, as staff and the delivery record state it. */
export function windowHours(windowMs: number): number {
  return Math.round(windowMs / 360_000) / 10;
}

/** Why a held row waits: kept on the row, where staff and operators look for undelivered messages. */
function heldReason(windowMs: number): string {
  return `outside the ${windowHours(windowMs)}-hour reply window: kept, and delivered when the reporter writes again`;
}

/** Records a delivery: marks the row sent and journals the outbound message. */
export async function markSent(db: Kysely<Database>, row: OutboxRow, externalId: string | undefined): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('outbox').set({ status: 'sent', sent_at: sql`now()`, last_error: null }).where('id', '=', row.id).execute();
    // A delivery proves the reporter reachable again (they unblocked the bot).
    if (row.reporter_id) {
      await trx.updateTable('reporters').set({ unreachable_at: null, unreachable_reason: null }).where('id', '=', row.reporter_id).where('unreachable_at', 'is not', null).execute();
    }
    await trx
      .insertInto('messages')
      .values({
        channel: row.channel,
        direction: 'out',
        external_id: externalId ?? `outbox:${row.id}`,
        chat_id: row.chat_id,
        reporter_id: row.reporter_id,
        kind: 'text',
        text: row.text,
        text_length: row.text.length,
        status: 'sent',
        sent_at: new Date(),
        received_at: new Date(),
      })
      .onConflict((oc) => oc.constraint('messages_channel_direction_external_id').doNothing())
      .execute();
  });
}

/**
 * What to do after a failed delivery: try again later, give up on this message (it stays visible
 * as `failed`), or give up and mark the recipient unreachable on this channel (the platform said
 * so: blocked, chat gone), so staff see why notices do not arrive.
 */
export type FailureOutcome = 'retry' | 'gave_up' | 'unreachable';

/** Records a failed delivery; `delayMs` is when a retry may happen. */
export async function markFailed(db: Kysely<Database>, row: OutboxRow, error: string, delayMs: number, outcome: FailureOutcome): Promise<void> {
  const reason = error.slice(0, 1000);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('outbox')
      .set({
        status: outcome === 'retry' ? 'pending' : 'failed',
        last_error: reason,
        next_attempt_at: sql`now() + ${`${delayMs} milliseconds`}::interval`,
      })
      .where('id', '=', row.id)
      .execute();
    if (outcome === 'unreachable' && row.reporter_id) {
      await trx.updateTable('reporters').set({ unreachable_at: sql`now()`, unreachable_reason: reason }).where('id', '=', row.reporter_id).execute();
    }
  });
}

/** Messages for one chat after `afterId`, oldest first: what a polling web page has not yet shown. */
export async function chatMessagesAfter(db: Kysely<Database>, channel: string, chatId: string, afterId: string, limit = 50): Promise<{ id: string; text: string; createdAt: Date; choices?: OutboundChoices }[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'text', 'created_at', 'choices'])
    .where('channel', '=', channel)
    .where('chat_id', '=', chatId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, text: r.text, createdAt: r.created_at, ...(r.choices ? { choices: r.choices } : {}) }));
}

/**
 * Records a channel's reply window as its sender declares it: staff turns may run on an instance
 * that does not deliver for that channel, and still need to know who is out of reach.
 */
export async function publishReplyWindow(db: Kysely<Database>, channel: string, windowMs: number): Promise<void> {
  await sql`
    insert into reply_windows (channel, window_ms) values (${channel}, ${windowMs})
    on conflict (channel) do update set window_ms = excluded.window_ms, updated_at = now()
    where reply_windows.window_ms <> excluded.window_ms`.execute(db);
}

/** The reply window (ms) a reporter is outside of at `at`; null when within it, or when their channel has none. */
export async function outsideReplyWindow(db: Kysely<Database>, reporterId: string, at: Date): Promise<number | null> {
  const { rows } = await sql<{ window_ms: number }>`
    select w.window_ms::float8 as window_ms
    from reporters r join reply_windows w on w.channel = r.channel
    where r.id = ${reporterId}::bigint
      and (r.last_inbound_at is null or r.last_inbound_at < ${at}::timestamptz - w.window_ms * interval '1 millisecond')`.execute(db);
  return rows[0]?.window_ms ?? null;
}
