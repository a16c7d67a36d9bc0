/**
 * Telegram's flood control as the fake Bot API plays it: at most `perSecond` accepted messages in
 * any second overall and `perChatPerSecond` to one chat, judged on arrival. A message above either
 * is refused with the whole seconds to wait (Telegram's `retry_after`), and every refusal is counted.
 */
export class FakeRateLimit {
  /** How many messages were refused with a 429. */
  refused = 0;
  private readonly arrivals: number[] = [];
  private readonly chatArrivals = new Map<string, number[]>();

  constructor(
    readonly perSecond: number,
    readonly perChatPerSecond = 1,
  ) {}

  /** Admits a message to `chatId` (counting it), or returns the `retry_after` seconds of a refusal. */
  check(chatId: string): number {
    const now = performance.now();
    const chat = this.chatArrivals.get(chatId) ?? [];
    const wait = Math.max(waitMs(this.arrivals, this.perSecond, now), waitMs(chat, this.perChatPerSecond, now));
    if (wait > 0) {
      this.refused++;
      return Math.max(1, Math.ceil(wait / 1_000));
    }
    this.arrivals.push(now);
    chat.push(now);
    this.chatArrivals.set(chatId, chat);
    return 0;
  }
}

/** How long until one more arrival fits in the last second; forgets arrivals older than that. */
function waitMs(arrivals: number[], limit: number, now: number): number {
  while (arrivals.length > 0 && arrivals[0]! <= now - 1_000) arrivals.shift();
  return arrivals.length < limit ? 0 : arrivals[arrivals.length - limit]! + 1_000 - now;
}
