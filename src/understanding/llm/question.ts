import type { Facts, Lang, UnderstandContext } from '../facts.js';
import { WORDED_SLOTS, type WordedSlot } from './schemas.js';

/** A case number, a link, a long digit run (a phone, an ID) or the ××× marker: never in a reply we did not write. */
const FORBIDDEN = /HY-?\d{8}|https?:\/\/|www\.|\d{5,}|×××/i;

/**
 * Whether a model's question may be shown: in the reporter's language, a question, and free of
 * case numbers, links and numbers that could be someone's phone or ID.
 */
export function acceptableQuestion(question: string, lang: Lang): boolean {
  if (FORBIDDEN.test(question) || !/[?？]/.test(question)) return false;
  const han = /\p{Script=Han}/u.test(question);
  return lang === 'zh' ? han : !han;
}

/**
 * The free-text facts the report still lacks after this message, in the order the form asks them:
 * what the report held before (the dialogue) and what the rules found in the message are not
 * missing. Empty without a conversation (an Open311 request asks nothing back).
 */
export function missingSlots(rules: Facts, context: UnderstandContext): WordedSlot[] {
  const d = context.dialogue;
  if (!d) return [];
  const found: Record<WordedSlot, boolean> = {
    place: rules.place.district !== null || rules.place.zone !== null,
    target: rules.target !== null,
    time: rules.timeText !== null,
    demand: rules.demand !== null,
  };
  return WORDED_SLOTS.filter((s) => !(s in d.known) && !found[s]);
}
