import type { CaseStatusView } from '../i18n/catalog.js';
import type { District } from '../places/types.js';
import type { Lang } from '../understanding/facts.js';
import type { Draft } from './draft.js';
import type { SlotName } from './slots.js';
import type { TurnInput } from './turn.js';

/**
 * Where a conversation is:
 * - `idle`: no report in progress;
 * - `collecting`: filling the draft, `awaiting` names the question last asked;
 * - `confirming`: the summary was shown, waiting for yes / a correction;
 * - `resuming`: the reporter came back to an old draft, asked to continue or drop it;
 * - `joining`: the confirmed report looks like an open case, asked to join it or file anew;
 * - `choosing_case`: a new message while cases are open, asked whether it adds to one of them.
 */
export type Phase = 'idle' | 'collecting' | 'confirming' | 'resuming' | 'joining' | 'choosing_case';

/** What the last question asked for: a slot, or which field to change. */
export type Awaiting = SlotName | 'field';

/** The persisted state of one conversation (one reporter on one channel). */
export interface ConversationState {
  phase: Phase;
  awaiting: Awaiting | null;
  draft: Draft | null;
  /** Districts offered in the last place question, numbered from 1. */
  candidates: District[];
  lang: Lang;
  /** When the state last changed (ISO), for resuming old drafts. */
  updatedAt: string | null;
  /** Turns in a row the bot could not use; at two a person is paged. Absent in older states. */
  misses?: number;
  /** In `joining` and `choosing_case`: the open cases offered, numbered from 1. */
  offered?: CaseStatusView[];
  /** In `choosing_case`: the message being asked about, to add to a case or start a report with. */
  held?: TurnInput | null;
  /** The case whose "not satisfied" rating waits for the reporter's reason. */
  ratingFor?: string | null;
  /** A /forget waits for the reporter to confirm (1) or keep (2) their contact details; any phase. */
  forgetting?: boolean;
}

/** The state of a conversation that has never spoken. */
export function initialState(lang: Lang = 'zh'): ConversationState {
  return { phase: 'idle', awaiting: null, draft: null, candidates: [], lang, updatedAt: null, misses: 0 };
}
