import type { Category, Subcategory } from '../cases/categories.js';
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
  status_list: { cases: CaseStatusView[] };
  status_not_found: { number: string };
  system_busy: Record<string, never>;
  page: { level: number; reason: 'urgent' | 'human' | 'not_understood'; ref: string; summary: PageView; due: string };
  page_acked: { ref: string; count: number };
  staff_help: Record<string, never>;
  staff_done: { ref: string; action: 'claimed' | 'released' | 'replied' | 'forwarded' | 'rejected'; unit: string | null };
  reporter_unreachable: { ref: string; reason: string };
  reporter_outside_window: { ref: string; hours: number };
  staff_refused: { ref: string; why: 'not_found' | 'other_unit' | 'claimed' | 'unknown_unit' | 'not_a_case' | 'not_holder' };
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
