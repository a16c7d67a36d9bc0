import type { ConversationState } from '../conversation/state.js';
import type { DialogueContext } from '../understanding/facts.js';

/**
 * The conversation so far as an understander is told it: the phase, the question asked, and what
 * the draft already holds by slot, as short texts. Contact details are not "known" facts here but
 * `personal`, so a model-backed understander can mask them wherever they appear.
 */
export function dialogueOf(state: ConversationState): DialogueContext {
  const d = state.draft;
  const known: Record<string, string> = {};
  if (d) {
    if (d.categories.length > 0) known.category = [...d.categories, d.subcategory].filter(Boolean).join('/');
    const place = [d.place.district?.name ?? d.place.zone, d.place.town].filter(Boolean).join(' ');
    if (place) known.place = place;
    if (d.target) known.target = d.target;
    if (d.time) known.time = d.time;
    if (d.demand) known.demand = d.demand;
  }
  const personal = [d?.contactName, d?.contactPhone].filter((v): v is string => Boolean(v));
  return { phase: state.phase, awaiting: state.awaiting, known, personal };
}
