import type { Category, Subcategory } from '../cases/categories.js';
import type { Rating } from '../cases/lifecycle.js';
import type { PlaceContext, PlaceResolution, Span } from '../places/types.js';

/** Intents a message can carry besides (or instead of) complaint facts. */
export type Intent =
  | 'greeting'
  | 'question'
  | 'help'
  | 'cancel'
  | 'restart'
  | 'status'
  | 'human'
  | 'affirm'
  | 'deny'
  | 'unknown_answer'
  | 'thanks'
  /** Stop pushing case updates to this chat (免打扰) / start again (恢复通知). */
  | 'mute'
  | 'unmute'
  /** Erase my contact details (/forget, 删除我的联系方式). */
  | 'forget';

/** How the reporter wants to be identified to staff. */
export type IdentityMode = 'anonymous' | 'confidential' | 'real_name';

/** Reporter language. */
export type Lang = 'zh' | 'en';

/** Everything understood from one message. Produced by an extractor; never changes a case by itself. */
export interface Facts {
  /** Language the message is written in. */
  lang: Lang;
  /** An explicit language switch (`/lang en`, "please reply in English"), or null. */
  langSwitch: Lang | null;
  /** Intents, strongest first. */
  intents: Intent[];
  /** Categories, primary first; empty when the text names no pollution. */
  categories: Category[];
  /** The most specific subcategory found, or null. */
  subcategory: Subcategory | null;
  /** Where: district, town, zone or candidates. */
  place: PlaceResolution;
  /** The reported unit or source (举报对象), e.g. `塑料厂`, `火锅店`. */
  target: string | null;
  /** When and how often, as written, e.g. `每天晚上十点以后`. */
  timeText: string | null;
  /** Happens at night (22:00–06:00) by the text. */
  night: boolean;
  /** Time-critical (ongoing night construction, dead fish, leak, fire...). */
  urgent: boolean;
  /** The reporter says they reported this before. */
  repeat: boolean;
  /** A phone number found in the text, digits only. */
  phone: string | null;
  /** A name the reporter gave for themselves (我叫张三 / 姓名：张三). */
  name: string | null;
  /** What the reporter wants done (诉求), as written. */
  demand: string | null;
  /** An identity mode named in the text (匿名 / 保密 / 实名). */
  identityMode: IdentityMode | null;
  /** The message corrects something said before (不对 / 不是…是… / 改成). */
  correction: boolean;
  /** A bare numbered choice ("2", "第二个"), 1-based, or null. */
  choice: number | null;
  /** A case number the message refers to (HY-20261127-0001), or null. */
  caseNumber: string | null;
  /** A rating of an answered case (满意 / 基本满意 / 不满意) the message starts with, or null. */
  rating: Rating | null;
  /** 0..1: how sure the extractor is that this is a usable complaint lead. */
  confidence: number;
  /** The spans used, for audit and `huiyin triage`. */
  spans: Span[];
  /** A model's wording for the next question, when a model was asked (see {@link Phrasing}). */
  phrasing?: Phrasing;
}

/**
 * Where the conversation stands when a message arrives, as a language model needs it to read a
 * short answer ("the one behind the school" answers "which unit?"). Plain strings only, so the
 * understanding layer needs no conversation types.
 */
export interface DialogueContext {
  /** The conversation's phase (`idle`, `collecting`, `confirming`...). */
  phase: string;
  /** The question asked last: a slot name (`place`, `target`...), `field`, or null. */
  awaiting: string | null;
  /** What the report already holds, by slot, as short texts (`place: 郫都区`). */
  known: Record<string, string>;
  /** The reporter's own name and phone as the conversation knows them: never sent to a model. */
  personal: string[];
}

/**
 * What an {@link Understander} may be told besides the text. Every field is optional, so a bare
 * {@link PlaceContext} is still a valid context and the rules extractor reads only that part.
 */
export interface UnderstandContext extends PlaceContext {
  /** The conversation row the message belongs to, for recording what was sent about it. */
  conversationId?: string;
  /** The journal row of the message; a recomputed turn passes the same one. */
  messageId?: string;
  /** The message is a press on a button: its text is one of our own answers, not free text. */
  button?: boolean;
  /** The conversation so far. */
  dialogue?: DialogueContext;
}

/**
 * A model's wording of the question for one free-text fact the report lacks, checked to be a
 * question in `lang` with no numbers or links. The state machine never reads it; when it asks that
 * same fact anyway, the reply may use these words instead of the catalog's.
 */
export interface Phrasing {
  slot: 'place' | 'target' | 'time' | 'demand';
  question: string;
  lang: Lang;
}

/** Turns one message into facts. Rules and LLM implementations share it. */
export interface Understander {
  /** Reads `text`; `context` narrows place lookups (and tells a model where the talk stands). Never throws on any string. */
  understand(text: string, context?: UnderstandContext): Promise<Facts>;
}

/** Facts of a message that says nothing understood (a photo, an empty text), in `lang`. */
export function emptyFacts(lang: Lang): Facts {
  return {
    lang,
    langSwitch: null,
    intents: [],
    categories: [],
    subcategory: null,
    place: { district: null, town: null, zone: null, ambiguous: [], mention: null, unknown: null, confidence: 0, spans: [] },
    target: null,
    timeText: null,
    night: false,
    urgent: false,
    repeat: false,
    phone: null,
    name: null,
    demand: null,
    identityMode: null,
    correction: false,
    choice: null,
    caseNumber: null,
    rating: null,
    confidence: 0,
    spans: [],
  };
}
