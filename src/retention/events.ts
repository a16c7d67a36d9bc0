import { renderForStaff } from '../i18n/render.js';
import type { RetentionPlan, RetentionRule } from './plan.js';

/** The kinds of personal data retention erases. */
export type ErasedKind = 'contact' | 'evidence' | 'transcript';

/** The audit event one case gets for one pass: what kinds went, by which rule, how many — never the data. */
export interface RetentionEvent {
  caseId: string;
  data: { erased: ErasedKind[]; rules: Partial<Record<ErasedKind, RetentionRule>>; evidence_files?: number; transcript_messages?: number };
  /** What staff read in the case's timeline (联系方式已按举报人要求删除 …). */
  reason: string;
}

/** The `case_events.type` of a retention erasure. */
export const RETENTION_EVENT = 'retention_erased';

/**
 * One event per case that lost something in this pass. A reporter's contact record and journal
 * are theirs, not one case's, so they are logged on every case the reporter follows; `masked` is
 * the journal rows actually changed per reporter (a journal with nothing left to mask logs nothing).
 */
export function retentionEvents(plan: RetentionPlan, masked: ReadonlyMap<string, number>): RetentionEvent[] {
  const byCase = new Map<string, RetentionEvent['data']>();
  const of = (caseId: string) => {
    let d = byCase.get(caseId);
    if (!d) byCase.set(caseId, (d = { erased: [], rules: {} }));
    return d;
  };
  const mark = (caseId: string, kind: ErasedKind, rule: RetentionRule) => {
    const d = of(caseId);
    if (!d.erased.includes(kind)) d.erased.push(kind);
    // A request outranks an age limit: staff are told the reporter asked.
    if (d.rules[kind] !== 'reporter_request') d.rules[kind] = rule;
  };
  for (const c of plan.caseContacts) mark(c.caseId, 'contact', c.rule);
  for (const r of plan.reporterContacts) for (const id of r.cases) mark(id, 'contact', r.rule);
  for (const e of plan.evidence) {
    for (const id of e.cases) {
      mark(id, 'evidence', e.rule);
      of(id).evidence_files = (of(id).evidence_files ?? 0) + 1;
    }
  }
  for (const j of plan.journals) {
    const n = masked.get(j.reporterId) ?? 0;
    if (n === 0) continue;
    for (const id of j.cases) {
      mark(id, 'transcript', j.rule);
      of(id).transcript_messages = (of(id).transcript_messages ?? 0) + n;
    }
  }
  return [...byCase.entries()]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([caseId, data]) => ({
      caseId,
      data: { ...data, erased: [...data.erased].sort() },
      reason: renderForStaff({
        key: 'retention_erased',
        params: {
          contact: data.rules.contact === undefined ? null : data.rules.contact === 'reporter_request' ? 'request' : 'policy',
          evidence: data.evidence_files ?? 0,
          transcript: data.transcript_messages ?? 0,
        },
      }),
    }));
}
