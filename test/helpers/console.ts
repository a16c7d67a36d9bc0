import Fastify, { type FastifyInstance } from 'fastify';
import { registerStaffApi } from '../../adapters/web/api.js';
import { registerConsole } from '../../adapters/web/console.js';
import { loadCaseRules } from '../../src/cases/rules.js';
import { ConsoleService } from '../../src/console/service.js';
import { caseStats } from '../../src/db/repo/case-stats.js';
import { setPassword } from '../../src/db/repo/console-sessions.js';
import type { LifecycleDeps } from '../../src/db/repo/lifecycle.js';
import { loadRouting } from '../../src/routing/load.js';
import { StaffApi } from '../../src/staff-api/service.js';
import type { StaffRole } from '../../src/staff/registration.js';
import type { TestClock } from './core.js';
import type { TestDb } from './db.js';

/** The password every console test user gets. */
export const PASSWORD = 'a long passphrase';

/** A console user to register: handle, name, unit and role (chat fields are filled in). */
export interface ConsoleUser {
  handle: string;
  name: string;
  unit: string;
  role: StaffRole;
}

/** Registers staff with a console password, as `huiyin staff add` and `staff password` would. */
export async function addConsoleUsers(db: TestDb, clock: TestClock, users: readonly ConsoleUser[]): Promise<void> {
  await db.db
    .insertInto('staff')
    .values(users.map((u) => ({ handle: u.handle, name: u.name, unit_id: u.unit, role: u.role, channel: 'console', external_id: u.handle, chat_id: u.handle })))
    .execute();
  for (const u of users) await setPassword(db.db, u.handle, PASSWORD, clock.now);
}

/**
 * The real console and staff JSON API over a test database, wired as main.ts and serve.ts wire
 * them: the shared statistics, and `kick` for delivery. With `listen`, on a port of 127.0.0.1.
 */
export async function startConsole(db: TestDb, clock: TestClock, options: { listen?: boolean; kick?: () => void } = {}): Promise<{ app: FastifyInstance; base: string; lifecycle: LifecycleDeps }> {
  const routing = loadRouting('config');
  const rules = loadCaseRules('config');
  const lifecycle: LifecycleDeps = { policy: rules.clocks, calendar: routing.calendar, timeZone: 'Asia/Shanghai', units: routing.units };
  const kick = options.kick ?? (() => {});
  const staffApi = new StaffApi({ db: db.db, lifecycle, triageUnit: routing.table.fallback, kick, clock: clock.read });
  const app = Fastify();
  registerStaffApi(app, staffApi);
  registerConsole(
    app,
    new ConsoleService({ db: db.db, staffApi, routing, lifecycle, stats: (q, now) => caseStats(db.db, q, lifecycle, now), kick, timeZone: 'Asia/Shanghai', clock: clock.read }),
  );
  const base = options.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : (await app.ready(), '');
  return { app, base, lifecycle };
}
