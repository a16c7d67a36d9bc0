import type { FallbackReason } from './model.js';
import type { SkipReason } from './gate.js';

/** A point-in-time copy of {@link LlmCounters}: plain numbers, ready to expose as metrics (issue 9). */
export interface LlmCountersSnapshot {
  /** Messages that went to a model (one per message; a repair is counted in `requests`). */
  asked: number;
  /** HTTP requests made, repairs included. */
  requests: number;
  ok: number;
  repaired: number;
  /** Messages whose model answer was not used, by why. */
  fallbacks: Partial<Record<FallbackReason, number>>;
  /** Messages that needed no model, by why. */
  skipped: Partial<Record<SkipReason, number>>;
  /** Characters sent, summed and the largest single request. */
  charsSent: number;
  maxCharsPerRequest: number;
}

/**
 * In-memory counts of model use for this process: calls, outcomes, fallbacks by reason, skips by
 * reason and characters sent. Cheap enough to update on every message; {@link snapshot} copies.
 */
export class LlmCounters {
  private readonly s: LlmCountersSnapshot = { asked: 0, requests: 0, ok: 0, repaired: 0, fallbacks: {}, skipped: {}, charsSent: 0, maxCharsPerRequest: 0 };

  /** `onCall` is told each call's latency and outcome (the metrics' histogram). */
  constructor(private readonly onCall?: (seconds: number, outcome: 'ok' | 'repaired' | 'fallback') => void) {}

  /** A message the rules handled alone. */
  skip(reason: SkipReason): void {
    this.s.skipped[reason] = (this.s.skipped[reason] ?? 0) + 1;
  }

  /** A message that went to the model, with how it went. */
  asked(r: { outcome: 'ok' | 'repaired' | 'fallback'; reason: FallbackReason | null; calls: number; chars: number; maxChars: number; latencyMs: number }): void {
    this.onCall?.(r.latencyMs / 1000, r.outcome);
    this.s.asked++;
    this.s.requests += r.calls;
    this.s.charsSent += r.chars;
    this.s.maxCharsPerRequest = Math.max(this.s.maxCharsPerRequest, r.maxChars);
    if (r.outcome === 'ok') this.s.ok++;
    else if (r.outcome === 'repaired') this.s.repaired++;
    else if (r.reason) this.s.fallbacks[r.reason] = (this.s.fallbacks[r.reason] ?? 0) + 1;
  }

  /** A copy of the counts now. */
  snapshot(): LlmCountersSnapshot {
    return structuredClone(this.s);
  }
}
