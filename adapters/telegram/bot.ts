import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, webhookCallback, type Context } from 'grammy';
import type { Logger } from 'pino';
import type { Inbound } from '../../src/channels/contract.js';
import { callbackToInbound, messageToInbound } from './inbound.js';
import { withTyping, TYPING_RENEW_MS } from './typing.js';

/** What the Telegram bot needs; main wiring supplies `handle` (the intake engine). */
export interface TelegramBotOptions {
  token: string;
  /** Defaults to https://api.telegram.org; tests point it at a fake. */
  apiRoot?: string;
  /** Processes one message through the intake engine; replies go out through the outbox. */
  handle(m: Inbound): Promise<unknown>;
  log?: Pick<Logger, 'error' | 'warn' | 'info'>;
  /** Long-poll timeout of getUpdates, seconds. Default 30. */
  pollTimeoutSeconds?: number;
  /** How often "typing…" is renewed while a message is processed. */
  typingRenewMs?: number;
}

/** A long-polling Telegram bot: start it once, stop it on shutdown. */
export interface TelegramBot {
  /** The grammY bot (for tests and later slices: webhook, commands menu). */
  readonly bot: Bot;
  /** Checks the token (getMe), removes any webhook, and starts long polling with the runner. */
  start(): Promise<void>;
  /**
   * Webhook mode instead of polling (several instances behind a load balancer): registers `url`
   * with Telegram, which then sends every update with `secret` in a header.
   */
  startWebhook(url: string, secret: string): Promise<void>;
  /** The HTTP handler for the webhook route on a fastify server; a wrong secret gets 401. */
  webhook(secret: string): ReturnType<typeof webhookCallback<Context, 'fastify'>>;
  /** Stops fetching, aborts the pending getUpdates and waits for messages being processed. */
  stop(): Promise<void>;
}

/** The key that serialises updates: the chat, so one chat's messages are handled in order. */
function chatKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString();
}

/**
 * The citizen-facing Telegram bot over long polling (`@grammyjs/runner`): updates of different
 * chats are processed concurrently, those of one chat one after the other (`sequentialize`).
 * Every private message (and every inline-button press) is normalised and passed to `handle`
 * while "typing…" shows. Only private chats are served in this slice; group messages and
 * edited messages are ignored. `startWebhook` + `webhook` serve the same bot behind a webhook.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const bot = new Bot(options.token, options.apiRoot ? { client: { apiRoot: options.apiRoot } } : undefined);
  bot.api.config.use(autoRetry({ maxDelaySeconds: 60, maxRetryAttempts: 3, rethrowHttpErrors: true }));
  const log = options.log;
  const renew = options.typingRenewMs ?? TYPING_RENEW_MS;

  bot.use(sequentialize(chatKey));
  bot.filter((ctx) => ctx.chat?.type === 'private');

  bot.on('callback_query', async (ctx) => {
    // Stop the button's spinner first; the reply comes as a message through the outbox.
    await ctx.answerCallbackQuery().catch(() => undefined);
    const inbound = callbackToInbound(ctx.callbackQuery);
    if (!inbound || !ctx.chat) return;
    await withTyping(ctx.api, ctx.chat.id, () => options.handle(inbound), renew);
  });

  bot.on('message', async (ctx) => {
    const inbound = messageToInbound(ctx.message);
    await withTyping(ctx.api, ctx.chat.id, () => options.handle(inbound), renew);
  });

  bot.catch((err) => {
    // Never log message text: the update may carry a citizen's words or contacts.
    log?.error({ err: err.error instanceof Error ? err.error.message : String(err.error), updateId: err.ctx.update.update_id }, 'telegram update failed');
  });

  let runner: RunnerHandle | null = null;
  return {
    bot,
    async start() {
      if (runner?.isRunning()) return;
      await bot.init();
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: { fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: ['message', 'callback_query'] }, silent: !log },
      });
      log?.info({ bot: bot.botInfo.username }, 'telegram long polling started');
    },
    async startWebhook(url, secret) {
      await bot.init();
      await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: ['message', 'callback_query'] });
      log?.info({ bot: bot.botInfo.username }, 'telegram webhook registered');
    },
    webhook: (secret) => webhookCallback(bot, 'fastify', { secretToken: secret }),
    async stop() {
      const r = runner;
      runner = null;
      if (r?.isRunning()) await r.stop();
    },
  };
}
