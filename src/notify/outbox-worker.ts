import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ChannelSender } from '../channels/contract.js';
import type { Database } from '../db/schema.js';
import { ChannelLane } from './channel-lane.js';

/** Tunables of delivery. */
export interface OutboxOptions {
  /** Rows one claim takes for a channel without limits; a paced channel holds about a second's worth. */
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
 * Delivers queued messages through each channel's sender, with retries and a delivery record:
 * in order per chat, paced under each platform's declared limits, and holding what a reply window
 * does not allow yet. Safe to run in several processes: claiming uses SKIP LOCKED and takes a
 * chat's next message only once the one before it is out and, on a paced channel, the chat may be
 * sent to again.
 */
export class OutboxWorker {
  private readonly lanes: ChannelLane[];
  private timer: NodeJS.Timeout | null = null;

  constructor(db: Kysely<Database>, senders: ReadonlyMap<string, ChannelSender>, log: Logger, options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS) {
    this.lanes = [...senders.values()].map((s) => new ChannelLane(db, s, log, options));
  }

  /** Delivers everything due now on every channel, trying each message at most once; resolves with how many were sent. */
  async drain(): Promise<number> {
    const sent = await Promise.all(this.lanes.map((l) => l.drain()));
    return sent.reduce((a, b) => a + b, 0);
  }

  /** Asks every channel for a delivery round soon; a channel's rounds never overlap within a process. */
  kick(): void {
    for (const lane of this.lanes) lane.kick();
  }

  /** Polls every `intervalMs` for retries that came due and rows queued by other instances. */
  start(intervalMs: number): void {
    this.timer ??= setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops polling and waits for the rounds under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.lanes.map((l) => l.stop()));
  }
}
