import type { Api } from 'grammy';

/** Telegram shows a chat action for about 5 seconds; it is renewed a little sooner. */
export const TYPING_RENEW_MS = 4_500;

/**
 * Shows "typing…" in `chatId` while `work` runs, renewed until it settles. A failed chat action
 * (blocked bot, rate limit) never fails the work.
 */
export async function withTyping<T>(api: Api, chatId: number, work: () => Promise<T>, renewMs = TYPING_RENEW_MS): Promise<T> {
  const typing = (): void => void api.sendChatAction(chatId, 'typing').catch(() => undefined);
  typing();
  const timer = setInterval(typing, renewMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
