import type { Facts } from '../understanding/facts.js';
import type { Rating } from '../cases/lifecycle.js';
import type { CaseStatusView, Reply } from '../i18n/catalog.js';
import type { PinResolution, Pin } from '../places/pins.js';
import type { Draft, Evidence } from './draft.js';

/** What kind of message arrived, after the adapter normalised it. */
export type InboundKind = 'text' | 'location' | 'media' | 'unsupported';

/** One inbound message as the state machine sees it: the facts, plus what is not text. */
export interface TurnInput {
  kind: InboundKind;
  /** The text, trimmed; empty for a bare photo or location. */
  text: string;
  facts: Facts;
  pin?: Pin;
  /** Where the pin falls, resolved by the places module before the step (it is pure data work). */
  pinPlace?: PinResolution;
  media?: Evidence[];
  /** For `unsupported`: what it was (sticker, voice...), to say so. */
  unsupported?: string;
  /** What the engine looked up about the reporter's cases for this turn. */
  cases?: TurnCases;
}

/** The reporter's cases as a turn needs them, looked up before the step (the machine does no I/O). */
export interface TurnCases {
  /** The newest answered case they follow and have not rated: a bare 1/2/3 rates it. */
  ratingPending: string | null;
  /** Open cases that look like the same problem as the draft being confirmed. */
  duplicates: CaseStatusView[];
  /** The open cases the reporter follows: a new message may be about one of them. */
  open: CaseStatusView[];
}

/** Something the engine must do after a step; the state machine itself does no I/O. */
export type Effect =
  | { type: 'reply'; reply: Reply }
  | { type: 'open_case'; draft: Draft }
  | { type: 'status_query'; caseNumber: string | null }
  /** Page a person: the reporter asked for one, or the bot failed to understand twice in a row. */
  | { type: 'escalate'; reason: 'human' | 'not_understood' }
  /** The reporter rated the answer of a case. */
  | { type: 'rate'; number: string; rating: Rating; reason: string | null }
  /** The confirmed report is the same problem as an open case: follow it instead of opening one. */
  | { type: 'join_case'; number: string; draft: Draft }
  /** The reporter wants case updates pushed to this chat, or not. */
  | { type: 'notices'; on: boolean }
  /** The reporter confirmed /forget: erase their contact details now on finished cases, at closure on open ones. */
  | { type: 'forget' }
  /** A message that adds to an open case the reporter follows (more detail, a photo, a pin). */
  | { type: 'supplement'; number: string; text: string; media: Evidence[]; pin: Pin | null };

/** Tunables of the state machine, injected so tests and operators can change them. */
export interface MachineOptions {
  /** A draft untouched this long is offered to continue or drop instead of silently continued. */
  resumeAfterMs: number;
}
