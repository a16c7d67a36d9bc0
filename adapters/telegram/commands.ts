import type { MessageEntity } from 'grammy/types';

/** Bot commands the core understands as typed, e.g. `/cancel`; `/lang` keeps its argument. */
export const TELEGRAM_COMMANDS = ['start', 'help', 'status', 'cancel', 'restart', 'human', 'lang'] as const;

/** One of {@link TELEGRAM_COMMANDS}. */
export type TelegramCommand = (typeof TELEGRAM_COMMANDS)[number];

/** The command menu registered with `setMyCommands` when the bot starts. */
export const COMMAND_MENU: Record<'zh' | 'en', { command: TelegramCommand; description: string }[]> = {
  zh: [
    { command: 'start', description: '开始举报' },
    { command: 'help', description: '使用说明' },
    { command: 'status', description: '查询案件进度' },
    { command: 'cancel', description: '取消本次举报' },
    { command: 'lang', description: '切换语言：/lang en 或 /lang zh' },
  ],
  en: [
    { command: 'start', description: 'Start a report' },
    { command: 'help', description: 'How to use' },
    { command: 'status', description: 'Check a case' },
    { command: 'cancel', description: 'Cancel this report' },
    { command: 'lang', description: 'Language: /lang en or /lang zh' },
  ],
};

const KNOWN = new Set<string>(TELEGRAM_COMMANDS);

/**
 * The text the core should read for a message that starts with a bot command, or null when it
 * does not. Telegram marks a command with a `bot_command` entity at offset 0; a leading slash
 * alone is not a command. `/help@HuiyinBot` → `/help`, `/start deep-link` → `/start`,
 * `/lang en` → `/lang en`; an unknown command is passed on as typed, without the bot mention.
 */
export function commandText(text: string, entities: readonly MessageEntity[] | undefined): string | null {
  const entity = entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity) return null;
  const [name = ''] = text.slice(1, entity.length).split('@');
  const args = text.slice(entity.length).trim();
  const command = name.toLowerCase();
  if (!KNOWN.has(command)) return `/${name}${args ? ` ${args}` : ''}`;
  if (command === 'lang') return args ? `/lang ${args}` : '/lang';
  return `/${command}`;
}
