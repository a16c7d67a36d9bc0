import type { Kysely } from 'kysely';

/**
 * Public summaries of closed cases written by a language model (issue 7), one per case, for the
 * digests to publish instead of the staff's cleaned answer. `answer_event_id` is the `answered`
 * event the summary was written from: a case reopened and closed again with a new answer gets a
 * new summary, replacing this one. A null `summary` is a decision, not a gap — the model gave no
 * acceptable text for that answer, the digest keeps the staff's cleaned text, and the job does not
 * ask again. The rest is the audit of the call, per case: the prompt, model, the user part exactly
 * as sent (always cleaned: the result is published), its size, outcome and reason, and latency.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_summaries')
    .addColumn('case_id', 'bigint', (c) => c.primaryKey().references('cases.id').onDelete('cascade'))
    .addColumn('answer_event_id', 'bigint', (c) => c.notNull().references('case_events.id').onDelete('cascade'))
    .addColumn('summary', 'text')
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('sent', 'text', (c) => c.notNull())
    .addColumn('chars', 'integer', (c) => c.notNull())
    .addColumn('requests', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('written_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_summaries').ifExists().execute();
}
