import type { Kysely } from 'kysely';

/** A reporter the platform refuses to deliver to (blocked the bot, chat gone), and why. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reporters').addColumn('unreachable_at', 'timestamptz').addColumn('unreachable_reason', 'text').execute();
}

/** Drops the reachability columns. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reporters').dropColumn('unreachable_at').dropColumn('unreachable_reason').execute();
}
