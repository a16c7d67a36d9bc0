/** A map pin sent by a reporter; WeChat map picks are GCJ-02, Telegram and browsers WGS-84. */
export interface InboundLocation {
  lat: number;
  lng: number;
  datum: 'wgs84' | 'gcj02';
}

/** Something other than text: photos and videos are evidence; the rest is politely refused. */
export interface InboundMedia {
  kind: 'photo' | 'video' | 'file' | 'sticker' | 'voice' | 'other';
  /** The channel's reference to fetch it later (file id, URL); never the bytes. */
  ref: string;
  /** Set when the adapter fetched the file and it is kept in the {@link MediaStore}. */
  sha256?: string;
  size?: number;
  mime?: string;
}

/** A file received from a platform, for the {@link MediaStore}. */
export interface ReceivedFile {
  channel: string;
  ref: string;
  bytes: Uint8Array;
  mime: string | null;
}

/**
 * Keeps evidence files: adapters fetch a photo's bytes from the platform (whose links expire)
 * and save them here; the case then refers to them by content hash.
 */
export interface MediaStore {
  /** Stores the bytes once per content; resolves with their sha256 (hex) and size. */
  save(file: ReceivedFile): Promise<{ sha256: string; size: number }>;
}

/** One message from a platform, normalised by its adapter. The only thing adapters give the core. */
export interface Inbound {
  /** `web`, `terminal`, `telegram`, `wechat`. */
  channel: string;
  /** Where replies go. */
  chatId: string;
  /** Who wrote it, stable on this channel. */
  userId: string;
  /** The platform's id for the message; a redelivery carries the same id. */
  messageId: string;
  text?: string;
  location?: InboundLocation;
  media?: InboundMedia[];
  /** When the platform says it was sent. */
  at: Date;
  /**
   * Set when the message is a press on a button of an earlier question: the conversation version
   * that question was asked at. A press on an out-of-date question is refused, not read as an answer.
   */
  choiceVersion?: number;
}

/** One button of a short choice: what it shows, and what pressing it answers (as if typed). */
export interface Choice {
  label: string;
  reply: string;
}

/**
 * What a platform may offer with a message so a tap can answer it: buttons for a reporter's
 * short numbered choice (valid only while the conversation is still at `version`), a button
 * that shares the reporter's location, or staff actions on a page. Platforms without buttons
 * show the text alone, which always says what to type instead.
 */
export type OutboundChoices =
  /**
   * Answers to the question asked. With `version`, a press counts only while the conversation is
   * still at that version; without, each reply names what it answers (a rating with its case
   * number) and stays valid.
   */
  | { kind: 'buttons'; version?: number; options: Choice[] }
  | { kind: 'location'; label: string }
  /** Staff actions on a page: each button sends its `reply` as a staff command from whoever presses it. */
  | { kind: 'actions'; actions: Choice[] };

/** One message for a platform to deliver. */
export interface Outbound {
  /** The outbox row, for the adapter's own idempotency. */
  outboxId: string;
  channel: string;
  chatId: string;
  text: string;
  choices?: OutboundChoices;
}

/** How fast a platform accepts messages; the outbox worker paces itself to stay under it. */
export interface RateLimits {
  /** Messages per second across all chats. */
  perSecond: number;
  /** Messages per second to one chat. */
  perChatPerSecond: number;
}

/** Delivers outbound messages for one channel. Adapters implement it; the outbox worker calls it. */
export interface ChannelSender {
  channel: string;
  /** The platform's limits, if it has any worth pacing for (Telegram: 30/s overall, 1/s per chat). */
  limits?: RateLimits;
  /**
   * Platforms that only let the bot answer for a while after the person's last message (a WeChat
   * service account: 48 hours): the length of that window. The reporter is reachable until
   * their last message plus this.
   */
  replyWindowMs?: number;
  /** Resolves with the platform's message id when known; throws to retry later. */
  send(message: Outbound): Promise<{ externalId?: string }>;
}

/** Thrown by a sender when retrying cannot help (user blocked the bot, chat gone). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
