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
export function inboundKind(m: Inbound): string {
  if (m.location) return 'location';
  if (m.media && m.media.length > 0) return 'media';
  return 'text';
}

/**
 * Records that processing a message failed, outside the failed transaction, so the message is not
 * lost and a redelivery retries it.
 */
export async function journalFailure(db: Kysely<Database>, m: Inbound, error: string): Promise<string | null> {
  const capped = capUtf8(m.text ?? '', JOURNAL_TEXT_LIMIT);
  const row = await db
    .insertInto('messages')
    .values({
      channel: m.channel,
      direction: 'in',
      external_id: m.messageId,
      chat_id: m.chatId,
      reporter_id: null,
      kind: inboundKind(m),
      text: capped.text,
      text_length: (m.text ?? '').length,
      text_cut: capped.cut,
      payload: JSON.stringify({ location: m.location ?? null, media: m.media ?? [], at: m.at.toISOString(), userId: m.userId }),
      status: 'failed',
      error: error.slice(0, 2000),
      received_at: new Date(),
    })
    .onConflict((oc) => oc.constraint('messages_channel_direction_external_id').doUpdateSet({ status: 'failed', error: error.slice(0, 2000) }))
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
