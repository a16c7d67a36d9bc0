import type { RateLimits } from '../channels/contract.js';
import type { SendGate } from './send-gate.js';

/**
 * How much longer than a second the pacer's window is. A request reaches the platform a little
 * after it starts, some sooner than others; counting over a slightly longer window keeps the
 * platform's own count (on arrival) under the limit too. Costs about 2% of the rate.
 */
const SLACK_MS = 25;

/** How many starts a window allows, and how long the window is. */
interface Budget {
  count: number;
  windowMs: number;
}

/** A rate as whole starts per window: 30/s is 30 per second, 0.5/s is 1 per two seconds. */
function budget(perSecond: number): Budget {
  const count = Math.max(1, Math.floor(perSecond));
  return { count, windowMs: (1_000 * count) / perSecond + SLACK_MS };
}

/** When the next start may happen after the recent `starts` (oldest first); forgets starts that left the window. */
function nextStart(starts: number[], b: Budget, now: number): number {
  while (starts.length > 0 && starts[0]! <= now - b.windowMs) starts.shift();
  return starts.length < b.count ? now : starts[starts.length - b.count]! + b.windowMs;
}

/**
 * The least time between two messages to one chat, as the outbox claims them: a chat's next row is
 * taken only this long after the previous was recorded sent. Counted from the record (after the
 * send) and by the database's clock, so it holds across instances and is never shorter than the
 * pacer's own gap between starts.
 */
export function chatGapMs(limits: RateLimits): number {
  return 1_000 / limits.perChatPerSecond + SLACK_MS;
}

interface Waiter {
  chatId: string;
  go: () => void;
}

/**
 * Keeps a channel's sends under its platform's limits: at most `perSecond` starts in any second
 * across chats and `perChatPerSecond` to one chat, counted on the moments sends actually start, so
 * a late timer cannot bunch them. Starts are also spread out (never closer than half the average
 * gap): a whole second's budget sent at once would reach the platform over a long stretch and
 * overlap the next second's. Sends to different chats overlap; a chat that must wait does not hold
 * up the others, and waiting sends go oldest first. The overall limit is per process: instances
 * sharing one bot should each be given their share. The per-chat one also holds across instances,
 * since the outbox claims a chat's next row only `chatGapMs` after the previous was recorded.
 */
export class Pacer implements SendGate {
  private readonly overall: Budget;
  private readonly perChat: Budget;
  private readonly minGapMs: number;
  private readonly starts: number[] = [];
  private readonly chatStarts = new Map<string, number[]>();
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sweptAt = 0;

  constructor(limits: RateLimits) {
    this.overall = budget(limits.perSecond);
    this.perChat = budget(limits.perChatPerSecond);
    this.minGapMs = 500 / limits.perSecond;
  }

  async run<T>(chatId: string, send: () => Promise<T>): Promise<T> {
    await new Promise<void>((go) => {
      this.waiting.push({ chatId, go });
      this.pump();
    });
    return send();
  }

  /** Starts every waiting send that may start now, and sets a timer for the next that may not. */
  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = performance.now();
    let wakeAt = Infinity;
    for (let i = 0; i < this.waiting.length; ) {
      const overallAt = Math.max(nextStart(this.starts, this.overall, now), (this.starts.at(-1) ?? -Infinity) + this.minGapMs);
      if (overallAt > now) {
        wakeAt = overallAt;
        break;
      }
      const w = this.waiting[i]!;
      const chat = this.chatStarts.get(w.chatId) ?? [];
      const chatAt = nextStart(chat, this.perChat, now);
      if (chatAt > now) {
        wakeAt = Math.min(wakeAt, chatAt);
        i++;
        continue;
      }
      this.starts.push(now);
      chat.push(now);
      this.chatStarts.set(w.chatId, chat);
      this.waiting.splice(i, 1);
      w.go();
    }
    this.sweep(now);
    // Timers may fire a little early by this clock: the next pump checks again rather than trusting it.
    if (wakeAt < Infinity) this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(wakeAt - now)));
  }

  /** Forgets chats with no start inside the window, at most once per window, so memory follows recent chats only. */
  private sweep(now: number): void {
    if (now - this.sweptAt < this.perChat.windowMs) return;
    this.sweptAt = now;
    for (const [chatId, starts] of this.chatStarts) {
      if ((starts.at(-1) ?? -Infinity) <= now - this.perChat.windowMs) this.chatStarts.delete(chatId);
    }
  }
}
