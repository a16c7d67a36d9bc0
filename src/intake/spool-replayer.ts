import type { Logger } from 'pino';
import type { Inbound } from '../channels/contract.js';
import type { TurnOutcome } from './engine.js';
import { chatOf, type Spool, type SpoolEntry } from './spool.js';

/** What the replayer needs: the spool, a cheap question to the database, and the engine's replay. */
export interface ReplayerDeps {
  spool: Spool;
  /** Resolves when the database answers (`select 1`). */
  probe: () => Promise<unknown>;
  /** Runs a kept message's turn (`IntakeEngine.replay`). */
  replay: (m: Inbound) => Promise<TurnOutcome>;
  log: Logger;
  /** How often the database is asked while messages wait. */
  intervalMs?: number;
  /** Chats replayed side by side; each chat's messages go one after the other. */
  concurrency?: number;
}

/**
 * Replays kept messages once the database answers again: probes every `intervalMs` while the
 * spool holds anything (and not at all while it is empty), then runs each chat's messages in
 * arrival order. A message leaves the spool only when its turn is done — processed, a duplicate
 * (the journal dedupes by channel + message id, so a replay after a crash is safe), or failed for
 * a reason of its own and journaled as such like any failed turn; a chat whose turn hit the outage
 * again stops there and waits for the next round, so nothing overtakes it.
 */
export class SpoolReplayer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly intervalMs: number;

  constructor(private readonly deps: ReplayerDeps) {
    this.intervalMs = deps.intervalMs ?? 1_000;
    deps.spool.onAdded(() => this.wake(this.intervalMs));
  }

  /** Starts replaying; what an earlier run left in the spool is tried at once. */
  start(): void {
    this.stopped = false;
    this.wake(0);
  }

  /** Stops probing and waits for the round under way; what still waits stays in the spool. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Resolves once the spool is empty (for tests and the benchmark); rejects after `timeoutMs`. */
  async drained(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.deps.spool.size > 0 || this.running) {
      if (Date.now() > until) throw new Error(`spool not drained: ${this.deps.spool.size} messages wait`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private wake(delayMs: number): void {
    if (this.stopped || this.timer || this.running || this.deps.spool.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.round()
        .catch((err: unknown) => this.deps.log.error({ err }, 'spool replay failed'))
        .finally(() => {
          this.running = null;
          this.wake(this.intervalMs);
        });
    }, delayMs);
    // Waiting to replay is no reason to keep a process alive that is otherwise done.
    this.timer.unref();
  }

  /** One round: if the database answers, replay every chat as far as it goes, then compact the file. */
  private async round(): Promise<void> {
    const { spool, log } = this.deps;
    try {
      await this.deps.probe();
    } catch {
      return;
    }
    const chats = [...new Set(spool.pending().map((e) => chatOf(e.message)))];
    let replayed = 0;
    const next = async (): Promise<void> => {
      for (let chat = chats.shift(); chat !== undefined && !this.stopped; chat = chats.shift()) {
        // A chat's newer messages kept while this round runs are taken in the same round.
        for (let e = spool.headOf(chat); e && !this.stopped; e = spool.headOf(chat)) {
          if (!(await this.replayOne(e))) break;
          replayed++;
        }
      }
    };
    await Promise.all(Array.from({ length: this.deps.concurrency ?? 8 }, next));
    await spool.compact();
    if (replayed > 0) log.info({ replayed, waiting: spool.size }, 'kept messages replayed');
  }

  /** Replays one entry; true when it is done and has left the spool. */
  private async replayOne(e: SpoolEntry): Promise<boolean> {
    const outcome = await this.deps.replay(e.message);
    const done = outcome.status === 'processed' || outcome.status === 'duplicate' || (outcome.status === 'failed' && outcome.messageId !== null);
    if (done) this.deps.spool.done(e);
    return done;
  }
}
