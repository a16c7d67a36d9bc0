import { pino } from 'pino';
import type { ChannelSender } from '../../src/channels/contract.js';
import { IntakeEngine } from '../../src/intake/engine.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { loadRouting } from '../../src/routing/load.js';
import { RulesUnderstander } from '../../src/understanding/rules/understander.js';
import { TestClock } from './core.js';
import type { TestDb } from './db.js';

/**
 * The real engine and outbox worker over a test database, wired as main.ts wires them (a turn
 * that queues replies wakes the worker), with the given real senders instead of recording ones.
 */
export function buildCoreWithSenders(db: TestDb, senders: ChannelSender[], clock = new TestClock(new Date('2026-11-27T14:00:00Z'))) {
  const log = pino({ level: 'silent' });
  const worker = new OutboxWorker(db.db, new Map(senders.map((s) => [s.channel, s])), log);
  const engine = new IntakeEngine({
    db: db.db,
    understander: new RulesUnderstander(clock.read),
    clock: clock.read,
    timeZone: 'Asia/Shanghai',
    machine: { resumeAfterMs: 12 * 3_600_000 },
    routing: loadRouting('config'),
    log,
    onQueued: () => worker.kick(),
  });
  return { engine, worker, clock, log };
}
