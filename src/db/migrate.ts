import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from '../../migrations/index.js';

/**
 * Brings the schema up to the newest migration; throws with the failing migration's error.
 * `schema` names where Kysely keeps its own bookkeeping tables when not in `public`.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS }, migrationTableSchema: schema });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
