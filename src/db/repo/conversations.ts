import type { Kysely } from 'kysely';
import { initialState, type ConversationState } from '../../conversation/state.js';
import type { Lang } from '../../understanding/facts.js';
import type { Database } from '../schema.js';

/** A conversation row, locked for this transaction. */
export interface LockedConversation {
  id: string;
  state: ConversationState;
}

/**
 * Loads the reporter's conversation on this channel FOR UPDATE, creating it first if needed, so
 * two messages of one conversation are processed one after the other even across instances.
 */
export async function lockConversation(db: Kysely<Database>, reporterId: string, channel: string, chatId: string, lang: Lang): Promise<LockedConversation> {
  await db
    .insertInto('conversations')
    .values({ reporter_id: reporterId, channel, chat_id: chatId, state: JSON.stringify(initialState(lang)) })
    .onConflict((oc) => oc.constraint('conversations_reporter_channel').doNothing())
    .execute();
  const row = await db
    .selectFrom('conversations')
    .select(['id', 'state', 'chat_id'])
    .where('reporter_id', '=', reporterId)
    .where('channel', '=', channel)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { id: row.id, state: row.state as ConversationState };
}

/** Saves the state after a turn; the chat id follows the reporter if the platform changed it. */
export async function saveConversation(db: Kysely<Database>, id: string, state: ConversationState, chatId: string): Promise<void> {
  await db
    .updateTable('conversations')
    .set((eb) => ({ state: JSON.stringify(state), chat_id: chatId, updated_at: new Date(), turns: eb('turns', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
