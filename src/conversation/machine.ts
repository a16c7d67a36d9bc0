import { RATINGS } from '../cases/lifecycle.js';
import type { Reply } from '../i18n/catalog.js';
import type { District } from '../places/types.js';
import type { Facts, Intent } from '../understanding/facts.js';
import { emptyDraft, type Draft } from './draft.js';
import { nextSlot, SLOTS, SLOT_ORDER, type SlotName } from './slots.js';
import type { ConversationState } from './state.js';
import type { Effect, MachineOptions, TurnInput } from './turn.js';

/** The result of one step: the next state and what the engine must do. */
export interface StepResult {
  state: ConversationState;
  effects: Effect[];
}

/*
 * Every state and transition on one screen:
 *
 *   idle       --complaint facts / report words / photo / pin-->  collecting (ask next slot)
 *   idle       --greeting | question | thanks | other-->          idle (welcome | faq | thanks | not_understood)
 *   collecting --facts fill slots--------------------------------> collecting (ask next) | confirming (summary)
 *   collecting --ambiguous or unknown place---------------------> collecting, awaiting place (numbered candidates)
 *   any        --pin near a border / against the text / junk----> collecting, awaiting place (numbered candidates)
 *   confirming --yes / 1----------------------------------------> idle + open_case | joining (open cases alike)
 *   joining    --n (an offered case)----------------------------> idle + join_case
 *   joining    --last number / no-------------------------------> idle + open_case
 *   any        --满意|基本满意 (+ case no.), or 1–3 when idle & a rating waits--> rate
 *   any        --不满意 alone--> ask why; next message ----------> rate (unsatisfied, reason)
 *   any        --免打扰 / 恢复通知-----------------------------------> notices off / on
 *   any        --/forget | 删除我的联系方式-----------------------> same phase, forgetting (confirm 1 / keep 2)
 *   forgetting --yes / 1----------------------------------------> same phase + forget, re-ask
 *   forgetting --no / 2 / cancel--------------------------------> same phase (kept), re-ask
 *   forgetting --anything else----------------------------------> read as usual (the request lapses)
 *   idle       --report words while cases are open--------------> choosing_case (which one, or new?)
 *   choosing_case --n (an open case)----------------------------> idle + supplement
 *   choosing_case --last number / no----------------------------> the held message as a new report
 *   confirming --no / 2-----------------------------------------> collecting, awaiting field
 *   confirming --correction with facts--------------------------> confirming (new summary) | collecting
 *   collecting|confirming --idle longer than resumeAfter--------> resuming (continue or drop?)
 *   resuming   --continue / 1-----------------------------------> collecting | confirming
 *   resuming   --drop / 2---------------------------------------> idle
 *   any        --cancel------------------------------------------> idle (draft dropped)
 *   any        --restart-----------------------------------------> collecting (new draft)
 *   any        --help | status | question | unsupported | empty--> same state, answer, re-ask
 *   any        --human, or two unusable turns in a row-----------> same state + escalate (page a person)
 */

const REPORT_WORDS = /举报|投诉|反映|反应|\breport|\bcomplain/i;
const CASE_NUMBERS = /HY-?\d{8}-?\d{4}/gi;
/** Replies that mean "I could not use that": two turns of them in a row page a person. */
const MISSES: ReadonlySet<Reply['key']> = new Set(['not_understood', 'ask_category_again', 'ask_place_again', 'ask_identity_again', 'confirm_again', 'place_unknown', 'invalid_phone']);
const MAX_DESCRIPTION = 2000;

const reply = <K extends Reply['key']>(key: K, params: Extract<Reply, { key: K }>['params']): Reply =>
  ({ key, params }) as Reply;

const has = (f: Facts, intent: Intent): boolean => f.intents.includes(intent);

/** A message that is only a yes/no/thanks word, too thin to be a free-text answer. */
function isBareReaction(input: TurnInput): boolean {
  const reaction = (['affirm', 'deny', 'thanks', 'greeting'] as Intent[]).some((i) => has(input.facts, i));
  return reaction && [...input.text].length <= 4;
}

/** Whether a message is long enough in one script to decide the reporter's language by. */
function decidesLanguage(text: string): boolean {
  return /\p{Script=Han}.*\p{Script=Han}/su.test(text) || (text.match(/[A-Za-z]{2,}/g)?.length ?? 0) >= 3;
}

/**
 * Runs one turn of the intake conversation. Pure: no I/O, no clock (`now` is passed in), and the
 * input state is not mutated.
 */
export function step(prev: ConversationState, input: TurnInput, now: Date, options: MachineOptions): StepResult {
  const s: ConversationState = structuredClone(prev);
  const effects: Effect[] = [];
  const say = (r: Reply): void => {
    effects.push({ type: 'reply', reply: r });
  };
  const f = input.facts;
  const done = (): StepResult => {
    s.updatedAt = now.toISOString();
    const missed = effects.some((e) => e.type === 'reply' && MISSES.has(e.reply.key));
    s.misses = missed ? (s.misses ?? 0) + 1 : 0;
    if (s.misses >= 2) {
      effects.push({ type: 'escalate', reason: 'not_understood' }, { type: 'reply', reply: reply('staff_paged', { reason: 'not_understood' }) });
      s.misses = 0;
    }
    return { state: s, effects };
  };
  /** Ask the question the conversation is waiting on, if any. */
  const reask = (): void => {
    if (s.phase === 'confirming' && s.draft) say(reply('confirm_summary', { draft: s.draft }));
    else if (s.phase === 'resuming' && s.draft) say(reply('resume_prompt', { draft: s.draft }));
    else if (s.phase === 'collecting' && s.draft) askNext();
  };
  const askNext = (): void => {
    const d = s.draft as Draft;
    if (s.awaiting === 'place' && s.candidates.length > 0 && !SLOTS.place.filled(d)) {
      say(reply('place_ambiguous', { candidates: s.candidates, mention: d.place.text }));
      return;
    }
    const next = nextSlot(d);
    if (next) {
      s.phase = 'collecting';
      s.awaiting = next.name;
      say(next.ask(d));
    } else {
      s.phase = 'confirming';
      s.awaiting = null;
      say(reply('confirm_summary', { draft: d }));
    }
  };

  // Language first, so every answer below is already in the reporter's language.
  if (f.langSwitch) {
    s.lang = f.langSwitch;
    say(reply('lang_switched', {}));
    reask();
    return done();
  }
  if (f.lang !== s.lang && decidesLanguage(input.text)) s.lang = f.lang;

  if (input.kind === 'unsupported') {
    say(reply('unsupported_media', { what: input.unsupported ?? 'unknown' }));
    reask();
    return done();
  }
  if (input.kind === 'text' && input.text.length === 0) {
    say(reply('empty_message', {}));
    reask();
    return done();
  }

  // A /forget waits for its confirmation; anything but yes or no is read as usual and the request lapses.
  if (s.forgetting) {
    s.forgetting = false;
    if (has(f, 'affirm') || f.choice === 1) {
      effects.push({ type: 'forget' });
      reask();
      return done();
    }
    if (has(f, 'deny') || has(f, 'cancel') || f.choice === 2) {
      say(reply('forget_kept', {}));
      reask();
      return done();
    }
  }
  // Asked before erasing: a contact, once gone, cannot come back. Whatever was under way stays as it was.
  if (has(f, 'forget')) {
    s.forgetting = true;
    say(reply('forget_confirm', {}));
    return done();
  }

  // The reason for a "not satisfied" rating: whatever they say next (a cancel records it without one).
  if (s.ratingFor) {
    const number = s.ratingFor;
    s.ratingFor = null;
    effects.push({ type: 'rate', number, rating: 'unsatisfied', reason: has(f, 'cancel') ? null : input.text || null });
    return done();
  }
  // A rating names its case, or rates the one answer waiting; a bare digit rates only when no report is under way.
  const pending = input.cases?.ratingPending ?? null;
  const digitRating = s.phase === 'idle' && pending && f.choice !== null && f.choice <= RATINGS.length && input.text.length <= 3 ? RATINGS[f.choice - 1] : undefined;
  const rating = f.rating ?? digitRating ?? null;
  const rated = f.caseNumber ?? pending;
  if (rating && rated && (s.phase === 'idle' || f.caseNumber)) {
    // "不满意" alone: ask why, so the unit learns what is still wrong. A longer message already says.
    if (rating === 'unsatisfied' && input.text.replace(CASE_NUMBERS, '').trim().length <= 6) {
      s.ratingFor = rated;
      say(reply('ask_rating_reason', { number: rated }));
    } else effects.push({ type: 'rate', number: rated, rating, reason: rating === 'unsatisfied' ? input.text : null });
    return done();
  }
  if (has(f, 'mute') || has(f, 'unmute')) {
    effects.push({ type: 'notices', on: has(f, 'unmute') });
    reask();
    return done();
  }

  if (has(f, 'cancel')) {
    say(reply(s.draft ? 'cancelled' : 'nothing_to_cancel', {}));
    Object.assign(s, { phase: 'idle', awaiting: null, draft: null, candidates: [], offered: [] });
    return done();
  }
  if (has(f, 'restart')) {
    Object.assign(s, { phase: 'collecting', awaiting: null, draft: emptyDraft(now), candidates: [] });
    say(reply('restarted', {}));
    askNext();
    return done();
  }
  const stale =
    (s.phase === 'collecting' || s.phase === 'confirming') &&
    s.updatedAt !== null &&
    now.getTime() - Date.parse(s.updatedAt) > options.resumeAfterMs;
  if (stale && !has(f, 'status') && !has(f, 'help')) {
    s.phase = 'resuming';
    s.awaiting = null;
    say(reply('resume_prompt', { draft: s.draft as Draft }));
    return done();
  }
  if (has(f, 'status')) {
    effects.push({ type: 'status_query', caseNumber: f.caseNumber });
    reask();
    return done();
  }
  if (has(f, 'human')) {
    effects.push({ type: 'escalate', reason: 'human' });
    say(reply('staff_paged', { reason: 'human' }));
    reask();
    return done();
  }
  if (has(f, 'help')) {
    say(reply('help', {}));
    reask();
    return done();
  }

  const hasComplaint =
    f.categories.length > 0 ||
    f.target !== null ||
    f.place.district !== null ||
    f.place.zone !== null ||
    f.place.ambiguous.length > 0 ||
    input.kind !== 'text' ||
    REPORT_WORDS.test(input.text);

  // A question in the middle of a report is answered, not taken as the answer to ours.
  if (s.phase !== 'idle' && s.phase !== 'resuming' && has(f, 'question') && !hasComplaint) {
    say(reply('faq', {}));
    reask();
    return done();
  }

  if (s.phase === 'choosing_case' && s.held) {
    const offered = s.offered ?? [];
    const held = s.held;
    const k = f.choice;
    if (k !== null && k >= 1 && k <= offered.length) {
      effects.push({ type: 'supplement', number: offered[k - 1]!.number, text: held.text, media: held.media ?? [], pin: held.pin ?? null });
      Object.assign(s, { phase: 'idle', awaiting: null, offered: [], held: null });
      return done();
    }
    if (k === offered.length + 1 || has(f, 'deny')) {
      // A new problem: the held message starts a report, as if no case were open.
      const fresh = { ...s, phase: 'idle' as const, awaiting: null, offered: [], held: null };
      return step(fresh, { ...held, cases: { ratingPending: null, duplicates: [], open: [] } }, now, options);
    }
    say(reply('which_case', { cases: offered }));
    return done();
  }

  if (s.phase === 'joining') {
    const offered = s.offered ?? [];
    const d = s.draft as Draft;
    const k = f.choice;
    if (k !== null && k >= 1 && k <= offered.length) effects.push({ type: 'join_case', number: offered[k - 1]!.number, draft: d });
    else if (k === offered.length + 1 || has(f, 'deny')) effects.push({ type: 'open_case', draft: d });
    else {
      say(reply('duplicate_offer', { cases: offered }));
      return done();
    }
    Object.assign(s, { phase: 'idle', awaiting: null, draft: null, candidates: [], offered: [] });
    return done();
  }

  if (s.phase === 'resuming') {
    if (has(f, 'affirm') || f.choice === 1) {
      say(reply('resumed', {}));
      s.phase = 'collecting';
      askNext();
    } else if (has(f, 'deny') || f.choice === 2) {
      Object.assign(s, { phase: 'idle', awaiting: null, draft: null, candidates: [] });
      say(reply('dropped', {}));
    } else {
      say(reply('resume_prompt', { draft: s.draft as Draft }));
    }
    return done();
  }

  if (s.phase === 'idle') {
    if (!hasComplaint) {
      if (has(f, 'question')) say(reply('faq', {}));
      else if (has(f, 'thanks')) say(reply('thanks_reply', {}));
      else if (has(f, 'greeting')) say(reply('welcome', {}));
      else say(reply('not_understood', {}));
      return done();
    }
    const open = input.cases?.open ?? [];
    if (open.length > 0) {
      // They have cases under way: more about one of them is not a new report.
      Object.assign(s, { phase: 'choosing_case', awaiting: null, offered: open, held: { ...input, cases: undefined } });
      say(reply('which_case', { cases: open }));
      return done();
    }
    Object.assign(s, { phase: 'collecting', awaiting: null, draft: emptyDraft(now), candidates: [] });
  }

  const d = s.draft as Draft;
  const wasConfirming = s.phase === 'confirming';
  /**
   * Applies a pin to the draft: its county when the pin is clear; a question (returned) when it is
   * near a border, disagrees with the district in words, is outside no county we know, or is junk.
   */
  const pinQuestion = (): Reply | null => {
    const where = input.pinPlace ?? { status: 'invalid' as const };
    const ask = (r: Reply, candidates: District[] = []): Reply => {
      Object.assign(s, { phase: 'collecting', awaiting: 'place', candidates });
      return r;
    };
    if (where.status === 'invalid') {
      d.place.pin = null;
      return ask(reply('pin_invalid', {}));
    }
    if (where.status === 'outside') {
      d.place = { ...d.place, district: null, town: null, zone: null, outside: true };
      changed.add('place');
      say(reply('pin_outside', {}));
      return null;
    }
    const options = [where.district, ...where.nearBorder];
    const current = d.place.district;
    if (current && !options.some((o) => o.code === current.code)) {
      return ask(reply('pin_disagrees', { said: current, pinned: where.district }), [current, where.district]);
    }
    if (current) return null;
    if (where.nearBorder.length > 0) return ask(reply('pin_border', { candidates: options }), options);
    d.place = { ...d.place, district: where.district, zone: null, outside: false };
    changed.add('place');
    return null;
  };
  const awaiting = s.awaiting;
  const firstMessage = d.description.length === 0 && d.evidence.length === 0 && d.place.pin === null;

  if (input.text && (firstMessage || f.categories.length > 0 || f.target !== null) && !isBareReaction(input)) {
    d.description.push(input.text.slice(0, MAX_DESCRIPTION));
    if (input.text.length > MAX_DESCRIPTION) say(reply('long_message_cut', { kept: MAX_DESCRIPTION }));
  }
  d.night ||= f.night;
  d.urgent ||= f.urgent;
  d.repeat ||= f.repeat;
  if (input.media) d.evidence.push(...input.media);
  if (input.pin) d.place.pin = input.pin;

  // Which slots this message filled, from facts or from picking an offered candidate.
  const changed = new Set<SlotName>();
  // A numbered pick, or a plain yes when only one place was offered to confirm.
  const pickIndex = f.choice ?? (s.candidates.length === 1 && has(f, 'affirm') ? 1 : null);
  const picked = awaiting === 'place' && pickIndex !== null ? s.candidates[pickIndex - 1] : undefined;
  if (picked) {
    d.place = { ...d.place, district: picked, zone: null, outside: false };
    changed.add('place');
  }
  for (const name of SLOT_ORDER) {
    if (changed.has(name)) continue;
    if (SLOTS[name].fromFacts(d, f, f.correction || name === awaiting)) changed.add(name);
  }
  if (input.media && input.media.length > 0) changed.add('evidence');
  if (input.pin) {
    const asked = pinQuestion();
    if (asked) {
      say(asked);
      return done();
    }
  }
  if (changed.has('place')) s.candidates = [];

  if (wasConfirming && changed.size === 0) {
    const duplicates = input.cases?.duplicates ?? [];
    if ((has(f, 'affirm') || f.choice === 1) && duplicates.length > 0) {
      // The same problem is already open: offer to join it rather than open a second case.
      Object.assign(s, { phase: 'joining', awaiting: null, offered: duplicates });
      say(reply('duplicate_offer', { cases: duplicates }));
    } else if (has(f, 'affirm') || f.choice === 1) {
      effects.push({ type: 'open_case', draft: d });
      Object.assign(s, { phase: 'idle', awaiting: null, draft: null, candidates: [] });
    } else if (has(f, 'deny') || f.choice === 2) {
      s.phase = 'collecting';
      s.awaiting = 'field';
      say(reply('which_field', { slots: SLOT_ORDER }));
    } else {
      say(reply('confirm_again', {}));
    }
    return done();
  }

  if (awaiting === 'field' && changed.size === 0) {
    const slot = f.choice !== null ? SLOT_ORDER[f.choice - 1] : undefined;
    if (!slot) {
      say(reply('which_field', { slots: SLOT_ORDER }));
      return done();
    }
    SLOTS[slot].clear(d);
    d.skipped = d.skipped.filter((x) => x !== slot);
    if (slot === 'identity') SLOTS.contact.clear(d);
    s.awaiting = slot;
    say(SLOTS[slot].ask(d));
    return done();
  }

  // A place the gazetteer cannot pin down: ask, never guess.
  const placeOpen = !changed.has('place') && (!SLOTS.place.filled(d) || f.correction || awaiting === 'place');
  if (placeOpen && f.place.ambiguous.length > 0) {
    s.candidates = f.place.ambiguous;
    s.awaiting = 'place';
    s.phase = 'collecting';
    if (f.place.mention) d.place.text = f.place.mention;
    say(reply('place_ambiguous', { candidates: s.candidates, mention: f.place.mention }));
    return done();
  }
  if (placeOpen && f.place.unknown) {
    s.awaiting = 'place';
    s.phase = 'collecting';
    say(reply('place_unknown', { name: f.place.unknown }));
    return done();
  }

  // A direct answer to the question asked, when the facts did not already answer it.
  const asked = awaiting && awaiting !== 'field' ? SLOTS[awaiting] : null;
  const choosingPlace = asked?.name === 'place' && s.candidates.length > 0;
  if (asked && !choosingPlace && changed.size === 0 && !asked.filled(d) && input.kind === 'text') {
    if (asked.skippable && (has(f, 'unknown_answer') || (asked.name === 'evidence' && has(f, 'deny')))) {
      d.skipped.push(asked.name);
    } else if (isBareReaction(input) && asked.name !== 'evidence') {
      say(asked.ask(d));
      return done();
    } else {
      const result = asked.fromAnswer(d, input.text, f);
      if (!result.ok) {
        say(result.reply);
        return done();
      }
    }
  }

  const learned = [...changed].some((slot) => slot !== 'evidence');
  if (firstMessage && learned) say(reply('noted', { draft: d }));
  else if (f.correction && changed.size > 0) say(reply('correction_applied', {}));
  else if (awaiting === 'place' && changed.has('place')) say(reply('place_confirmed', { draft: d }));
  else if (input.media && input.media.length > 0) say(reply('evidence_received', { count: d.evidence.length }));
  if (awaiting === 'place' && s.candidates.length > 0 && !changed.has('place')) {
    say(reply('place_ambiguous', { candidates: s.candidates, mention: d.place.text }));
    return done();
  }
  askNext();
  return done();
}
