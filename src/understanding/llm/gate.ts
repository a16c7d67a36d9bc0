import type { Facts, Intent, UnderstandContext } from '../facts.js';

/**
 * Why a message went to the rules alone, without a model call: cost and speed (at most one call
 * per free-text message, none for buttons or commands), and safety (what the rules recognise for
 * certain is never second-guessed).
 */
export type SkipReason =
  /** Nothing to read: empty (a bare photo or pin), or no letters at all ("???"). */
  | 'empty'
  /** A press on one of our buttons: its text is our own answer. */
  | 'button'
  /** A command or an intent that acts: cancel, restart, status, human, help, mute, a language switch, a rating, a case number. */
  | 'command'
  /** A bare numbered choice or a short yes / no / don't know / thanks. */
  | 'short_answer'
  /** The question asked wants a choice or a contact (identity, phone, which field, which case). */
  | 'not_free_text'
  /** The rules already filled everything a model could add. */
  | 'rules_complete';

const COMMANDS: readonly Intent[] = ['cancel', 'restart', 'status', 'human', 'help', 'mute', 'unmute'];
const REACTIONS: readonly Intent[] = ['affirm', 'deny', 'unknown_answer', 'thanks', 'greeting'];
/** Up to this many characters, a reaction or a number is the whole message. */
const SHORT = 6;
/** Questions whose answers are picks or contact details, which a model adds nothing to (and a phone must not reach it). */
const CHOICE_QUESTIONS = new Set(['identity', 'contact', 'evidence', 'field']);
/** Phases where any answer is a pick among offered options. */
const CHOICE_PHASES = new Set(['joining', 'choosing_case', 'resuming']);

/** Why `text` needs no model, given what the rules made of it; null when one call is worth it. */
export function skipModel(text: string, rules: Facts, context: UnderstandContext = {}): SkipReason | null {
  const t = text.trim();
  if (t === '') return 'empty';
  if (context.button) return 'button';
  if (rules.langSwitch || rules.rating || rules.caseNumber || rules.intents.some((i) => COMMANDS.includes(i))) return 'command';
  const short = [...t].length <= SHORT;
  if (short && (rules.choice !== null || rules.intents.some((i) => REACTIONS.includes(i)))) return 'short_answer';
  if (!/\p{L}/u.test(t)) return 'empty';
  const d = context.dialogue;
  if (d && (CHOICE_PHASES.has(d.phase) || (d.awaiting !== null && CHOICE_QUESTIONS.has(d.awaiting)))) return 'not_free_text';
  const placed = rules.place.district !== null || rules.place.zone !== null;
  if (rules.categories.length > 0 && rules.subcategory && placed && rules.target && rules.timeText && rules.demand) return 'rules_complete';
  return null;
}
