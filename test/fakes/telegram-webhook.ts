import type { Update } from 'grammy/types';
import type { FakeTelegramApi } from './telegram-api.js';

/** How the fake posts updates to webhooks. */
export interface WebhookDeliveryOptions {
  /** The webhook URLs of the instances behind the load balancer; each post picks one at random. */
  urls: string[];
  /** The secret Telegram sends back in `X-Telegram-Bot-Api-Secret-Token`. */
  secret: string;
  /** How many times each update is posted (Telegram retries what it thinks failed); 1 by default. */
  copies?: number;
  /** Each post waits a random 0..spreadMs first, so copies of different updates interleave. */
  spreadMs?: number;
}

/**
 * Telegram's side of a webhook, for the fake Bot API: every update a test injects is POSTed as
 * JSON to one of the instances, with the secret header, retried (to any instance) while the
 * answer is not 2xx or the connection fails, as Telegram does. Counts what it did, so a test can
 * tell a redelivery from a lost update.
 */
export class WebhookDelivery {
  /** Posts made, answered 2xx. */
  delivered = 0;
  /** Posts that failed (connection refused, non-2xx) and were retried. */
  retried = 0;
  private readonly inFlight = new Set<Promise<void>>();

  private constructor(private readonly options: WebhookDeliveryOptions) {}

  /** Takes over the fake's updates from now on. */
  static attach(fake: FakeTelegramApi, options: WebhookDeliveryOptions): WebhookDelivery {
    const d = new WebhookDelivery(options);
    fake.onUpdate = (u) => {
      for (let i = 0; i < (options.copies ?? 1); i++) d.track(d.post(u));
    };
    return d;
  }

  /** Resolves once every post made so far has been answered 2xx. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async post(update: Update): Promise<void> {
    const { urls, secret, spreadMs = 0 } = this.options;
    await sleep(Math.random() * spreadMs);
    for (let attempt = 0; ; attempt++) {
      const url = urls[Math.floor(Math.random() * urls.length)]!;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update) });
        await res.arrayBuffer();
        if (res.ok) {
          this.delivered++;
          return;
        }
      } catch {
        // An instance that is down: Telegram tries again later.
      }
      this.retried++;
      if (attempt >= 50) throw new Error(`fake Telegram: update ${update.update_id} undeliverable`);
      await sleep(200);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
