/** The WeChat channel over Wechaty: inbound normalisation, the bot and the outbox sender. */
export { WECHAT_CHANNEL, messageToInbound, type WechatMessageView } from './inbound.js';
export { MAX_KEEP_BYTES, keepEvidence, type WechatMediaFetch } from './media.js';
export { WechatSender } from './sender.js';
export { keyedSerial, type KeyedSerial } from './serial.js';
export { createWechatBot, type WechatBot, type WechatBotOptions } from './bot.js';
