/**
 * The intake engine as `src/main.ts` wires it for chat (rules understanding, the shipped routing
 * and case rules, the per-chat flood guard at the configured defaults), on a given database, for
 * the scale benchmark's status turns and its memory child.
 */
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { loadCaseRules } from '../src/cases/rules.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { IntakeEngine } from '../src/intake/engine.js';
import { FloodGuard } from '../src/intake/flood-guard.js';
import { loadRouting } from '../src/routing/load.js';
import { RulesUnderstander } from '../src/understanding/rules/understander.js';

/** A real engine over `db`, logging nothing. */
export function scaleEngine(db: Kysely<Database>): IntakeEngine {
  const clock = () => new Date();
  // The defaults of HUIYIN_FLOOD_*: the guard keeps a bucket per chat, which is part of what 10,000 open chats cost.
  const { flood } = loadConfig({});
  return new IntakeEngine({
    db,
    understander: new RulesUnderstander(clock),
    clock,
    timeZone: 'Asia/Shanghai',
    machine: { resumeAfterMs: 12 * 3_600_000 },
    routing: loadRouting('config'),
    caseRules: loadCaseRules('config'),
    log: pino({ level: 'silent' }),
    flood: new FloodGuard(flood, clock),
  });
}
