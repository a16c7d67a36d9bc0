import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { PermanentDeliveryError, type ChannelSender, type Outbound } from '../channels/contract.js';
import { claimDue, markFailed, markSent, publishReplyWindow, type FailureOutcome } from '../db/repo/outbox.js';
import type { Database, OutboxRow } from '../db/schema.js';
import { Pacer } from './pacer.js';
import { SerialGate, type SendGate } from './send-gate.js';
import type { OutboxOptions } from './outbox-worker.js';

/** The message a sender gets for an outbox row. */
function outboundOf(row: OutboxRow): Outbound {
  return { outboxId: row.id, channel: row.channel, chatId: row.chat_id, text: row.text, ...(row.choices ? { choices: row.choices } : {}) };
}

/**
 * Delivery for one channel. Each channel has its own rounds, so a long paced backlog on one
 * platform never delays replies on another. Claims take at most one row per chat (the oldest
 * undelivered), so a chat's messages go strictly one after another in id order while different
 * chats are sent concurrently, as fast as the channel's gate allows.
 */
export class ChannelLane {
  private readonly gate: SendGate;
  /** Rows held at once: a paced channel keeps about two seconds of sending in hand. */
  private readonly capacity: number;
  private running: Promise<number> | null = null;
  private again = false;
  /** Rounds waiting for a send to finish, woken early when new rows may have been queued. */
  private readonly sleepers = new Set<() => void>();
  private published: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sender: ChannelSender,
    private readonly log: Logger,
    private readonly options: OutboxOptions,
  ) {
    const limits = sender.limits;
    this.gate = limits ? new Pacer(limits) : new SerialGate();
    this.capacity = limits ? Math.max(options.batch, Math.ceil(2 * limits.perSecond)) : options.batch;
  }

  /** Delivers everything of this channel due now, trying each message at most once; resolves with how many were sent. */
  async drain(): Promise<number> {
    await this.publishWindow();
    const retried: string[] = [];
    const inHand = new Set<Promise<void>>();
    let sent = 0;
    // Set when the last claim found less than it could take: claim again only after a send
    // finished, since that is what unblocks a chat's next row.
    let exhausted = false;
    try {
      for (;;) {
        if (!exhausted && inHand.size <= this.capacity / 2) {
          const limit = this.capacity - inHand.size;
          const claim = await claimDue(this.db, { channel: this.sender.channel, limit, leaseMs: this.options.leaseMs, exclude: retried, ...(this.sender.replyWindowMs === undefined ? {} : { replyWindowMs: this.sender.replyWindowMs }) });
          if (claim.held > 0) this.log.info({ channel: this.sender.channel, held: claim.held }, 'messages held until their reporters write again');
          exhausted = claim.rows.length + claim.held < limit;
          for (const row of claim.rows) {
            const delivery: Promise<void> = this.deliver(row)
              .then((outcome) => {
                if (outcome === 'sent') sent++;
                else if (outcome === 'retry') retried.push(row.id);
              })
              .finally(() => inHand.delete(delivery));
            inHand.add(delivery);
          }
          if (!exhausted) continue;
        }
        if (inHand.size === 0) return sent;
        await this.sleep(inHand);
        exhausted = false;
      }
    } finally {
      await Promise.allSettled(inHand);
    }
  }

  /**
   * Asks for a round of this channel soon; its rounds never overlap within a process. A round
   * under way claims again at once: a chat waiting for its turn must not hold up new messages.
   */
  kick(): void {
    for (const wake of this.sleepers) wake();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => {
        this.log.error({ err, channel: this.sender.channel }, 'outbox round failed');
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

  /** Waits for the round under way, and starts no other. */
  async stop(): Promise<void> {
    this.again = false;
    await this.running;
  }

  /** Waits until one of the sends in hand finished, or a kick says there may be new rows. */
  private async sleep(inHand: Set<Promise<void>>): Promise<void> {
    let wake!: () => void;
    const kicked = new Promise<void>((resolve) => (wake = resolve));
    this.sleepers.add(wake);
    try {
      await Promise.race([...inHand, kicked]);
    } finally {
      this.sleepers.delete(wake);
    }
  }

  /** Sends one row and records the outcome; a failure to record it is logged, and the lease brings the row back. */
  private async deliver(row: OutboxRow): Promise<'sent' | FailureOutcome | 'unrecorded'> {
    try {
      return await this.attempt(row);
    } catch (err) {
      this.log.error({ err, outboxId: row.id }, 'could not record a delivery outcome');
      return 'unrecorded';
    }
  }

  /** One send through the gate; a refusal is recorded as a retry, a give-up, or an unreachable reporter. */
  private async attempt(row: OutboxRow): Promise<'sent' | FailureOutcome> {
    try {
      const { externalId } = await this.gate.run(row.chat_id, () => this.sender.send(outboundOf(row)));
      await markSent(this.db, row, externalId);
      return 'sent';
    } catch (err) {
      const outcome: FailureOutcome = err instanceof PermanentDeliveryError ? 'unreachable' : row.attempts >= this.options.maxAttempts ? 'gave_up' : 'retry';
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn({ outboxId: row.id, channel: row.channel, attempt: row.attempts, outcome, err: message }, 'delivery failed');
      await markFailed(this.db, row, message, this.options.backoffMs(row.attempts), outcome);
      return outcome;
    }
  }

  /** Tells every instance this channel's reply window, once per process. */
  private async publishWindow(): Promise<void> {
    const windowMs = this.sender.replyWindowMs;
    if (windowMs === undefined) return;
    this.published ??= publishReplyWindow(this.db, this.sender.channel, windowMs).catch((err: unknown) => {
      this.published = null;
      throw err;
    });
    await this.published;
  }
}
