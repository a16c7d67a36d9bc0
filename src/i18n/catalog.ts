import type { Category, Subcategory } from '../cases/categories.js';
import type { Deadline } from '../cases/clocks.js';
import type { Finding, Rating } from '../cases/lifecycle.js';
import type { Draft } from '../conversation/draft.js';
import type { SlotName } from '../conversation/slots.js';
import type { District } from '../places/types.js';
import type { IdentityMode, Lang } from '../understanding/facts.js';

/** A case as a reporter may see it when asking for status (its number carries the day it was registered). */
export interface CaseStatusView {
  number: string;
  status: string;
  categories: Category[];
  district: string | null;
}

/** A unit's names, for messages read in either language. */
export interface UnitName {
  zh: string;
  en: string;
}

/** One case in full as its reporter may see it: what happened when, and what is due next. */
export interface CaseDetailView extends CaseStatusView {
  /** Local days and event types, oldest first, only the steps a reporter is told of. */
  timeline: { day: string; type: string }[];
  /** The next date the reporter is owed something, if a clock runs. */
  next: { kind: Deadline['kind']; due: string } | null;
}

/** What a page shows staff about its subject: never who reported it. */
export interface PageView {
  categories: string[];
  place: string | null;
  target: string | null;
  time: string | null;
  description: string | null;
}

/** Every message citizens and staff read, with the parameters each one needs. */
export interface MessageParams {
  welcome: Record<string, never>;
  faq: Record<string, never>;
  help: Record<string, never>;
  staff_paged: { reason: 'human' | 'not_understood' };
  thanks_reply: Record<string, never>;
  not_understood: Record<string, never>;
  empty_message: Record<string, never>;
  unsupported_media: { what: string };
  long_message_cut: { kept: number };
  lang_switched: Record<string, never>;
  cancelled: Record<string, never>;
  nothing_to_cancel: Record<string, never>;
  restarted: Record<string, never>;
  resume_prompt: { draft: Draft };
  resumed: Record<string, never>;
  dropped: Record<string, never>;
  noted: { draft: Draft };
  correction_applied: Record<string, never>;
  evidence_received: { count: number };
  ask_category: Record<string, never>;
  ask_category_again: Record<string, never>;
  ask_place: Record<string, never>;
  ask_place_again: Record<string, never>;
  place_ambiguous: { candidates: District[]; mention: string | null };
  place_unknown: { name: string };
  place_confirmed: { draft: Draft };
  pin_invalid: Record<string, never>;
  pin_outside: Record<string, never>;
  pin_border: { candidates: District[] };
  pin_disagrees: { said: District; pinned: District };
  ask_target: Record<string, never>;
  ask_time: Record<string, never>;
  ask_evidence: Record<string, never>;
  send_evidence_now: Record<string, never>;
  ask_demand: Record<string, never>;
  /** What follows a question a model worded: how to answer it without words (a pin, "don't know"). */
  hint_place: Record<string, never>;
  hint_target: Record<string, never>;
  hint_time: Record<string, never>;
  hint_demand: Record<string, never>;
  ask_identity: Record<string, never>;
  ask_identity_again: Record<string, never>;
  ask_contact: { realName: boolean };
  ask_contact_name: Record<string, never>;
  invalid_phone: Record<string, never>;
  confirm_summary: { draft: Draft };
  confirm_again: Record<string, never>;
  which_field: { slots: readonly SlotName[] };
  case_opened: { number: string; identity: IdentityMode; urgent: boolean; unit: string };
  status_none: Record<string, never>;
  status_not_found: { number: string };
  status_detail: { detail: CaseDetailView };
  status_pick: { cases: CaseStatusView[] };
  case_accepted: { number: string; due: string };
  case_forwarded: { number: string; unit: UnitName };
  case_sent_back: { number: string };
  case_in_progress: { number: string; unit: UnitName; due: string };
  case_extended: { number: string; days: number; reason: string; due: string };
  case_answered: { number: string; finding: Finding; action: string; final: boolean; reviewDue: string };
  case_reopened: { number: string; due: string };
  case_merged: { number: string; into: string };
  rating_thanks: { number: string };
  rating_reminder: { number: string };
  ask_rating_reason: { number: string };
  review_guidance: { number: string; due: string };
  review_expired: { number: string; due: string };
  rating_refused: { number: string; why: 'already_rated' | 'not_answered' };
  duplicate_offer: { cases: CaseStatusView[] };
  case_joined: { number: string; reporters: number };
  which_case: { cases: CaseStatusView[] };
  case_supplemented: { number: string };
  notices_off: { count: number };
  notices_on: { count: number };
  /** /forget: asks the reporter to confirm erasing their contact details. */
  forget_confirm: Record<string, never>;
  /** /forget done: erased from `closed` finished cases now; `open` cases keep it until they finish. */
  forget_done: { closed: number; open: number };
  forget_kept: Record<string, never>;
  /** Staff-facing: why a retention event erased what it did (the case timeline's reason). */
  retention_erased: { contact: 'request' | 'policy' | null; evidence: number; transcript: number };
  clock_reminder: { ref: string; clock: Deadline['kind']; due: string };
  system_busy: Record<string, never>;
  kept_for_later: Record<string, never>;
  too_fast: Record<string, never>;
  page: { level: number; reason: 'urgent' | 'human' | 'not_understood' | 'overdue'; ref: string; summary: PageView; due: string };
  page_acked: { ref: string; count: number };
  staff_help: Record<string, never>;
  staff_done: { ref: string; action: StaffDoneAction; unit: string | null };
  reporter_unreachable: { ref: string; reason: string };
  reporter_outside_window: { ref: string; hours: number };
  staff_refused: { ref: string; why: StaffRefusal };
  relay: { ref: string; text: string };
  staff_message: { text: string };
  staff_joined: Record<string, never>;
  staff_left: Record<string, never>;
  case_not_accepted: { number: string; reason: string; body: string };
  not_staff: Record<string, never>;
  choice_outdated: Record<string, never>;
  staff_only_button: Record<string, never>;
  staff_button_sent: { command: string };
}

/** What a staff command did, as staff are told. */
export type StaffDoneAction = 'claimed' | 'released' | 'replied' | 'forwarded' | 'rejected' | 'accepted' | 'sent_back' | 'started' | 'extended' | 'answered' | 'supervised' | 'merged';

/** Why a staff command was refused: who may act, or what the lifecycle allows now. */
export type StaffRefusal =
  | 'not_found'
  | 'other_unit'
  | 'claimed'
  | 'unknown_unit'
  | 'not_a_case'
  | 'not_holder'
  | 'wrong_status'
  | 'not_accepted_yet'
  | 'already_extended'
  | 'bad_extension'
  | 'send_back_late'
  | 'same_unit'
  | 'already_rated'
  | 'already_supervised'
  | 'not_supervisor';

/** The name of a citizen-facing message. */
export type MessageKey = keyof MessageParams;

/** A message to send, before it is rendered in the reporter's language. */
export type Reply = { [K in MessageKey]: { key: K; params: MessageParams[K] } }[MessageKey];

/** Names of things that appear inside messages. */
export interface Labels {
  /** The language these labels are in, for names that come from data (districts). */
  lang: Lang;
  categories: Record<Category, string>;
  subcategories: Record<Subcategory, string>;
  slots: Record<SlotName, string>;
  identity: Record<IdentityMode, string>;
  statuses: Record<string, string>;
  findings: Record<Finding, string>;
  ratings: Record<Rating, string>;
  /** Steps of a case as the reporter's timeline names them. */
  events: Record<string, string>;
  clocks: Record<Deadline['kind'], string>;
  none: string;
  unknown: string;
  /** Said of a pin outside the province the service covers. */
  outside: string;
  /** Short labels of buttons offered with questions (a phone screen is narrow). */
  buttons: {
    confirm: string;
    change: string;
    resume: string;
    drop: string;
    none: string;
    dontKnow: string;
    shareLocation: string;
    identity: Record<IdentityMode, string>;
    newProblem: string;
    /** Staff buttons on a page. */
    ack: string;
    takeOver: string;
  };
}

/** One language's complete set of messages: the compiler checks nothing is missing. */
export interface Catalog {
  labels: Labels;
  messages: { [K in MessageKey]: (p: MessageParams[K], labels: Labels) => string };
}

/** Catalogs by language. */
export type Catalogs = Record<Lang, Catalog>;
