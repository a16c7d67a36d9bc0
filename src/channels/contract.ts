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
}

/** One message for a platform to deliver. */
export interface Outbound {
  /** The outbox row, for the adapter's own idempotency. */
  outboxId: string;
  channel: string;
  chatId: string;
  text: string;
}

/** Delivers outbound messages for one channel. Adapters implement it; the outbox worker calls it. */
export interface ChannelSender {
  channel: string;
  /** Resolves with the platform's message id when known; throws to retry later. */
  send(message: Outbound): Promise<{ externalId?: string }>;
}

/** Thrown by a sender when retrying cannot help (user blocked the bot, chat gone). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
