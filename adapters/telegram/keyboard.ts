import type { InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import type { Choice, OutboundChoices } from '../../src/channels/contract.js';

/** Prefix of the callback data of a reporter's choice button: `c:<version>:<reply>`. */
const CHOICE_PREFIX = 'c:';

/** Telegram refuses callback data longer than 64 bytes. */
const MAX_CALLBACK_BYTES = 64;

/** A press on a choice button, read back from its callback data; no version for a standalone button. */
export interface ChoicePress {
  version?: number;
  reply: string;
}

/** The callback data of one choice button (`c::<reply>` for a standalone one). */
export function choiceData(version: number | undefined, reply: string): string {
  return fitData(`${CHOICE_PREFIX}${version ?? ''}:${reply}`);
}

/** Prefix of the callback data of a staff action on a page: `s:<command>`. */
const ACTION_PREFIX = 's:';

/** The callback data of a staff action button. */
export function actionData(command: string): string {
  return fitData(`${ACTION_PREFIX}${command}`);
}

/** Reads a staff action button's callback data: the command it sends; null for any other data. */
export function parseActionData(data: string): string | null {
  return data.startsWith(ACTION_PREFIX) && data.length > ACTION_PREFIX.length ? data.slice(ACTION_PREFIX.length) : null;
}

function fitData(data: string): string {
  if (Buffer.byteLength(data) > MAX_CALLBACK_BYTES) throw new Error(`callback data over ${MAX_CALLBACK_BYTES} bytes: ${data}`);
  return data;
}

/** Reads a choice button's callback data; null for any other data. */
export function parseChoiceData(data: string): ChoicePress | null {
  const m = /^c:(\d*):(.+)$/s.exec(data);
  if (!m) return null;
  return m[1] ? { version: Number(m[1]), reply: m[2]! } : { reply: m[2]! };
}

/** Rows of buttons: short labels side by side, long ones (district names) one per row. */
function rows(buttons: InlineKeyboardButton[], labels: string[]): InlineKeyboardButton[][] {
  const longest = Math.max(...labels.map((l) => [...l].length));
  const perRow = longest > 10 ? 1 : longest > 5 ? 2 : buttons.length <= 3 ? buttons.length : 4;
  const out: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) out.push(buttons.slice(i, i + perRow));
  return out;
}

/** An inline keyboard of labelled buttons, each with its callback data. */
function inlineKeyboard(options: Choice[], data: (reply: string) => string): InlineKeyboardMarkup {
  const buttons = options.map((o) => ({ text: o.label, callback_data: data(o.reply) }));
  return { inline_keyboard: rows(buttons, options.map((o) => o.label)) };
}

/**
 * The `reply_markup` of an outbound message: inline buttons for a short choice or staff actions, a one-time
 * "share location" keyboard when asking where, and otherwise the removal of any such keyboard
 * still showing (it would invite a pin long after the question was answered).
 */
export function replyMarkup(choices: OutboundChoices | undefined): InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove {
  if (!choices) return { remove_keyboard: true };
  if (choices.kind === 'buttons') return inlineKeyboard(choices.options, (reply) => choiceData(choices.version, reply));
  if (choices.kind === 'actions') return inlineKeyboard(choices.actions, actionData);
  return { keyboard: [[{ text: choices.label, request_location: true }]], resize_keyboard: true, one_time_keyboard: true };
}

/** The label of the button whose data is `data` in an inline keyboard, to echo what was pressed. */
export function pressedLabel(markup: InlineKeyboardMarkup | undefined, data: string): string | undefined {
  return markup?.inline_keyboard?.flat().find((b) => 'callback_data' in b && b.callback_data === data)?.text;
}
