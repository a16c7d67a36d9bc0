import { sql, type Kysely } from 'kysely';

/**
 * What was sent to a language model, per message (issue 7): the prompt's name and version, the
 * model and output mode, the user part exactly as sent (masked unless the operator opted in to
 * personal data, which is recorded too), its size, and what came of it (ok / repaired / fallback
 * and why, which answer fields were used, latency). Linked to the conversation and the inbound
 * message, so a case's calls are found through its reporter's conversation. Written best effort,
 * after the call, outside the turn's own statement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('llm_calls')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('conversation_id', 'bigint', (c) => c.references('conversations.id').onDelete('cascade'))
    .addColumn('message_id', 'bigint', (c) => c.references('messages.id').onDelete('cascade'))
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('sent', 'text', (c) => c.notNull())
    .addColumn('personal_data', 'boolean', (c) => c.notNull())
    .addColumn('chars', 'integer', (c) => c.notNull())
    .addColumn('requests', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('used', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('llm_calls_conversation').on('llm_calls').column('conversation_id').execute();
  await db.schema.createIndex('llm_calls_message').on('llm_calls').column('message_id').execute();
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('llm_calls').ifExists().execute();
}
