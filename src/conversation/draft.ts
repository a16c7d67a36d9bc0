import type { Category, Subcategory } from '../cases/categories.js';
import type { Pin } from '../places/pins.js';
import type { District } from '../places/types.js';
import type { IdentityMode } from '../understanding/facts.js';

/** A photo or video the reporter sent, by the channel's reference (never the bytes). */
export interface Evidence {
  kind: 'photo' | 'video' | 'file';
  ref: string;
  /** The kept copy (sha256 of its bytes, size in bytes), when the channel's file could be fetched. */
  sha256?: string;
  size?: number;
}

/** Where the problem is, as far as the conversation knows. */
export interface DraftPlace {
  district: District | null;
  town: string | null;
  zone: string | null;
  /** The place words the reporter used, kept for the case's address text. */
  text: string | null;
  pin: Pin | null;
  /** The pin is outside Sichuan: the case goes to the triage queue to be checked. */
  outside: boolean;
}

/** A half-filled report: what the intake form has collected so far. */
export interface Draft {
  categories: Category[];
  subcategory: Subcategory | null;
  /** The reporter's own words, one entry per message that described the problem. */
  description: string[];
  place: DraftPlace;
  /** 举报对象: the reported unit or source. */
  target: string | null;
  /** When and how often, as written. */
  time: string | null;
  night: boolean;
  urgent: boolean;
  repeat: boolean;
  evidence: Evidence[];
  /** 诉求: what the reporter wants done. */
  demand: string | null;
  identity: IdentityMode | null;
  contactName: string | null;
  contactPhone: string | null;
  /** Slots the reporter answered with "don't know" / "none"; they count as filled. */
  skipped: string[];
  /** When the draft was started (ISO). */
  startedAt: string;
}

/** A new empty draft started at `now`. */
export function emptyDraft(now: Date): Draft {
  return {
    categories: [],
    subcategory: null,
    description: [],
    place: { district: null, town: null, zone: null, text: null, pin: null, outside: false },
    target: null,
    time: null,
    night: false,
    urgent: false,
    repeat: false,
    evidence: [],
    demand: null,
    identity: null,
    contactName: null,
    contactPhone: null,
    skipped: [],
    startedAt: now.toISOString(),
  };
}
