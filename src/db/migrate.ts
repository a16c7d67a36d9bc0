import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from '../../migrations/index.js';

/**
 * Brings the schema up to the newest migration; throws with the failing migration's error.
 * Kysely keeps its bookkeeping tables in `schema`, by default the connection's current schema
 * (its `search_path`): left unnamed, Kysely looks for them in any schema, finds another one's, and
 * fails in a fresh schema of a database that already holds a Huiyin.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const current = schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS }, migrationTableSchema: current });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
