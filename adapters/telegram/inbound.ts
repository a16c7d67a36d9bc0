import type { CallbackQuery, Message } from 'grammy/types';
import type { Inbound, InboundMedia } from '../../src/channels/contract.js';
import { commandText } from './commands.js';
import { parseChoiceData } from './keyboard.js';

/** The channel name of Telegram in the core. */
export const TELEGRAM_CHANNEL = 'telegram';

const mime = (type: string | undefined): { mime?: string } => (type ? { mime: type } : {});

/** Media of a message: photos (largest size) are evidence; the rest by kind so the core can answer politely. */
function mediaOf(m: Message): InboundMedia[] {
  if (m.photo && m.photo.length > 0) {
    const largest = m.photo.reduce((a, b) => (b.width * b.height >= a.width * a.height ? b : a));
    return [{ kind: 'photo', ref: largest.file_id, mime: 'image/jpeg' }];
  }
  if (m.video) return [{ kind: 'video', ref: m.video.file_id, ...mime(m.video.mime_type) }];
  if (m.video_note) return [{ kind: 'video', ref: m.video_note.file_id, mime: 'video/mp4' }];
  if (m.animation) return [{ kind: 'other', ref: m.animation.file_id }];
  if (m.document) return [{ kind: 'file', ref: m.document.file_id, ...mime(m.document.mime_type) }];
  if (m.sticker) return [{ kind: 'sticker', ref: m.sticker.file_id }];
  if (m.voice) return [{ kind: 'voice', ref: m.voice.file_id }];
  if (m.audio) return [{ kind: 'voice', ref: m.audio.file_id }];
  if (m.location || m.text !== undefined) return [];
  // Contact, poll, dice, venue without text…: something the core cannot use.
  return [{ kind: 'other', ref: `tg:${m.chat.id}:${m.message_id}` }];
}

/**
 * Normalises a Telegram message for the core. `messageId` is `${chat.id}:${message_id}` (a
 * message id is unique only within its chat), so a redelivered update is recognised as one
 * message. Commands become the text the core understands (see {@link commandText}); a
 * location is WGS-84; a caption is the text of a photo or video.
 */
export function messageToInbound(m: Message): Inbound {
  const raw = m.text ?? m.caption;
  const entities = m.text !== undefined ? m.entities : m.caption_entities;
  const text = raw === undefined ? undefined : (commandText(raw, entities) ?? raw);
  const media = mediaOf(m);
  // A venue carries its location too; a live location's first message is a pin like any other.
  const loc = m.location ?? m.venue?.location;
  return {
    channel: TELEGRAM_CHANNEL,
    chatId: String(m.chat.id),
    userId: String(m.from?.id ?? m.chat.id),
    messageId: `${m.chat.id}:${m.message_id}`,
    ...(text !== undefined ? { text } : {}),
    ...(loc ? { location: { lat: loc.latitude, lng: loc.longitude, datum: 'wgs84' as const } } : {}),
    ...(media.length > 0 ? { media } : {}),
    at: new Date(m.date * 1000),
  };
}

/**
 * Normalises a press on a reporter's choice button: its answer is read as if typed, with the
 * conversation version the question was asked at (so a press on an old question is refused).
 * The callback query id is unique, so a redelivery is recognised. Null when the button's
 * message is gone or the data is not a choice.
 */
export function callbackToInbound(q: CallbackQuery, at = new Date()): Inbound | null {
  const chat = q.message?.chat;
  const press = q.data === undefined ? null : parseChoiceData(q.data);
  if (!chat || !press) return null;
  return { channel: TELEGRAM_CHANNEL, chatId: String(chat.id), userId: String(q.from.id), messageId: `cbq:${q.id}`, text: press.reply, choiceVersion: press.version, at };
}
