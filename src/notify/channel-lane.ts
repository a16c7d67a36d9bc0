import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { PermanentDeliveryError, type ChannelSender, type Outbound } from '../channels/contract.js';
import { claimDue, markFailed, markSent, publishReplyWindow, type FailureOutcome } from '../db/repo/outbox.js';
import type { Database, OutboxRow } from '../db/schema.js';
import { chatGapMs, Pacer } from './pacer.js';
import { SerialGate, type SendGate } from './send-gate.js';
import type { OutboxOptions } from './outbox-worker.js';

/** The message a sender gets for an outbox row. */
function outboundOf(row: OutboxRow): Outbound {
  return { outboxId: row.id, channel: row.channel, chatId: row.chat_id, text: row.text, ...(row.choices ? { choices: row.choices } : {}) };
}

/** A send the platform took whose record the database missed (it went away meanwhile). */
interface Unrecorded {
  row: OutboxRow;
  externalId: string | undefined;
}

/**
 * Delivery for one channel. Each channel has its own rounds, so a long paced backlog on one
 * platform never delays replies on another. Claims take at most one row per chat (the oldest
 * undelivered), so a chat's messages go strictly one after another in id order while different
 * chats are sent concurrently, as fast as the channel's gate allows. On a paced channel a chat's
 * next row is claimed only once its chat may be sent to again, so a claim lasts about as long as
 * the send: a process killed meanwhile strands few rows behind their lease.
 */
export class ChannelLane {
  private readonly gate: SendGate;
  /** Rows held at once: a paced channel keeps about a second of sending in hand. */
  private readonly capacity: number;
  /** The least time between two messages to one chat, when the channel is paced; claims wait it out. */
  private readonly chatGapMs: number | undefined;
  /**
   * Sends this process made and could not record, by row id. They are recorded before the lane
   * claims anything more, so this process never sends them again and their chats move on as soon
   * as the database answers. Lost if the process dies first: another then sends them again once
   * their lease ends (delivery is at least once).
   */
  private readonly unrecorded = new Map<string, Unrecorded>();
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
    this.capacity = limits ? Math.max(options.batch, Math.ceil(limits.perSecond)) : options.batch;
    this.chatGapMs = limits ? chatGapMs(limits) : undefined;
  }

  /** Delivers everything of this channel due now, trying each message at most once; resolves with how many were sent. */
  async drain(): Promise<number> {
    await this.publishWindow();
    const retried: string[] = [];
    const inHand = new Map<string, Promise<void>>();
    let sent = 0;
    // Set when the last claim found less than it could take: claim again only after a send
    // finished, since that is what unblocks a chat's next row, or once a chat's pace allows.
    let exhausted = false;
    let paceWaitMs: number | null = null;
    try {
      for (;;) {
        if (!exhausted && inHand.size <= this.capacity / 2) {
          sent += await this.recordUnrecorded();
          const limit = this.capacity - inHand.size;
          const claim = await claimDue(this.db, {
            channel: this.sender.channel,
            limit,
            leaseMs: this.options.leaseMs,
            exclude: retried,
            ...(this.sender.replyWindowMs === undefined ? {} : { replyWindowMs: this.sender.replyWindowMs }),
            ...(this.chatGapMs === undefined ? {} : { chatGapMs: this.chatGapMs }),
          });
          if (claim.held > 0) this.log.info({ channel: this.sender.channel, held: claim.held }, 'messages held until their reporters write again');
          exhausted = claim.rows.length + claim.held < limit;
          paceWaitMs = claim.paceWaitMs;
          for (const row of claim.rows) {
            // A send that outlasted its lease comes back to its own process: never start it twice.
            if (inHand.has(row.id) || this.unrecorded.has(row.id)) continue;
            const delivery: Promise<void> = this.deliver(row)
              .then((outcome) => {
                if (outcome === 'sent') sent++;
                else if (outcome === 'retry') retried.push(row.id);
              })
              .finally(() => inHand.delete(row.id));
            inHand.set(row.id, delivery);
          }
          if (!exhausted) continue;
        }
        if (inHand.size === 0 && paceWaitMs === null) return sent;
        await this.sleep([...inHand.values()], paceWaitMs);
        exhausted = false;
      }
    } finally {
      await Promise.allSettled(inHand.values());
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

  /**
   * Waits until one of the sends in hand finished, a kick says there may be new rows, or `paceWaitMs`
   * passed and a chat waiting for its pace may be sent to.
   */
  private async sleep(inHand: Promise<void>[], paceWaitMs: number | null): Promise<void> {
    let wake!: () => void;
    const kicked = new Promise<void>((resolve) => (wake = resolve));
    this.sleepers.add(wake);
    const timer = paceWaitMs === null ? null : setTimeout(wake, Math.max(1, Math.ceil(paceWaitMs)));
    try {
      await Promise.race([...inHand, kicked]);
    } finally {
      this.sleepers.delete(wake);
      if (timer) clearTimeout(timer);
    }
  }

  /**
   * Records the sends the database missed, without sending them again; throws while it still
   * cannot, which ends the round before it claims anything. Resolves with how many it recorded.
   */
  private async recordUnrecorded(): Promise<number> {
    let recorded = 0;
    for (const [id, { row, externalId }] of this.unrecorded) {
      await markSent(this.db, row, externalId);
      this.unrecorded.delete(id);
      recorded++;
    }
    if (recorded > 0) this.log.info({ channel: this.sender.channel, recorded }, 'recorded deliveries the database had missed');
    return recorded;
  }

  /**
   * Sends one row and records the outcome. A send the database could not record is kept in memory
   * for the next claim to record first; a failure it could not record comes back with the lease.
   */
  private async deliver(row: OutboxRow): Promise<'sent' | FailureOutcome | 'unrecorded'> {
    let externalId: string | undefined;
    try {
      ({ externalId } = await this.gate.run(row.chat_id, () => this.sender.send(outboundOf(row))));
    } catch (err) {
      return this.fail(row, err);
    }
    try {
      await markSent(this.db, row, externalId);
      return 'sent';
    } catch (err) {
      this.unrecorded.set(row.id, { row, externalId });
      this.log.error({ err, outboxId: row.id }, 'sent, but could not record it: recording it before claiming more');
      return 'unrecorded';
    }
  }

  /** Records a refused send as a retry, a give-up, or an unreachable reporter. */
  private async fail(row: OutboxRow, err: unknown): Promise<FailureOutcome | 'unrecorded'> {
    const outcome: FailureOutcome = err instanceof PermanentDeliveryError ? 'unreachable' : row.attempts >= this.options.maxAttempts ? 'gave_up' : 'retry';
    const message = err instanceof Error ? err.message : String(err);
    this.log.warn({ outboxId: row.id, channel: row.channel, attempt: row.attempts, outcome, err: message }, 'delivery failed');
    try {
      await markFailed(this.db, row, message, this.options.backoffMs(row.attempts), outcome);
      return outcome;
    } catch (recordErr) {
      // Nothing went out: the lease brings the row back for another try.
      this.log.error({ err: recordErr, outboxId: row.id }, 'could not record a delivery failure');
      return 'unrecorded';
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
