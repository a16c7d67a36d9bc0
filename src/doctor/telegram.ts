import { Api, GrammyError } from 'grammy';
import type { Config } from '../config.js';
import type { CheckResult } from './result.js';

/** Long enough for a slow link to Telegram, short enough that doctor does not seem to hang. */
const TIMEOUT_SECONDS = 15;

/**
 * The bot token is accepted (getMe), and the webhook Telegram holds (getWebhookInfo) fits the
 * configured mode. A webhook that differs is only a warning: `huiyin start` sets it (webhook
 * mode) or deletes it (polling) — if it differs after a start, something else uses this token.
 */
export async function checkTelegram(telegram: Config['telegram']): Promise<CheckResult> {
  const name = 'telegram';
  if (!telegram) return { status: 'skip', name, message: 'TELEGRAM_BOT_TOKEN not set' };
  const root = telegram.apiRoot ?? 'https://api.telegram.org';
  const api = new Api(telegram.token, { apiRoot: root, timeoutSeconds: TIMEOUT_SECONDS });
  let bot: string;
  try {
    bot = `@${(await api.getMe()).username}`;
  } catch (err) {
    if (err instanceof GrammyError) {
      return { status: 'fail', name, message: `getMe: ${err.error_code} ${err.description}: check TELEGRAM_BOT_TOKEN (from @BotFather)` };
    }
    return { status: 'fail', name, message: `cannot reach ${root}: ${(err as Error).message}: check the network${telegram.apiRoot ? ' and TELEGRAM_API_ROOT' : ''}` };
  }
  let info: Awaited<ReturnType<Api['getWebhookInfo']>>;
  try {
    info = await api.getWebhookInfo();
  } catch (err) {
    return { status: 'warn', name, message: `${bot}: getWebhookInfo failed: ${(err as Error).message}` };
  }
  const wanted = telegram.webhook?.url ?? '';
  const problems: string[] = [];
  if (wanted && info.url !== wanted) problems.push(`Telegram posts to ${info.url || 'no webhook'} but TELEGRAM_WEBHOOK_URL is ${wanted}`);
  if (!wanted && info.url) problems.push(`a webhook is set (${info.url}) while polling is configured (TELEGRAM_WEBHOOK_URL empty): getUpdates fails until it is deleted`);
  if (info.last_error_message) problems.push(`Telegram's last delivery error: ${info.last_error_message}`);
  if (problems.length > 0) return { status: 'warn', name, message: `${bot}: ${problems.join('; ')}` };
  return { status: 'ok', name, message: `${bot}, ${wanted ? `webhook ${wanted}` : 'long polling (no webhook set)'}` };
}
