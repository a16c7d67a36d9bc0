import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from '../../migrations/index.js';

/**
 * A migrator over this project's migrations. Kysely keeps its bookkeeping tables in `schema`, by
 * default the connection's current schema (its `search_path`): left unnamed, Kysely looks for them
 * in any schema, finds another one's, and fails in a fresh schema of a database that already holds
 * a Huiyin.
 */
async function migratorFor(db: Kysely<any>, schema?: string): Promise<Migrator> {
  const current = schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s;
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS }, migrationTableSchema: current });
}

/** The names of the migrations `result` applied; throws with the failing migration's error. */
function applied(result: MigrationResultSet): string[] {
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings the schema up to the newest migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  return applied(await (await migratorFor(db, schema)).migrateToLatest());
}

/**
 * Brings the schema to migration `name` (up or down), as a database of the release that ended
 * there would have it; the upgrade test builds such databases. Throws on an unknown name.
 */
export async function migrateTo(db: Kysely<any>, name: string, schema?: string): Promise<string[]> {
  if (!(name in MIGRATIONS)) throw new Error(`no migration named ${name}`);
  return applied(await (await migratorFor(db, schema)).migrateTo(name));
}
