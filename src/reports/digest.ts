import { FINDINGS, type Finding } from '../cases/lifecycle.js';
import { redactPersonal } from '../privacy/redact.js';
import { localTime } from '../routing/calendar.js';
import type { CaseStats } from './case-stats.js';
import type { Period } from './period.js';

/** A city (市/州) digest, every 3 days, or the province's, twice a week (DOMAIN.md, disclosure cadence). */
export type DigestKind = 'city' | 'province';

/** What a digest covers: a city or the province, with its names and the URL-safe slug of its files. */
export interface DigestScope {
  kind: DigestKind;
  /** As the cases name it: `成都市`, `四川省`. */
  name: string;
  /** For English readers: `Chengdu`. */
  name_en: string;
  /** Code and pinyin, for file names: `5101-chengdu`. */
  slug: string;
}

/** A closed case as the database gives it to the digest: still holding what must not be published. */
export interface ClosedCaseRecord {
  number: string;
  city: string | null;
  /** The district (county) name, or the functional zone when only that is known. */
  district: string | null;
  town: string | null;
  categories: readonly string[];
  registeredAt: Date;
  closedAt: Date;
  /** The last answer before closing: the finding key and the staff's text of what was done. */
  answer: { finding: string; action: string; at: Date } | null;
  /** A model's public summary of that answer, already checked against the redaction; null: none acceptable (yet). */
  summary: string | null;
  /** The case it was merged into, when it was closed by a merge. */
  mergedInto: string | null;
  /** Names and phone numbers of the people of the case, to be removed from any text. */
  personal: readonly (string | null)[];
}

/** A closed case as it is published: town-level place, no people, no complaint text. */
export interface PublicCase {
  number: string;
  /** District (with its city in a province digest) and town, never a street or house. */
  place: string;
  categories: string[];
  finding: Finding | null;
  /** What was done: the model's summary, else the staff's text; personal data removed, at most {@link ACTION_MAX} characters. */
  action: string | null;
  merged_into: string | null;
  registered: string;
  answered: string | null;
  closed: string;
}

/** A digest as published; its JSON file is this object. */
export interface Digest {
  kind: DigestKind;
  scope: { name: string; name_en: string };
  period: Period;
  /** When the figures were taken, local `YYYY-MM-DD HH:MM`, and the zone. */
  generated_at: string;
  time_zone: string;
  stats: CaseStats;
  closed_cases: PublicCase[];
}

/** The longest action text published: a short summary, not the staff's whole report. */
export const ACTION_MAX = 160;

const isFinding = (f: string): f is Finding => (FINDINGS as readonly string[]).includes(f);

function localStamp(at: Date, timeZone: string): string {
  const t = localTime(at, timeZone);
  return `${t.date} ${String(Math.floor(t.minute / 60)).padStart(2, '0')}:${String(t.minute % 60).padStart(2, '0')}`;
}

/**
 * A closed case made fit to publish: personal data goes from every text, the place stops at the
 * town, and what was done is the stored model summary when the answer has one.
 */
export function publicCase(c: ClosedCaseRecord, kind: DigestKind, timeZone: string): PublicCase {
  const clean = (t: string): string => redactPersonal(t, c.personal).trim();
  const place = [kind === 'province' ? `${c.city ?? ''}${c.district ?? ''}` : (c.district ?? ''), c.town ?? ''].filter(Boolean).join(' ');
  // Cleaned again at publication: someone who joined the case since the summary adds names to remove.
  const action = c.answer ? clean(c.summary ?? c.answer.action) : '';
  const day = (at: Date): string => localTime(at, timeZone).date;
  return {
    number: c.number,
    place: clean(place),
    categories: [...c.categories],
    finding: c.answer && isFinding(c.answer.finding) ? c.answer.finding : null,
    action: action === '' ? null : action.length > ACTION_MAX ? `${action.slice(0, ACTION_MAX - 1)}…` : action,
    merged_into: c.mergedInto,
    registered: day(c.registeredAt),
    answered: c.answer ? day(c.answer.at) : null,
    closed: day(c.closedAt),
  };
}

/** Assembles a digest from the period's statistics and the cases closed in it. Pure. */
export function buildDigest(input: { scope: DigestScope; stats: CaseStats; closed: readonly ClosedCaseRecord[]; now: Date; timeZone: string }): Digest {
  const { scope, stats, timeZone } = input;
  return {
    kind: scope.kind,
    scope: { name: scope.name, name_en: scope.name_en },
    period: { from: stats.from, to: stats.to },
    generated_at: localStamp(input.now, timeZone),
    time_zone: timeZone,
    stats,
    closed_cases: input.closed.map((c) => publicCase(c, scope.kind, timeZone)).sort((a, b) => a.closed.localeCompare(b.closed) || a.number.localeCompare(b.number)),
  };
}
