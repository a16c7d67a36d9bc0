import type { Wechaty } from 'wechaty';
import { PermanentDeliveryError, type ChannelSender, type Outbound } from '../../src/channels/contract.js';
import { WECHAT_CHANNEL } from './inbound.js';

/** A WeChat service account may answer a person only within 48 hours of their last message. */
const WECHAT_REPLY_WINDOW_MS = 48 * 3_600_000;

/**
 * Delivers outbox messages as text to the contact whose id is the chat id (the stable key chosen
 * in `messageToInbound`). Buttons are not sent: WeChat shows the text, which already lists the
 * numbered choices. While the bot is logged out (starting, relogging) a send throws and the
 * outbox retries later; a contact the logged-in puppet does not know throws
 * {@link PermanentDeliveryError}. Wechaty reports a failed lookup only as "not found", so a
 * lookup lost to a network fault of a puppet service also counts as unreachable.
 */
export class WechatSender implements ChannelSender {
  readonly channel = WECHAT_CHANNEL;
  readonly replyWindowMs = WECHAT_REPLY_WINDOW_MS;

  constructor(private readonly bot: Wechaty) {}

  async send(m: Outbound): Promise<{ externalId?: string }> {
    if (!this.bot.isLoggedIn) throw new Error('wechat: the bot is not logged in');
    const contact = await this.bot.Contact.find({ id: m.chatId });
    if (!contact) throw new PermanentDeliveryError('wechat: contact not found');
    const sent = await contact.say(m.text);
    return sent ? { externalId: sent.id } : {};
  }
}
