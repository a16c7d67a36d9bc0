import { autoRetry } from '@grammyjs/auto-retry';
import { Api, GrammyError } from 'grammy';
import { PermanentDeliveryError, type ChannelSender, type Outbound, type RateLimits } from '../../src/channels/contract.js';
import { TELEGRAM_CHANNEL } from './inbound.js';
import { replyMarkup } from './keyboard.js';

/** How the sender reaches the Bot API. */
export interface TelegramSenderOptions {
  token: string;
  /** Defaults to https://api.telegram.org; tests point it at a fake. */
  apiRoot?: string;
  /**
   * Longest `retry_after` (s) waited inside one send; longer ones fail the send and the outbox
   * retries later (the chat's later messages wait behind it). Default 10: with the default two
   * attempts a send never outlives the outbox lease (30 s), so no other worker can take the row
   * while this one still waits to send it.
   */
  maxRetryAfterSeconds?: number;
  /** Rate-limit retries inside one send. Default 2. */
  maxRetryAttempts?: number;
  /** The pace the outbox keeps for this bot; default {@link TELEGRAM_LIMITS}. */
  limits?: RateLimits;
}

/** Telegram's published limits for bots: about 30 messages/s in bulk, and 1/s to one chat. */
export const TELEGRAM_LIMITS: RateLimits = { perSecond: 30, perChatPerSecond: 1 };

const PERMANENT = /bot was blocked by the user|chat not found|user is deactivated|bot was kicked|bot can't initiate conversation|have no rights to send|not enough rights|group chat was upgraded|PEER_ID_INVALID/i;

/** Whether a Bot API error means retrying the same message can never succeed. */
export function isPermanentTelegramError(err: unknown): boolean {
  if (!(err instanceof GrammyError)) return false;
  return err.error_code === 403 || (err.error_code === 400 && PERMANENT.test(err.description));
}

/** The Bot API client used for sending, with 429 `retry_after` honoured by `@grammyjs/auto-retry`. */
export function createTelegramApi(options: TelegramSenderOptions): Api {
  const api = new Api(options.token, options.apiRoot ? { apiRoot: options.apiRoot } : undefined);
  api.config.use(
    autoRetry({
      maxDelaySeconds: options.maxRetryAfterSeconds ?? 10,
      maxRetryAttempts: options.maxRetryAttempts ?? 2,
      // Network trouble and 5xx go back to the outbox, which retries with backoff and never blocks a round.
      rethrowHttpErrors: true,
      rethrowInternalServerErrors: true,
    }),
  );
  return api;
}

/**
 * Delivers outbox messages with `sendMessage`, with buttons when the message offers a choice. A 429 waits `retry_after` and sends again (so a
 * round of the outbox keeps the chat's order); a blocked bot (403) or a missing chat throws
 * {@link PermanentDeliveryError} so the row fails at once; anything else throws for a retry.
 * The external id is `${chatId}:${message_id}`, unique across chats.
 */
export class TelegramSender implements ChannelSender {
  readonly channel = TELEGRAM_CHANNEL;

  constructor(
    private readonly api: Api,
    readonly limits: RateLimits = TELEGRAM_LIMITS,
  ) {}

  /** A sender over its own API client built from `options`. */
  static create(options: TelegramSenderOptions): TelegramSender {
    return new TelegramSender(createTelegramApi(options), options.limits);
  }

  async send(m: Outbound): Promise<{ externalId?: string }> {
    try {
      const sent = await this.api.sendMessage(m.chatId, m.text, { link_preview_options: { is_disabled: true }, reply_markup: replyMarkup(m.choices) });
      return { externalId: `${sent.chat.id}:${sent.message_id}` };
    } catch (err) {
      if (isPermanentTelegramError(err)) throw new PermanentDeliveryError((err as GrammyError).description);
      throw err;
    }
  }
}
