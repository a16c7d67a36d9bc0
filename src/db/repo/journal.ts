import type { Kysely } from 'kysely';
import type { Inbound } from '../../channels/contract.js';
import type { Database } from '../schema.js';

/** The journal keeps at most this many bytes of a message's text, and notes the cut. */
export const JOURNAL_TEXT_LIMIT = 64 * 1024;

/** Cuts `text` to at most `limit` UTF-8 bytes without splitting a character. */
export function capUtf8(text: string, limit: number): { text: string; cut: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return { text, cut: false };
  let end = limit;
  // Back up over continuation bytes (10xxxxxx) so the cut falls on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), cut: true };
}

/** The journal kind of an inbound message. */
function inboundKind(m: Inbound): string {
  if (m.location) return 'location';
  if (m.media && m.media.length > 0) return 'media';
  return 'text';
}

/** How an inbound message is kept in the journal: text capped at 64 KB with the cut noted. */
export function journalFields(m: Inbound): { kind: string; text: string; text_length: number; text_cut: boolean; payload: string } {
  const raw = m.text ?? '';
  const capped = capUtf8(raw, JOURNAL_TEXT_LIMIT);
  return {
    kind: inboundKind(m),
    text: capped.text,
    text_length: raw.length,
    text_cut: capped.cut,
    payload: JSON.stringify({ location: m.location ?? null, media: m.media ?? [], at: m.at.toISOString(), userId: m.userId, choiceVersion: m.choiceVersion ?? null }),
  };
}

/**
 * Records a message that was not processed, outside any failed transaction, so it is not lost:
 * `failed` (its turn failed) or `rate_limited` (its chat was flooding). A redelivery retries it.
 */
export async function journalUnprocessed(db: Kysely<Database>, m: Inbound, status: 'failed' | 'rate_limited', error: string): Promise<string | null> {
  const row = await db
    .insertInto('messages')
    .values({
      channel: m.channel,
      direction: 'in',
      external_id: m.messageId,
      chat_id: m.chatId,
      reporter_id: null,
      ...journalFields(m),
      status,
      error: error.slice(0, 2000),
      received_at: new Date(),
    })
    .onConflict((oc) =>
      // Never over a processed copy: marking it unprocessed would have a redelivery act twice.
      oc.constraint('messages_channel_direction_external_id').doUpdateSet({ status, error: error.slice(0, 2000) }).where('messages.status', '!=', 'processed'),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Journals messages as `received` before their turns run, in one statement; a message already
 * journaled is left as it is. A channel that confirms messages to the platform in batches
 * (Telegram's getUpdates offset) calls this before confirming, so a crash after the confirmation
 * cannot lose a message: {@link unfinishedInbound} finds it again.
 */
export async function journalReceived(db: Kysely<Database>, messages: readonly Inbound[]): Promise<void> {
  if (messages.length === 0) return;
  const now = new Date();
  await db
    .insertInto('messages')
    .values(messages.map((m) => ({ channel: m.channel, direction: 'in' as const, external_id: m.messageId, chat_id: m.chatId, reporter_id: null, ...journalFields(m), received_at: now })))
    .onConflict((oc) => oc.constraint('messages_channel_direction_external_id').doNothing())
    .execute();
}

/** What the journal keeps of a message's payload (see {@link journalFields}). */
interface JournalPayload {
  location: Inbound['location'] | null;
  media: NonNullable<Inbound['media']>;
  at: string;
  userId: string;
  choiceVersion?: number | null;
}

/**
 * Inbound messages journaled but never processed, received before `before`: their process died
 * mid-turn (or before the turn began). Rebuilt from the journal, oldest first, for the engine to run again.
 */
export async function unfinishedInbound(db: Kysely<Database>, before: Date, limit: number): Promise<Inbound[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['channel', 'external_id', 'chat_id', 'text', 'payload'])
    .where('direction', '=', 'in')
    .where('status', '=', 'received')
    .where('received_at', '<', before)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const p = r.payload as JournalPayload;
    return {
      channel: r.channel,
      chatId: r.chat_id,
      userId: p.userId,
      messageId: r.external_id,
      ...(r.text ? { text: r.text } : {}),
      ...(p.location ? { location: p.location } : {}),
      ...(p.media.length > 0 ? { media: p.media } : {}),
      at: new Date(p.at),
      ...(typeof p.choiceVersion === 'number' ? { choiceVersion: p.choiceVersion } : {}),
    };
  });
}
