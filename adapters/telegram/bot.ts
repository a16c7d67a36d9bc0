import { autoRetry } from '@grammyjs/auto-retry';
import { createConcurrentSink, createRunner, createSource, createUpdateFetcher, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import type { Update } from 'grammy/types';
import { Bot, webhookCallback, type BotError, type Context } from 'grammy';
import type { Logger } from 'pino';
import type { Inbound, MediaStore } from '../../src/channels/contract.js';
import { COMMAND_MENU } from './commands.js';
import { callbackToInbound, messageToInbound, TELEGRAM_CHANNEL } from './inbound.js';
import { parseActionData, pressedLabel } from './keyboard.js';
import { keepEvidence } from '../evidence.js';
import { telegramEvidence } from './media.js';
import { withTyping, TYPING_RENEW_MS } from './typing.js';

/** What the Telegram bot needs; main wiring supplies `handle` (the intake engine). */
export interface TelegramBotOptions {
  token: string;
  /** Defaults to https://api.telegram.org; tests point it at a fake. */
  apiRoot?: string;
  /** Processes one message through the intake engine; replies go out through the outbox. */
  handle(m: Inbound): Promise<unknown>;
  /**
   * Journals a batch of messages before long polling confirms it to Telegram (the next
   * getUpdates' offset), so a crash after the confirmation cannot lose one; retried until it works.
   */
  receive?(batch: Inbound[]): Promise<void>;
  log?: Pick<Logger, 'error' | 'warn' | 'info'>;
  /** Long-poll timeout of getUpdates, seconds. Default 30. */
  pollTimeoutSeconds?: number;
  /** How often "typing…" is renewed while a message is processed. */
  typingRenewMs?: number;
  /** Where photos and videos are kept; without it they stay Telegram file references. */
  media?: MediaStore;
  /** Staff action buttons on pages; without it presses on them are ignored. */
  staffActions?: StaffActionOptions;
}

/** Who may press the buttons of a page, and what the person pressing is told. */
export interface StaffActionOptions {
  /** Whether this Telegram user is registered, active staff. */
  isStaff(userId: string): Promise<boolean>;
  /** The staff group whose cards carry buttons too (its chat id); other groups are ignored. */
  groupChatId: string | null;
  /** Shown to someone who is not registered staff. */
  refused: string;
  /** Shown when the command was passed on; its result arrives in the private chat. */
  sent(command: string): string;
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
  /** Whether updates can arrive: long polling running, or the webhook registered. */
  connected(): boolean;
}

/** The key that serialises updates: the chat, so one chat's messages are handled in order. */
function chatKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString();
}

/**
 * The citizen-facing Telegram bot over long polling (`@grammyjs/runner`): updates of different
 * chats are processed concurrently, those of one chat one after the other (`sequentialize`), and
 * each batch is journaled (`receive`) before the next poll confirms it to Telegram.
 * Every private message (and every inline-button press) is normalised and passed to `handle`
 * while "typing…" shows. Only private chats are served; group messages and
 * edited messages are ignored, except presses on page buttons in the staff group.
 * `startWebhook` + `webhook` serve the same bot behind a webhook.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const bot = new Bot(options.token, options.apiRoot ? { client: { apiRoot: options.apiRoot } } : undefined);
  bot.api.config.use(autoRetry({ maxDelaySeconds: 60, maxRetryAttempts: 3, rethrowHttpErrors: true }));
  const log = options.log;
  const renew = options.typingRenewMs ?? TYPING_RENEW_MS;

  bot.use(sequentialize(chatKey));

  // A page's buttons, in a staff member's private chat or on a card in the staff group: the
  // command runs as if the person pressing had typed it privately, and only for registered staff.
  bot.on('callback_query:data', async (ctx, next) => {
    const command = parseActionData(ctx.callbackQuery.data);
    if (command === null) return next();
    const staff = options.staffActions;
    const chat = ctx.chat;
    const allowed = staff && chat && (chat.type === 'private' || String(chat.id) === staff.groupChatId);
    if (!allowed) return void (await ctx.answerCallbackQuery().catch(() => undefined));
    const userId = String(ctx.from.id);
    if (!(await staff.isStaff(userId))) {
      log?.warn({ userId, chat: chat.id }, 'page button pressed by someone not registered as staff');
      return void (await ctx.answerCallbackQuery({ text: staff.refused, show_alert: true }).catch(() => undefined));
    }
    await ctx.answerCallbackQuery({ text: staff.sent(command) }).catch(() => undefined);
    await options.handle({ channel: TELEGRAM_CHANNEL, chatId: userId, userId, messageId: `cbq:${ctx.callbackQuery.id}`, text: command, at: new Date() });
  });

  bot.filter((ctx) => ctx.chat?.type === 'private');

  bot.on('callback_query', async (ctx) => {
    const q = ctx.callbackQuery;
    // Stop the button's spinner at once, echoing the choice; the reply comes through the outbox.
    const label = q.data === undefined ? undefined : pressedLabel(q.message?.reply_markup, q.data);
    await ctx.answerCallbackQuery(label ? { text: label } : undefined).catch(() => undefined);
    const inbound = callbackToInbound(q);
    if (!inbound || !ctx.chat) return;
    // A question's buttons answer it once: take them off so an old question cannot be answered again.
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    await withTyping(ctx.api, ctx.chat.id, () => options.handle(inbound), renew);
  });

  const apiRoot = options.apiRoot ?? 'https://api.telegram.org';
  const store = options.media;
  const evidence = store
    ? telegramEvidence(bot.api, `${apiRoot}/file/bot${options.token}`, store, (ref, err) => log?.warn({ ref, err: err instanceof Error ? err.message : String(err) }, 'telegram file not kept'))
    : null;

  bot.on('message', async (ctx) => {
    const inbound = messageToInbound(ctx.message);
    await withTyping(ctx.api, ctx.chat.id, async () => options.handle(evidence ? await keepEvidence(evidence, inbound) : inbound), renew);
  });

  bot.catch((err) => {
    // Never log message text: the update may carry a citizen's words or contacts.
    log?.error({ err: err.error instanceof Error ? err.error.message : String(err.error), updateId: err.ctx.update.update_id }, 'telegram update failed');
  });

  /** The command menu, Chinese by default and English for English-language clients; a failure only costs the menu. */
  const registerMenu = async (): Promise<void> => {
    try {
      await bot.api.setMyCommands(COMMAND_MENU.zh);
      await bot.api.setMyCommands(COMMAND_MENU.en, { language_code: 'en' });
    } catch (err) {
      log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'telegram command menu not set');
    }
  };

  /** The citizens' messages and presses of a batch, as `handle` will get them (staff buttons and groups are not journaled ahead). */
  const citizenInbound = (updates: readonly Update[]): Inbound[] =>
    updates.flatMap((u) => {
      if (u.message?.chat.type === 'private') return [messageToInbound(u.message)];
      const q = u.callback_query;
      if (q && q.message?.chat.type === 'private' && (q.data === undefined || parseActionData(q.data) === null)) return [callbackToInbound(q)].filter((m): m is Inbound => m !== null);
      return [];
    });

  /** Journals a fetched batch before it is confirmed; while the database is away, polling waits (Telegram keeps the updates). */
  const journalAhead = async (updates: Update[], signal: { aborted: boolean }): Promise<void> => {
    const batch = citizenInbound(updates);
    if (!options.receive || batch.length === 0) return;
    for (let wait = 500; !signal.aborted; wait = Math.min(wait * 2, 10_000)) {
      try {
        return await options.receive(batch);
      } catch (err) {
        log?.warn({ err: err instanceof Error ? err.message : String(err), updates: batch.length }, 'telegram batch not journaled; polling waits');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  };

  let runner: RunnerHandle | null = null;
  let hooked = false;
  return {
    bot,
    async start() {
      if (runner?.isRunning()) return;
      await bot.init();
      await bot.api.deleteWebhook();
      await registerMenu();
      // The runner's parts, assembled so that a batch is journaled before the next getUpdates
      // confirms it: the fetcher sends the new offset only when asked for the next batch.
      const fetchUpdates = createUpdateFetcher(bot, { fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: ['message', 'callback_query'] }, silent: !log });
      const source = createSource({
        supply: async (batchSize, signal) => {
          const updates = await fetchUpdates(batchSize, signal);
          await journalAhead(updates, signal);
          return updates;
        },
      });
      const sink = createConcurrentSink<Update>({ consume: (update) => bot.handleUpdate(update) }, async (error) => {
        await bot.errorHandler(error as BotError<Context>);
      });
      runner = createRunner(source, sink);
      runner.start();
      log?.info({ bot: bot.botInfo.username }, 'telegram long polling started');
    },
    async startWebhook(url, secret) {
      await bot.init();
      await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: ['message', 'callback_query'] });
      hooked = true;
      await registerMenu();
      log?.info({ bot: bot.botInfo.username }, 'telegram webhook registered');
    },
    webhook: (secret) => webhookCallback(bot, 'fastify', { secretToken: secret }),
    connected: () => hooked || (runner?.isRunning() ?? false),
    async stop() {
      hooked = false;
      const r = runner;
      runner = null;
      if (r?.isRunning()) await r.stop();
    },
  };
}
