import { createTelegramBot, TelegramSender, type TelegramBot, type TelegramBotOptions } from '../../adapters/telegram/index.js';
import type { Inbound } from '../../src/channels/contract.js';
import type { TurnOutcome } from '../../src/intake/engine.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { TestClock, wireCore } from './core.js';
import { createTestDb, type TestDb } from './db.js';

/**
 * Conversation tests pace the outbox far above Telegram's 1 message/s per chat, so a three-message
 * turn does not take three seconds; pacing itself is tested in test/notify with the real limits.
 */
const FAST = { perSecond: 1_000, perChatPerSecond: 100 };

/** A real grammY bot and sender against a fake Bot API, over the real engine and a test database. */
export interface TelegramHarness {
  db: TestDb;
  fake: FakeTelegramApi;
  core: ReturnType<typeof wireCore>;
  tg: TelegramBot;
  close(): Promise<void>;
}

/**
 * Starts the harness: `bot` adds options to the bot (media store, staff actions…); `handle`
 * wraps the engine (to record outcomes); `db` lets a test prepare the database before the bot starts.
 */
export async function startTelegram(options: {
  token: string;
  clock?: TestClock;
  bot?: (db: TestDb) => Partial<TelegramBotOptions>;
  handle?: (m: Inbound, outcome: TurnOutcome) => void;
}): Promise<TelegramHarness> {
  const db = await createTestDb();
  const fake = await FakeTelegramApi.start();
  const core = wireCore(db, options.clock ?? new TestClock(new Date('2026-11-27T14:00:00Z')), [TelegramSender.create({ token: options.token, apiRoot: fake.apiRoot, limits: FAST })], true);
  const tg = createTelegramBot({
    token: options.token,
    apiRoot: fake.apiRoot,
    pollTimeoutSeconds: 1,
    handle: async (m) => {
      const outcome = await core.engine.handle(m);
      options.handle?.(m, outcome);
      return outcome;
    },
    receive: (batch) => core.engine.receive(batch),
    ...options.bot?.(db),
  });
  await tg.start();
  return {
    db,
    fake,
    core,
    tg,
    close: async () => {
      await tg.stop();
      await core.worker.stop();
      await fake.close();
      await db.close();
    },
  };
}
