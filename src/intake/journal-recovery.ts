import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { unfinishedInbound } from '../db/repo/journal.js';
import type { Database } from '../db/schema.js';
import type { Tickable } from '../notify/schedule.js';
import type { IntakeEngine } from './engine.js';

/**
 * A turn still unfinished this long after its message was journaled is taken to have died with
 * its process. Longer than a turn takes (a model call times out at 8 s); running a live turn again
 * by mistake costs only a duplicate, which the journal recognises.
 */
export const RECOVER_AFTER_MS = 10_000;
/** Messages taken per look: a crash leaves a handful; a backlog drains over a few looks. */
const BATCH = 200;

/**
 * Finishes the turns a killed process left: inbound messages journaled (`received`) but never
 * processed — journaled ahead by a channel that had already confirmed them to the platform, or
 * cut off mid-turn. Each runs again through the engine, in journal order; the journal and the
 * conversation version make a second run of a message a no-op, so two instances may both look.
 */
export class JournalRecovery implements Tickable {
  constructor(private readonly deps: { db: Kysely<Database>; engine: Pick<IntakeEngine, 'replay'>; clock: () => Date; log: Pick<Logger, 'warn'>; afterMs?: number }) {}

  /** One look; counts the messages recovered (processed now) and those that were done meanwhile. */
  async tick(): Promise<{ recovered: number; already: number }> {
    const before = new Date(this.deps.clock().getTime() - (this.deps.afterMs ?? RECOVER_AFTER_MS));
    const counts = { recovered: 0, already: 0 };
    for (const m of await unfinishedInbound(this.deps.db, before, BATCH)) {
      const outcome = await this.deps.engine.replay(m);
      if (outcome.status === 'processed') counts.recovered++;
      else if (outcome.status === 'duplicate') counts.already++;
      else this.deps.log.warn({ channel: m.channel, messageId: m.messageId, status: outcome.status }, 'unfinished message not recovered');
    }
    return counts;
  }
}
