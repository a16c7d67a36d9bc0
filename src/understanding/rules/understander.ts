import type { PlaceContext } from '../../places/types.js';
import type { Facts, Understander } from '../facts.js';
import { extractFacts } from './extract.js';

/**
 * The always-available {@link Understander}: lexicon, gazetteer and patterns, no network. The clock
 * is injected so 现在/正在 can be judged against the time the message is read, and tests and the
 * state machine stay deterministic.
 */
export class RulesUnderstander implements Understander {
  /** @param now the clock; read once per message. */
  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Reads `text` into facts; never rejects. */
  async understand(text: string, context?: PlaceContext): Promise<Facts> {
    let now: Date | undefined;
    try {
      now = this.now();
    } catch {
      now = undefined;
    }
    return extractFacts(text, { context, now });
  }
}
