import type { Kysely } from 'kysely';

/** A conversation a member of staff has taken over: the bot stays silent and relays. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('claimed_by', 'text').addColumn('claimed_at', 'timestamptz').execute();
}

/** Drops the hand-over columns. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversations').dropColumn('claimed_by').dropColumn('claimed_at').execute();
}
