/** How much one chat may send: a sustained rate and a burst on top (a photo album arrives at once). */
export interface FloodLimits {
  perMinute: number;
  burst: number;
}

/** What to do with a message: take it, refuse it and say so (the first refusal in a while), or refuse it quietly. */
export type FloodVerdict = 'admit' | 'refuse_and_tell' | 'refuse';

interface Bucket {
  tokens: number;
  at: number;
  /** When the chat was last told to slow down. */
  toldAt: number;
}

// Told at most once a minute: a flood of "slow down" replies would be a flood of its own.
const TELL_EVERY_MS = 60_000;
// Beyond this many chats, full buckets are forgotten (a full bucket is the same as no bucket).
const PRUNE_ABOVE = 10_000;

/**
 * A token bucket per chat, so one chat sending hundreds of messages a minute (a script, a stuck
 * client, someone angry) cannot take the intake's time from everyone else. Per process: with
 * several instances each grants its own share, which bounds a flood just as well.
 */
export class FloodGuard {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: FloodLimits,
    private readonly clock: () => Date,
  ) {}

  /** Spends one message of `chat`'s allowance. */
  admit(chat: string): FloodVerdict {
    const now = this.clock().getTime();
    const { burst, perMinute } = this.limits;
    const b = this.buckets.get(chat) ?? { tokens: burst, at: now, toldAt: -Infinity };
    b.tokens = Math.min(burst, b.tokens + (Math.max(0, now - b.at) * perMinute) / 60_000);
    b.at = now;
    if (!this.buckets.has(chat)) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      this.buckets.set(chat, b);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 'admit';
    }
    if (now - b.toldAt < TELL_EVERY_MS) return 'refuse';
    b.toldAt = now;
    return 'refuse_and_tell';
  }

  private prune(now: number): void {
    const { burst, perMinute } = this.limits;
    for (const [chat, b] of this.buckets) if (b.tokens + ((now - b.at) * perMinute) / 60_000 >= burst && now - b.toldAt >= TELL_EVERY_MS) this.buckets.delete(chat);
  }
}
