import type { Kysely } from 'kysely';
import type { WebChatPorts } from '../../adapters/web/server.js';
import { chatMessagesAfter } from '../db/repo/outbox.js';
import type { Database } from '../db/schema.js';
import { render } from '../i18n/render.js';
import type { IntakeEngine } from '../intake/engine.js';

/** Both languages at once: the page's language is not known where the notice is made. */
const bilingual = (key: 'kept_for_later'): string => `${render({ key, params: {} }, 'zh')}\n${render({ key, params: {} }, 'en')}`;

/** The web chat's ports over the engine and the database, as `huiyin start` wires them. */
export function webChatPorts(engine: Pick<IntakeEngine, 'handle'>, db: Kysely<Database>): WebChatPorts {
  return {
    handle: (m) => engine.handle(m),
    messagesAfter: (chatId, after) => chatMessagesAfter(db, 'web', chatId, after),
    greeting: (lang) => render({ key: 'welcome', params: {} }, lang),
    kept: () => bilingual('kept_for_later'),
  };
}
