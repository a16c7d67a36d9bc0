import { types } from 'wechaty';
import type { Inbound, InboundMedia } from '../../src/channels/contract.js';

/** The channel name of WeChat in the core. */
export const WECHAT_CHANNEL = 'wechat';

/**
 * What the adapter reads off a Wechaty message before normalising it, so normalisation stays a
 * pure function (the location needs a puppet call; see `readMessage`).
 */
export interface WechatMessageView {
  /** The puppet's message id. WeChat's server id on protocol puppets, so a redelivery keeps it. */
  id: string;
  type: types.Message;
  /** The typed text; on other types puppets put XML or nothing here, so it is read for text only. */
  text: string;
  at: Date;
  /**
   * The talker's contact id, used as the reporter's key (see {@link messageToInbound} for why
   * and where that stops being stable).
   */
  talkerId: string;
  talkerType: types.Contact;
  /** Sent by the bot's own account (the puppet reports our sends as messages too). */
  self: boolean;
  /** Said in a group: this slice serves one-to-one chats only. */
  inRoom: boolean;
  /** The pin of a location message, when the puppet could give it. */
  location?: { latitude: number; longitude: number };
}

/**
 * WeChat's own service accounts, which write to every account (the WeChat team, file transfer,
 * friend recommendations, news): their messages are notices, not reports. The web protocol
 * gives them these fixed ids and does not mark them as official accounts.
 */
const SYSTEM_CONTACTS = new Set(['weixin', 'filehelper', 'fmessage', 'newsapp', 'medianote', 'floatbottle', 'qmessage', 'qqmail', 'tmessage']);

/**
 * Message types that are notices rather than something a person sent: puppets map WeChat's
 * system messages (type 10000 and 9999: "you added X", "X recalled a message") to Unknown or
 * Recalled, and group notes occur in rooms only.
 */
const NOTICE_TYPES = new Set<types.Message>([types.Message.Unknown, types.Message.Recalled, types.Message.GroupNote]);

/** Media kinds of the types that are neither text nor a pin; what the core politely refuses is its business. */
function mediaOf(v: WechatMessageView): InboundMedia[] {
  const ref = v.id;
  switch (v.type) {
    case types.Message.Text:
      return [];
    case types.Message.Location:
      return v.location ? [] : [{ kind: 'other', ref }];
    case types.Message.Image:
      return [{ kind: 'photo', ref }];
    case types.Message.Video:
      return [{ kind: 'video', ref }];
    case types.Message.Audio:
      return [{ kind: 'voice', ref }];
    case types.Message.Emoticon:
      return [{ kind: 'sticker', ref }];
    case types.Message.Attachment:
      return [{ kind: 'file', ref }];
    default:
      // Mini-programs, links, contact cards, chat histories, transfers, red envelopes, moments.
      return [{ kind: 'other', ref }];
  }
}

/**
 * Normalises a WeChat message for the core, or null when it is not for the core: our own
 * sends, group messages, official accounts and system notices.
 *
 * `messageId` is the puppet's message id, so a redelivered message is processed once. A
 * location is GCJ-02 (WeChat's map picks it so); a photo, video or file is evidence whose `ref`
 * is that message id, from which the puppet fetches the file (`Message.find({ id })`, then
 * `toFileBox()`) while the login lasts.
 *
 * Identity: `userId` and `chatId` are the talker's contact id. Wechaty 1.x offers no stable key
 * for every puppet: `handle()` (the WeChat ID, formerly `weixin()`) is empty for most people on
 * most protocols and can be changed once a year; an alias is ours to set but costs an API call
 * per contact and is rate-limited. The contact id itself is the wxid on the pad, Windows and
 * WeCom puppets behind `wechaty-puppet-service`, stable across logins and restarts, so it serves
 * as the key and the sender finds the person again with `Contact.find({ id })`. The limit: on
 * the web-protocol puppets (`wechaty-puppet-wechat`, `wechaty-puppet-wechat4u`) contact ids
 * are session ids that change at every login, so after a relogin a reporter becomes a new
 * reporter and pushes to the old id fail as unreachable; those puppets are for trials only.
 */
export function messageToInbound(v: WechatMessageView): Inbound | null {
  if (v.self || v.inRoom || NOTICE_TYPES.has(v.type)) return null;
  if (v.talkerType === types.Contact.Official || SYSTEM_CONTACTS.has(v.talkerId)) return null;
  const media = mediaOf(v);
  const loc = v.type === types.Message.Location ? v.location : undefined;
  return {
    channel: WECHAT_CHANNEL,
    chatId: v.talkerId,
    userId: v.talkerId,
    messageId: v.id,
    ...(v.type === types.Message.Text ? { text: v.text } : {}),
    ...(loc ? { location: { lat: loc.latitude, lng: loc.longitude, datum: 'gcj02' as const } } : {}),
    ...(media.length > 0 ? { media } : {}),
    at: v.at,
  };
}
