import { types, type Message, type Wechaty } from 'wechaty';
import type { WechatMessageView } from './inbound.js';

/**
 * Reads what normalisation needs off a Wechaty message. The pin comes from the puppet directly:
 * `message.toLocation()` throws in wechaty 1.20. A pin the puppet cannot give is left out (the
 * message then counts as something the core cannot use) and reported to `onError`.
 */
export async function readMessage(bot: Wechaty, msg: Message, onError: (err: unknown) => void): Promise<WechatMessageView> {
  const talker = msg.talker();
  const type = msg.type();
  let location: WechatMessageView['location'];
  if (type === types.Message.Location) {
    try {
      const { latitude, longitude } = await bot.puppet.messageLocation(msg.id);
      location = { latitude, longitude };
    } catch (err) {
      onError(err);
    }
  }
  return {
    id: msg.id,
    type,
    text: msg.text(),
    at: msg.date(),
    talkerId: talker.id,
    talkerType: talker.type(),
    self: msg.self(),
    inRoom: msg.room() !== undefined,
    ...(location ? { location } : {}),
  };
}
