import { sql, type Kysely } from 'kysely';
import { MIGRATIONS } from '../../migrations/index.js';
import type { Database } from '../db/schema.js';

/** One line of the readiness report. */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** A channel as readiness sees it: connected to its platform or not. */
export interface ChannelState {
  name: string;
  connected(): boolean;
}

/** What {@link readiness} looks at. */
export interface ReadinessDeps {
  db: Kysely<Database>;
  channels: readonly ChannelState[];
  /** How long the database may take to answer before it counts as unreachable. */
  timeoutMs?: number;
}

/** `work` or a rejection after `ms`, so a database that hangs (not refuses) still answers the probe. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Whether this instance can take traffic (`/readyz`): the database answers, its migrations are
 * current (an instance started against an older schema would fail its turns), and every configured
 * channel is connected to its platform. Never throws; each failure is a line with the reason.
 */
export async function readiness(deps: ReadinessDeps): Promise<{ ready: boolean; checks: ReadinessCheck[] }> {
  const ms = deps.timeoutMs ?? 2000;
  const checks: ReadinessCheck[] = [];
  try {
    await within(sql`select 1`.execute(deps.db), ms);
    checks.push({ name: 'database', ok: true, detail: 'answers' });
    const applied = await within(sql<{ name: string }>`select name from kysely_migration`.execute(deps.db), ms);
    const done = new Set(applied.rows.map((r) => r.name));
    const pending = Object.keys(MIGRATIONS).filter((n) => !done.has(n));
    checks.push({ name: 'migrations', ok: pending.length === 0, detail: pending.length === 0 ? `${done.size} applied` : `pending: ${pending.join(', ')}` });
  } catch (err) {
    checks.push({ name: 'database', ok: false, detail: err instanceof Error ? err.message : String(err) });
  }
  for (const c of deps.channels) checks.push({ name: c.name, ok: c.connected(), detail: c.connected() ? 'connected' : 'not connected' });
  return { ready: checks.every((c) => c.ok), checks };
}
