import { monthsBefore, type RetentionPolicy } from './policy.js';

/*
 * What retention erases, decided from facts the database gave (no I/O here). A case is finished
 * when it is closed or not accepted; neither status ever reopens, so `closedAt` is final.
 *
 * - A case's contact copy (name, phone, e-mail on the case and its Open311 request): when the
 *   case finished `contact_months` ago, or at once once finished when its reporter sent /forget.
 * - A reporter's own contact record: only when every case they follow (reported or joined) is
 *   finished — `contact_months` ago, or at all when they sent /forget: an open case still needs
 *   a way to reach them. Their chat journal is then masked up to now, since it holds the same
 *   name and phone.
 * - Their chat journal otherwise: masked (never deleted) once every case they follow finished
 *   `transcript_months` ago, up to that cutoff.
 * - An evidence file: deleted once every case that refers to it finished `evidence_months` ago
 *   (the same photo may back several cases; one still needing it keeps it).
 */

/** A case as retention sees it. */
export interface CaseFacts {
  id: string;
  number: string;
  /** When it finished (closed / not accepted); null while open. */
  closedAt: Date | null;
  /** Some contact copy is still on it. */
  hasContact: boolean;
  /** Its reporter asked to be forgotten. */
  forget: boolean;
}

/** A reporter as retention sees them. */
export interface ReporterFacts {
  id: string;
  /** Their own record still holds a contact. */
  hasContact: boolean;
  forget: boolean;
  /** Every case they follow, by id (each must be in the facts' cases). */
  follows: string[];
  /** Their journal was masked up to here by an earlier pass; null: never. */
  journalMaskedBefore: Date | null;
  /** The oldest journal row at or after `journalMaskedBefore` (all rows when null); null: none. */
  nextJournalAt: Date | null;
}

/** An evidence file still kept, and every case that refers to it. */
export interface EvidenceFacts {
  sha256: string;
  cases: string[];
}

/** Everything a plan is made from. */
export interface RetentionFacts {
  cases: readonly CaseFacts[];
  reporters: readonly ReporterFacts[];
  evidence: readonly EvidenceFacts[];
}

/** Which rule erased something, as the audit event names it (never the data). */
export type RetentionRule = 'reporter_request' | `${'contact' | 'evidence' | 'transcript'}_months=${number}`;

/** What one pass erases. */
export interface RetentionPlan {
  caseContacts: { caseId: string; rule: RetentionRule }[];
  reporterContacts: { reporterId: string; rule: RetentionRule; cases: string[] }[];
  /** Journal rows of the reporter written in [from, before) are masked. */
  journals: { reporterId: string; from: Date | null; before: Date; rule: RetentionRule; cases: string[] }[];
  evidence: { sha256: string; rule: RetentionRule; cases: string[] }[];
}

/**
 * The plan at `now`. With `policy` null only reporters' requests count (what /forget runs): no
 * age limit is applied.
 */
export function planRetention(facts: RetentionFacts, policy: RetentionPolicy | null, now: Date): RetentionPlan {
  const byId = new Map(facts.cases.map((c) => [c.id, c]));
  const cutoff = (months: number | undefined): Date | null => (months === undefined ? null : monthsBefore(now, months));
  const contactBefore = cutoff(policy?.contactMonths);
  const evidenceBefore = cutoff(policy?.evidenceMonths);
  const transcriptBefore = cutoff(policy?.transcriptMonths);
  const rule = (kind: 'contact' | 'evidence' | 'transcript', months: number | undefined): RetentionRule => `${kind}_months=${months ?? 0}`;
  const finishedBy = (id: string, before: Date | null): boolean => {
    const at = byId.get(id)?.closedAt ?? null;
    return at !== null && before !== null && at <= before;
  };
  const finished = (id: string): boolean => (byId.get(id)?.closedAt ?? null) !== null;

  const plan: RetentionPlan = { caseContacts: [], reporterContacts: [], journals: [], evidence: [] };
  for (const c of facts.cases) {
    if (!c.hasContact || c.closedAt === null) continue;
    if (c.forget) plan.caseContacts.push({ caseId: c.id, rule: 'reporter_request' });
    else if (finishedBy(c.id, contactBefore)) plan.caseContacts.push({ caseId: c.id, rule: rule('contact', policy?.contactMonths) });
  }
  for (const r of facts.reporters) {
    if (r.follows.length === 0 || !r.follows.every(finished)) continue;
    const contactRule: RetentionRule | null = r.forget ? 'reporter_request' : r.follows.every((id) => finishedBy(id, contactBefore)) ? rule('contact', policy?.contactMonths) : null;
    if (contactRule && r.hasContact) plan.reporterContacts.push({ reporterId: r.id, rule: contactRule, cases: r.follows });
    // Masked up to now with the contact (a forgotten reporter's later messages too), else up to the transcript cutoff.
    const journal = contactRule && (r.hasContact || r.forget) ? { before: now, rule: contactRule } : r.follows.every((id) => finishedBy(id, transcriptBefore)) ? { before: transcriptBefore as Date, rule: rule('transcript', policy?.transcriptMonths) } : null;
    // Only when rows wait below the new limit: nothing is read or written again for a reporter already masked.
    if (journal && r.nextJournalAt !== null && r.nextJournalAt < journal.before) {
      plan.journals.push({ reporterId: r.id, from: r.journalMaskedBefore, ...journal, cases: r.follows });
    }
  }
  for (const e of facts.evidence) {
    if (e.cases.length > 0 && e.cases.every((id) => finishedBy(id, evidenceBefore))) plan.evidence.push({ sha256: e.sha256, rule: rule('evidence', policy?.evidenceMonths), cases: e.cases });
  }
  return plan;
}
