import { sql, type Kysely } from 'kysely';
import type { Database, OutboxRow } from '../schema.js';

/** A message to queue for delivery. */
export interface NewOutbound {
  channel: string;
  chatId: string;
  reporterId: string | null;
  inReplyTo: string | null;
  text: string;
}

/** Queues messages in the caller's transaction; they are delivered only if it commits. */
export async function enqueue(db: Kysely<Database>, rows: NewOutbound[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('outbox')
    .values(rows.map((r) => ({ channel: r.channel, chat_id: r.chatId, reporter_id: r.reporterId, in_reply_to: r.inReplyTo, text: r.text })))
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/**
 * Claims up to `limit` due messages for delivery. Locked rows are skipped, so two workers (or two
 * instances) never take the same message; `exclude` keeps one round from retrying what it just
 * tried. The lease pushes `next_attempt_at` forward so a worker
 * that dies mid-send releases its rows when the lease ends.
 */
export async function claimDue(db: Kysely<Database>, limit: number, leaseMs: number, channels: string[], exclude: string[] = []): Promise<OutboxRow[]> {
  if (channels.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'pending')
      // The database's clock, not ours: a JS Date has only milliseconds, so a row queued in the
      // same millisecond would look not yet due.
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .where('channel', 'in', channels);
    if (exclude.length > 0) q = q.where('id', 'not in', exclude);
    const due = await q
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('outbox')
      .set({ next_attempt_at: sql`now() + ${`${leaseMs} milliseconds`}::interval`, attempts: sql`attempts + 1` })
      .where('id', 'in', due.map((r) => r.id))
      .returningAll()
      .execute();
  });
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
export async function chatMessagesAfter(db: Kysely<Database>, channel: string, chatId: string, afterId: string, limit = 50): Promise<{ id: string; text: string; createdAt: Date }[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'text', 'created_at'])
    .where('channel', '=', channel)
    .where('chat_id', '=', chatId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, text: r.text, createdAt: r.created_at }));
}
