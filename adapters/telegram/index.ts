/** The Telegram channel: inbound normalisation, the bot (long polling) and the outbox sender. */
export { COMMAND_MENU, TELEGRAM_COMMANDS, commandText, type TelegramCommand } from './commands.js';
export { TELEGRAM_CHANNEL, callbackToInbound, messageToInbound } from './inbound.js';
export { TelegramSender, createTelegramApi, isPermanentTelegramError, type TelegramSenderOptions } from './sender.js';
export { TYPING_RENEW_MS, withTyping } from './typing.js';
export { createTelegramBot, type StaffActionOptions, type TelegramBot, type TelegramBotOptions } from './bot.js';
