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
    payload: JSON.stringify({ location: m.location ?? null, media: m.media ?? [], at: m.at.toISOString(), userId: m.userId }),
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
