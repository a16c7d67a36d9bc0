import { types, WechatyBuilder, type Friendship, type Message, type Wechaty, type WechatyOptions } from 'wechaty';
import type { Logger } from 'pino';
import type { Inbound, MediaStore } from '../../src/channels/contract.js';
import { messageToInbound } from './inbound.js';
import { keepEvidence, type WechatMediaFetch } from './media.js';
import { readMessage } from './read.js';
import { WechatSender } from './sender.js';
import { keyedSerial } from './serial.js';

/** Puppets whose contact ids change at every login (see `messageToInbound`): fine for a trial, not for service. */
const SESSION_ID_PUPPETS = new Set(['wechaty-puppet-wechat', 'wechaty-puppet-wechat4u']);

/** What the WeChat bot needs; main wiring supplies `handle` (the intake engine). */
export interface WechatBotOptions {
  /** A puppet package name (`wechaty-puppet-service`, `wechaty-puppet-mock`…) or, in tests, a puppet instance. */
  puppet: string | Exclude<WechatyOptions['puppet'], string | undefined>;
  /** For `wechaty-puppet-service`: the token, and an endpoint (host:port) when not discovered from the token. */
  token?: string;
  endpoint?: string;
  /** Accept every friend request, so anyone who finds the account can report. */
  autoAcceptFriends?: boolean;
  /** Processes one message through the intake engine; replies go out through the outbox. */
  handle(m: Inbound): Promise<unknown>;
  /** Where photos, videos and files are kept; without it they stay message references. */
  media?: MediaStore;
  log?: Pick<Logger, 'error' | 'warn' | 'info'>;
}

/** A Wechaty bot serving one-to-one chats: start it once, stop it on shutdown. */
export interface WechatBot {
  /** The Wechaty instance (for tests). */
  readonly bot: Wechaty;
  /** Delivers the outbox's WeChat messages through this bot. */
  readonly sender: WechatSender;
  /** Starts the puppet (once); the account logs in when the puppet says so (a scan is logged if needed). */
  start(): Promise<void>;
  /** Stops the puppet and waits for the messages being processed. */
  stop(): Promise<void>;
}

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The citizen-facing WeChat bot over Wechaty. Every one-to-one message from a person is read,
 * normalised (`messageToInbound`) and passed to `handle`, one message at a time per contact and
 * concurrently across contacts; evidence files are kept first when a store is given. Logs carry
 * ids and errors, never message text or names.
 */
export function createWechatBot(options: WechatBotOptions): WechatBot {
  const log = options.log;
  const bot =
    typeof options.puppet === 'string'
      ? WechatyBuilder.build({
          // Any `wechaty-puppet-*` package may be named; Wechaty's type lists only the official ones.
          puppet: options.puppet as 'wechaty-puppet-service',
          puppetOptions: { ...(options.token ? { token: options.token } : {}), ...(options.endpoint ? { endpoint: options.endpoint } : {}) },
        })
      : WechatyBuilder.build({ puppet: options.puppet });
  const serial = keyedSerial();
  const store = options.media;
  const keeping: WechatMediaFetch | null = store
    ? {
        file: async (ref) => {
          const msg = await bot.Message.find({ id: ref });
          if (!msg) throw new Error('message no longer known to the puppet');
          return msg.toFileBox();
        },
        store,
        onError: (ref, err) => log?.warn({ ref, err: errText(err) }, 'wechat file not kept'),
      }
    : null;

  const onMessage = async (msg: Message): Promise<void> => {
    const view = await readMessage(bot, msg, (err) => log?.warn({ messageId: msg.id, err: errText(err) }, 'wechat location not read'));
    const inbound = messageToInbound(view);
    if (!inbound) return;
    await serial.run(inbound.chatId, async () => options.handle(keeping ? await keepEvidence(keeping, inbound) : inbound));
  };

  bot.on('message', (msg: Message) => {
    onMessage(msg).catch((err: unknown) => log?.error({ messageId: msg.id, err: errText(err) }, 'wechat message failed'));
  });
  if (options.autoAcceptFriends) {
    bot.on('friendship', (f: Friendship) => {
      if (f.type() !== types.Friendship.Receive) return;
      f.accept().catch((err: unknown) => log?.warn({ friendshipId: f.id, err: errText(err) }, 'wechat friend request not accepted'));
    });
  }
  // Without a listener an 'error' event would throw; Wechaty emits one for every contact not found.
  bot.on('error', (err: Error) => log?.warn({ err: errText(err) }, 'wechaty error'));
  bot.on('scan', (qrcode: string, status: types.ScanStatus) => log?.info({ status: types.ScanStatus[status], qrcode }, 'wechat: scan the QR code with the account to log in'));
  bot.on('login', () => log?.info({ account: bot.currentUser.id }, 'wechat logged in'));
  bot.on('logout', () => log?.warn('wechat logged out: replies wait until it logs in again'));

  let started = false;
  return {
    bot,
    sender: new WechatSender(bot),
    async start() {
      if (started) return;
      started = true;
      if (typeof options.puppet === 'string' && SESSION_ID_PUPPETS.has(options.puppet)) {
        log?.warn({ puppet: options.puppet }, 'this puppet changes contact ids at every login: reporters cannot be reached after a relogin');
      }
      await bot.start();
    },
    async stop() {
      if (!started) return;
      started = false;
      await bot.stop();
      await serial.idle();
    },
  };
}
