import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageEntity, Update, User } from 'grammy/types';
import type { FakeRateLimit } from './rate-limit.js';

/** One Bot API call the fake received. */
export interface FakeCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
}

/** A message the bot sent with `sendMessage`. */
export interface FakeSent {
  chatId: string;
  messageId: number;
  text: string;
  params: Record<string, unknown>;
  /** The message's keyboard as it is now (editMessageReplyMarkup changes it). */
  replyMarkup?: FakeMarkup;
}

/** A reply_markup as the bot sent it: inline buttons, a reply keyboard or its removal. */
export interface FakeMarkup {
  inline_keyboard?: { text: string; callback_data: string }[][];
  keyboard?: { text: string; request_location?: boolean }[][];
  remove_keyboard?: boolean;
  one_time_keyboard?: boolean;
}

/** The inline buttons of a markup, flattened. */
export function inlineButtons(markup: FakeMarkup | undefined): { text: string; callback_data: string }[] {
  return markup?.inline_keyboard?.flat() ?? [];
}

/** A failure to answer instead of the next `sendMessage` calls to one chat. */
export type FakeFailure = { kind: '429'; retryAfter: number } | { kind: '403' } | { kind: 'chat_not_found' };

/** Who writes a fake message: a private chat whose id equals the user id. */
export interface FakeFrom {
  id: number;
  firstName?: string;
  languageCode?: string;
}

interface Waiter {
  offset: number;
  done: (updates: Update[]) => void;
}

const BOT_USER: User = { id: 777000111, is_bot: true, first_name: 'Huiyin', username: 'HuiyinTestBot' };

/**
 * A small fake of the Telegram Bot API on 127.0.0.1, enough for grammY's real client:
 * `${apiRoot}/bot${token}/${method}` with JSON, form or query parameters. Supports getMe,
 * getUpdates (long poll by offset/timeout), sendMessage (keeping reply markup), sendChatAction,
 * answerCallbackQuery, editMessageReplyMarkup, getFile with downloads at
 * `${apiRoot}/file/bot${token}/${file_path}`, setMyCommands, setWebhook and deleteWebhook;
 * tests inject updates, files and failures.
 */
export class FakeTelegramApi {
  /** Every call received, in order. */
  readonly calls: FakeCall[] = [];
  /** Every message sent by the bot, in order. */
  readonly sent: FakeSent[] = [];
  /** Chat actions (`typing`…) per chat id. */
  readonly actions = new Map<string, string[]>();
  /** Callback query ids answered. */
  readonly answeredCallbacks: string[] = [];
  /** Command menus registered with setMyCommands, per language code ('' for the default). */
  readonly commandMenus: { language: string; commands: { command: string }[] }[] = [];
  /** The webhook URL last set, or '' after deleteWebhook. */
  webhookUrl = '';
  /** The secret_token given with the webhook, sent back by Telegram in a header. */
  webhookSecret = '';
  /** Opt-in flood control: while set, sendMessage answers 429 with `retry_after` above its limits. */
  rateLimit: FakeRateLimit | null = null;
  /**
   * Webhook mode: while set, an update is handed to this instead of waiting for getUpdates
   * (see `telegram-webhook.ts`), as Telegram stops answering getUpdates once a webhook is set.
   */
  onUpdate: ((update: Update) => void) | null = null;

  private queue: Update[] = [];
  private waiters = new Set<Waiter>();
  private failures = new Map<string, FakeFailure[]>();
  private files = new Map<string, Uint8Array>();
  private nextUpdateId = 100_000;
  private nextMessageId = new Map<string, number>();
  private listeners = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    /** The apiRoot to give grammY: `new Bot(token, { client: { apiRoot } })`. */
    readonly apiRoot: string,
  ) {}

  /** Starts a fake on a free port of 127.0.0.1. */
  static async start(): Promise<FakeTelegramApi> {
    let fake: FakeTelegramApi | undefined;
    const server = createServer((req, res) => void fake?.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTelegramApi(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** Queues an update for getUpdates; its update_id is assigned unless given. Returns it. */
  inject(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId++ } as Update;
    if (this.onUpdate) {
      this.onUpdate(full);
      return full;
    }
    this.queue.push(full);
    for (const w of [...this.waiters]) {
      const ready = this.pending(w.offset);
      if (ready.length > 0) {
        this.waiters.delete(w);
        w.done(ready);
      }
    }
    return full;
  }

  /** A private text message; a leading `/command` gets its `bot_command` entity as Telegram sends it. */
  text(from: FakeFrom, text: string, messageId = this.allocMessageId(String(from.id)), date = new Date()): Update {
    const entities: MessageEntity[] = [];
    const cmd = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
    if (cmd) entities.push({ type: 'bot_command', offset: 0, length: cmd[0].length });
    return this.inject({ message: { ...this.base(from, messageId, date), text, ...(entities.length ? { entities } : {}) } as Update['message'] });
  }

  /** A private location message (WGS-84, as Telegram sends). */
  location(from: FakeFrom, latitude: number, longitude: number, messageId = this.allocMessageId(String(from.id))): Update {
    return this.inject({ message: { ...this.base(from, messageId, new Date()), location: { latitude, longitude } } as Update['message'] });
  }

  /** A private photo message: two sizes, the largest last, as Telegram sends. */
  photo(from: FakeFrom, fileId: string, caption?: string, messageId = this.allocMessageId(String(from.id))): Update {
    const photo = [
      { file_id: `${fileId}-small`, file_unique_id: `${fileId}-su`, width: 90, height: 67 },
      { file_id: fileId, file_unique_id: `${fileId}-u`, width: 1280, height: 960, file_size: 123_456 },
    ];
    return this.inject({ message: { ...this.base(from, messageId, new Date()), photo, ...(caption ? { caption } : {}) } as Update['message'] });
  }

  /** A private sticker message. */
  sticker(from: FakeFrom, fileId: string, messageId = this.allocMessageId(String(from.id))): Update {
    const sticker = { file_id: fileId, file_unique_id: `${fileId}-u`, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false };
    return this.inject({ message: { ...this.base(from, messageId, new Date()), sticker } as Update['message'] });
  }

  /**
   * A press on an inline button under one of the bot's messages, in a private chat unless
   * `chat` is a group's id; the message carries its current keyboard, as Telegram sends it.
   */
  callback(from: FakeFrom, data: string, onMessageId = 1, chat: number = from.id): Update {
    const id = `cbq-${this.nextUpdateId}`;
    const sent = this.sent.find((s) => s.chatId === String(chat) && s.messageId === onMessageId);
    const chatInfo = chat === from.id ? { id: chat, type: 'private', first_name: from.firstName ?? 'Citizen' } : { id: chat, type: 'supergroup', title: 'Staff' };
    const message = { message_id: onMessageId, date: Math.floor(Date.now() / 1000), chat: chatInfo, from: BOT_USER, text: sent?.text ?? '…', ...(sent?.replyMarkup?.inline_keyboard ? { reply_markup: { inline_keyboard: sent.replyMarkup.inline_keyboard } } : {}) };
    return this.inject({ callback_query: { id, from: this.user(from), chat_instance: `ci-${chat}`, message, data } as Update['callback_query'] });
  }

  /** Presses the inline button labelled `label` on the latest message to `chat` that has it. */
  press(from: FakeFrom, label: string, chat: number = from.id): Update {
    for (const s of [...this.sent].reverse()) {
      if (s.chatId !== String(chat)) continue;
      const button = inlineButtons(s.replyMarkup).find((b) => b.text === label);
      if (button) return this.callback(from, button.callback_data, s.messageId, chat);
    }
    throw new Error(`fake Telegram: no button "${label}" in chat ${chat}`);
  }

  /** A file the bot may fetch with getFile and download, as a photo's `file_id` refers to. */
  addFile(fileId: string, bytes: Uint8Array): void {
    this.files.set(fileId, bytes);
  }

  /** A message sent by someone in a group the bot is in (staff group). */
  groupText(from: FakeFrom, chat: number, text: string): Update {
    const messageId = this.allocMessageId(String(chat));
    return this.inject({ message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'supergroup', title: 'Staff' }, from: this.user(from), text } as Update['message'] });
  }

  /** Makes the next `n` sendMessage calls to `chatId` fail this way. */
  failNext(chatId: string | number, n: number, failure: FakeFailure): void {
    const list = this.failures.get(String(chatId)) ?? [];
    for (let i = 0; i < n; i++) list.push(failure);
    this.failures.set(String(chatId), list);
  }

  /** Texts the bot sent to one chat, in order. */
  textsFor(chatId: string | number): string[] {
    return this.sent.filter((s) => s.chatId === String(chatId)).map((s) => s.text);
  }

  /** Calls of one method, in order. */
  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `predicate` holds (checked after every call), or rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Telegram: timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  /** Answers pending long polls with nothing and stops the server. */
  async close(): Promise<void> {
    for (const w of this.waiters) w.done([]);
    this.waiters.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private user(from: FakeFrom): User {
    return { id: from.id, is_bot: false, first_name: from.firstName ?? 'Citizen', ...(from.languageCode ? { language_code: from.languageCode } : {}) };
  }

  private base(from: FakeFrom, messageId: number, date: Date) {
    return {
      message_id: messageId,
      date: Math.floor(date.getTime() / 1000),
      chat: { id: from.id, type: 'private' as const, first_name: from.firstName ?? 'Citizen' },
      from: this.user(from),
    };
  }

  private allocMessageId(chatId: string): number {
    const next = (this.nextMessageId.get(chatId) ?? 0) + 1;
    this.nextMessageId.set(chatId, next);
    return next;
  }

  private pending(offset: number): Update[] {
    // Telegram forgets updates below the offset: getUpdates with an offset confirms them.
    this.queue = this.queue.filter((u) => u.update_id >= offset);
    return this.queue.slice(0, 100);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const file = /^\/file\/bot([^/]+)\/files\/(.+)$/.exec(url.pathname);
    if (file) {
      this.calls.push({ token: file[1]!, method: 'download', params: { file_path: file[2] } });
      const bytes = this.files.get(decodeURIComponent(file[2]!));
      if (!bytes) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length }).end(bytes);
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = m as unknown as [string, string, string];
    let params: Record<string, unknown>;
    try {
      params = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
    } catch {
      return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid body' });
    }
    this.calls.push({ token, method, params });
    try {
      await this.dispatch(method, params, req, res);
    } finally {
      for (const l of [...this.listeners]) l();
    }
  }

  private async dispatch(method: string, p: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    switch (method) {
      case 'getMe':
        return ok(res, BOT_USER);
      case 'setWebhook':
        this.webhookUrl = String(p.url ?? '');
        this.webhookSecret = p.secret_token === undefined ? '' : String(p.secret_token);
        return ok(res, true);
      case 'deleteWebhook':
        this.webhookUrl = '';
        if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') this.queue = [];
        return ok(res, true);
      case 'getUpdates': {
        if (this.webhookUrl) return reply(res, 409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
        const offset = Number(p.offset ?? 0);
        const timeout = Math.min(Number(p.timeout ?? 0), 50);
        const ready = this.pending(offset);
        if (ready.length > 0 || timeout <= 0) return ok(res, ready);
        const updates = await new Promise<Update[]>((resolve) => {
          const w: Waiter = { offset, done: (u) => { clearTimeout(timer); resolve(u); } };
          const timer = setTimeout(() => {
            this.waiters.delete(w);
            resolve([]);
          }, timeout * 1000);
          this.waiters.add(w);
          // The client gave up (runner stopped): forget the waiter so no update is handed to nobody.
          req.once('close', () => {
            if (res.writableEnded) return;
            this.waiters.delete(w);
            clearTimeout(timer);
            resolve([]);
          });
        });
        if (!res.destroyed) ok(res, updates);
        return;
      }
      case 'sendMessage': {
        const chatId = String(p.chat_id ?? '');
        if (!chatId || typeof p.text !== 'string' || p.text.length === 0) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
        const failure = this.failures.get(chatId)?.shift();
        if (failure?.kind === '429') return reply(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${failure.retryAfter}`, parameters: { retry_after: failure.retryAfter } });
        if (failure?.kind === '403') return reply(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        if (failure?.kind === 'chat_not_found') return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        const retryAfter = this.rateLimit?.check(chatId) ?? 0;
        if (retryAfter > 0) return reply(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
        const messageId = this.allocMessageId(`out:${chatId}`);
        const markup = parseMarkup(p.reply_markup);
        this.sent.push({ chatId, messageId, text: p.text, params: p, ...(markup ? { replyMarkup: markup } : {}) });
        const chat = { id: Number(chatId), type: 'private', first_name: 'Citizen' };
        return ok(res, { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from: BOT_USER, text: p.text });
      }
      case 'sendChatAction': {
        const chatId = String(p.chat_id ?? '');
        this.actions.set(chatId, [...(this.actions.get(chatId) ?? []), String(p.action)]);
        return ok(res, true);
      }
      case 'answerCallbackQuery':
        this.answeredCallbacks.push(String(p.callback_query_id));
        return ok(res, true);
      case 'editMessageReplyMarkup': {
        const sent = this.sent.find((x) => x.chatId === String(p.chat_id) && x.messageId === Number(p.message_id));
        if (!sent) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
        const markup = parseMarkup(p.reply_markup);
        if (markup) sent.replyMarkup = markup;
        else delete sent.replyMarkup;
        return ok(res, { message_id: sent.messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(sent.chatId), type: 'private' }, text: sent.text });
      }
      case 'getFile': {
        const fileId = String(p.file_id ?? '');
        const bytes = this.files.get(fileId);
        if (!bytes) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return ok(res, { file_id: fileId, file_unique_id: `${fileId}-u`, file_size: bytes.length, file_path: `files/${fileId}` });
      }
      case 'setMyCommands':
        this.commandMenus.push({ language: p.language_code === undefined ? '' : String(p.language_code), commands: (typeof p.commands === 'string' ? JSON.parse(p.commands) : p.commands) as { command: string }[] });
        return ok(res, true);
      default:
        return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }
}

/** A reply_markup parameter as sent (JSON text in form bodies); undefined when absent or empty. */
function parseMarkup(raw: unknown): FakeMarkup | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const markup = (typeof raw === 'string' ? JSON.parse(raw) : raw) as FakeMarkup;
  if (markup.inline_keyboard && markup.inline_keyboard.flat().length === 0) return undefined;
  return markup;
}

function ok(res: ServerResponse, result: unknown): void {
  reply(res, 200, { ok: true, result });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw.length === 0) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  throw new Error(`unsupported content type ${type}`);
}
