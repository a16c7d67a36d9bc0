import type { Kysely } from 'kysely';
import type { StaffActionOptions } from '../../adapters/telegram/index.js';
import { staffByIdentity } from '../db/repo/staff.js';
import type { Database } from '../db/schema.js';
import { render } from '../i18n/render.js';

/** A short notice for a button toast: Chinese, then English (Telegram shows at most 200 characters). */
const toast = (zh: string, en: string): string => `${zh} / ${en}`.slice(0, 200);

/**
 * Who may press page buttons on Telegram (active staff registered with their Telegram account)
 * and what they are told, for the bot.
 */
export function telegramStaffActions(db: Kysely<Database>, groupChatId: string | null): StaffActionOptions {
  return {
    isStaff: async (userId) => (await staffByIdentity(db, 'telegram', userId))?.active === true,
    groupChatId,
    refused: toast(render({ key: 'staff_only_button', params: {} }, 'zh'), render({ key: 'staff_only_button', params: {} }, 'en')),
    sent: (command) => toast(render({ key: 'staff_button_sent', params: { command } }, 'zh'), render({ key: 'staff_button_sent', params: { command } }, 'en')),
  };
}
