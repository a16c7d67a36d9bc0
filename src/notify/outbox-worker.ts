import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { PermanentDeliveryError, type ChannelSender } from '../channels/contract.js';
import { claimDue, markFailed, markSent, type FailureOutcome } from '../db/repo/outbox.js';
import type { Database } from '../db/schema.js';

/** Tunables of delivery. */
export interface OutboxOptions {
  /** Rows claimed per round. */
  batch: number;
  /** How long a claimed row stays reserved for its worker. */
  leaseMs: number;
  /** Attempts before a message is given up as failed. */
  maxAttempts: number;
  /** Delay before the retry after `attempt` failed attempts. */
  backoffMs(attempt: number): number;
}

/** Exponential backoff from 2 s, capped at 10 minutes. */
export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = {
  batch: 20,
  leaseMs: 30_000,
  maxAttempts: 8,
  backoffMs: (attempt) => Math.min(2_000 * 2 ** (attempt - 1), 600_000),
};

/**
 * Delivers queued messages through each channel's sender, with retries and a delivery record.
 * Safe to run in several processes: claiming uses SKIP LOCKED.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly senders: ReadonlyMap<string, ChannelSender>,
    private readonly log: Logger,
    private readonly options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS,
  ) {}

  /** Delivers everything due now, trying each message at most once; resolves with how many were sent. */
  async drain(): Promise<number> {
    let sent = 0;
    const tried: string[] = [];
    for (;;) {
      const rows = await claimDue(this.db, this.options.batch, this.options.leaseMs, [...this.senders.keys()], tried);
      if (rows.length === 0) return sent;
      for (const row of rows) {
        tried.push(row.id);
        const sender = this.senders.get(row.channel);
        if (!sender) continue;
        try {
          const { externalId } = await sender.send({ outboxId: row.id, channel: row.channel, chatId: row.chat_id, text: row.text });
          await markSent(this.db, row, externalId);
          sent++;
        } catch (err) {
          const outcome: FailureOutcome = err instanceof PermanentDeliveryError ? 'unreachable' : row.attempts >= this.options.maxAttempts ? 'gave_up' : 'retry';
          const message = err instanceof Error ? err.message : String(err);
          this.log.warn({ outboxId: row.id, channel: row.channel, attempt: row.attempts, outcome, err: message }, 'delivery failed');
          await markFailed(this.db, row, message, this.options.backoffMs(row.attempts), outcome);
        }
      }
    }
  }

  /** Asks for a delivery round soon; rounds never overlap within a process. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => {
        this.log.error({ err }, 'outbox round failed');
        return 0;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Polls every `intervalMs` for retries that came due and rows queued by other instances. */
  start(intervalMs: number): void {
    this.timer ??= setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops polling and waits for the round under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running;
  }
}
