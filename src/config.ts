import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { DbTarget } from './db/connect.js';
import { LLM_PRESETS, llmSettings, OUTPUT_MODES, type LlmSettings } from './understanding/llm/settings.js';

const optional = <T extends z.ZodType>(t: T) => t.optional().or(z.literal('').transform(() => undefined));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset for embedded PGlite)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  HUIYIN_DATA_DIR: z.string().min(1).default('./data/pg'),
  HUIYIN_SPOOL_DIR: optional(z.string().min(1)),
  HUIYIN_CONFIG_DIR: z.string().min(1).default('./config'),
  HUIYIN_HOST: z.string().min(1).default('127.0.0.1'),
  HUIYIN_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HUIYIN_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'HUIYIN_TIMEZONE is not a known IANA time zone'),
  HUIYIN_RESUME_AFTER_HOURS: z.coerce.number().positive().default(12),
  HUIYIN_OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
  HUIYIN_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  HUIYIN_FLOOD_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  HUIYIN_FLOOD_BURST: z.coerce.number().int().min(1).max(10_000).default(20),
  HUIYIN_PUBLIC_DIR: z.string().min(1).default('./public'),
  HUIYIN_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s?#]+$/, 'HUIYIN_PUBLIC_URL must be the http(s) address the public folder is served at, e.g. https://huiyin.example.org/public')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'TELEGRAM_BOT_TOKEN must look like 123456:ABC… (from @BotFather)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TELEGRAM_API_ROOT: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  TELEGRAM_WEBHOOK_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'TELEGRAM_WEBHOOK_SECRET must be 16-256 letters, digits, _ or -')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TELEGRAM_STAFF_CHAT_ID: z
    .string()
    .regex(/^-\d{5,20}$/, 'TELEGRAM_STAFF_CHAT_ID must be a group chat id, e.g. -1001234567890')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TELEGRAM_DIGEST_CHAT_ID: z
    .string()
    .regex(/^(@[A-Za-z][A-Za-z0-9_]{4,31}|-\d{5,20})$/, 'TELEGRAM_DIGEST_CHAT_ID must be a channel @name or a chat id, e.g. -1001234567890')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  WECHATY_PUPPET: z
    .string()
    .regex(/^(@[a-z0-9-]+\/)?wechaty-puppet-[a-z0-9-]+$/, 'WECHATY_PUPPET must name a puppet package, e.g. wechaty-puppet-service')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
  WECHATY_AUTO_ACCEPT_FRIENDS: z.enum(['true', 'false', '']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OPENAI_API_KEY: optional(z.string().min(1)),
  OPENAI_BASE_URL: optional(z.string().regex(/^https?:\/\/\S+$/, 'OPENAI_BASE_URL must be an http(s) URL, e.g. http://127.0.0.1:11434/v1')),
  OPENAI_MODEL: optional(z.string().min(1)),
  HUIYIN_LLM_PRESET: optional(z.enum(LLM_PRESETS)),
  HUIYIN_LLM_MODE: optional(z.enum(OUTPUT_MODES)),
  HUIYIN_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
  HUIYIN_LLM_SEND_PERSONAL_DATA: z.enum(['true', 'false', '']).default('false'),
});

/** Huiyin's configuration, read from the environment (and `.env`), validated at start. */
export interface Config {
  db: DbTarget;
  dbPoolSize: number;
  /**
   * Where messages are kept while the database cannot be reached, until they are replayed:
   * `spool` next to the PGlite data directory unless set. Must be on a local, persistent disk.
   */
  spoolDir: string;
  /** How many messages one chat may send: a sustained rate per minute and a burst (see FloodGuard). */
  flood: { perMinute: number; burst: number };
  /** Where the operator-edited files live: units, routing, rosters, holidays. */
  configDir: string;
  host: string;
  port: number;
  timeZone: string;
  resumeAfterMs: number;
  outboxPollMs: number;
  /** The folder of published files (disclosure digests), served at `/public/`. */
  publicDir: string;
  /** The address that folder is reached at from outside, for links in announcements; null when unknown. */
  publicUrl: string | null;
  /**
   * The Telegram bot, when a token is set; `apiRoot` only for a self-hosted Bot API or tests;
   * `webhook` for webhook mode (else long polling); `staffChatId` a staff group that receives
   * a card with buttons for every page; `digestChatId` a channel that is told of every digest.
   */
  telegram: { token: string; apiRoot: string | undefined; webhook: { url: string; secret: string } | null; staffChatId: string | null; digestChatId: string | null } | null;
  /**
   * The WeChat bot (Wechaty), when a puppet is named; `token` and `endpoint` reach a puppet
   * service; `autoAcceptFriends` accepts every friend request.
   */
  wechat: { puppet: string; token: string | undefined; endpoint: string | undefined; autoAcceptFriends: boolean } | null;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /**
   * The language model that helps understand messages, when `OPENAI_API_KEY`, `OPENAI_BASE_URL`
   * or `HUIYIN_LLM_PRESET` is set; null means the rules work alone.
   */
  llm: LlmSettings | null;
}

/** Reads and validates the configuration; throws one readable message listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    // An unauthenticated webhook would let anyone post fake updates as any citizen.
    throw new Error('invalid configuration:\n  TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  if (e.WECHATY_PUPPET === 'wechaty-puppet-service' && !e.WECHATY_PUPPET_SERVICE_TOKEN) {
    // The puppet service would only fail later, at start, with a message about its own internals.
    throw new Error('invalid configuration:\n  WECHATY_PUPPET_SERVICE_TOKEN: required when WECHATY_PUPPET is wechaty-puppet-service');
  }
  if (e.TELEGRAM_DIGEST_CHAT_ID && !e.TELEGRAM_BOT_TOKEN) {
    // Announcements would wait in the outbox forever with no bot to deliver them.
    throw new Error('invalid configuration:\n  TELEGRAM_DIGEST_CHAT_ID: requires TELEGRAM_BOT_TOKEN');
  }
  let llm: LlmSettings | null;
  try {
    llm = llmSettings({
      apiKey: e.OPENAI_API_KEY,
      baseURL: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      preset: e.HUIYIN_LLM_PRESET,
      mode: e.HUIYIN_LLM_MODE,
      timeoutMs: e.HUIYIN_LLM_TIMEOUT_MS,
      sendPersonalData: e.HUIYIN_LLM_SEND_PERSONAL_DATA === 'true',
    });
  } catch (err) {
    throw new Error(`invalid configuration:\n  ${(err as Error).message}`);
  }
  return {
    db: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(e.HUIYIN_DATA_DIR) },
    dbPoolSize: e.HUIYIN_DB_POOL,
    spoolDir: resolve(e.HUIYIN_SPOOL_DIR ?? join(dirname(resolve(e.HUIYIN_DATA_DIR)), 'spool')),
    flood: { perMinute: e.HUIYIN_FLOOD_PER_MINUTE, burst: e.HUIYIN_FLOOD_BURST },
    configDir: resolve(e.HUIYIN_CONFIG_DIR),
    host: e.HUIYIN_HOST,
    port: e.HUIYIN_PORT,
    timeZone: e.HUIYIN_TIMEZONE,
    resumeAfterMs: e.HUIYIN_RESUME_AFTER_HOURS * 3_600_000,
    outboxPollMs: e.HUIYIN_OUTBOX_POLL_MS,
    publicDir: resolve(e.HUIYIN_PUBLIC_DIR),
    publicUrl: e.HUIYIN_PUBLIC_URL ?? null,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT,
          webhook: e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET ? { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET } : null,
          staffChatId: e.TELEGRAM_STAFF_CHAT_ID ?? null,
          digestChatId: e.TELEGRAM_DIGEST_CHAT_ID ?? null,
        }
      : null,
    wechat: e.WECHATY_PUPPET
      ? {
          puppet: e.WECHATY_PUPPET,
          token: e.WECHATY_PUPPET_SERVICE_TOKEN,
          endpoint: e.WECHATY_PUPPET_SERVICE_ENDPOINT,
          autoAcceptFriends: e.WECHATY_AUTO_ACCEPT_FRIENDS === 'true',
        }
      : null,
    logLevel: e.LOG_LEVEL,
    llm,
  };
}
