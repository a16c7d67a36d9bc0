import { decide, type CaseAction, type CaseRecord, type LifecycleContext, type Refusal } from '../cases/lifecycle.js';
import type { ConsoleAction } from './text.js';

// One action of each kind, with placeholder details: asking the lifecycle whether it would take
// them tells which forms to show, so the page never offers what the rules refuse for the status.
const PROBES: Record<ConsoleAction, CaseAction> = {
  accept: { kind: 'accept' },
  not_accept: { kind: 'not_accept', body: '-', reason: '-' },
  forward: { kind: 'forward', to: '\u0000probe', reason: '-' },
  send_back: { kind: 'send_back', reason: '-' },
  start: { kind: 'start' },
  extend: { kind: 'extend', days: 1, reason: '-' },
  answer: { kind: 'answer', finding: 'true', action: '-' },
  supervise: { kind: 'supervise', reason: '-' },
  merge: { kind: 'merge_into', into: '-' },
};

// Refusals that depend on the case as it stands, not on what staff would type into the form.
const NOT_NOW: ReadonlySet<Refusal> = new Set(['wrong_status', 'not_accepted_yet', 'already_extended', 'send_back_late', 'already_supervised', 'already_rated']);

/** The actions the case page offers: those the lifecycle would take now, and supervision only for those who may. */
export function availableActions(c: CaseRecord, ctx: LifecycleContext, maySupervise: boolean): ConsoleAction[] {
  return (Object.keys(PROBES) as ConsoleAction[]).filter((a) => {
    if (a === 'supervise' && !maySupervise) return false;
    const d = decide(c, PROBES[a], ctx);
    return d.ok || !NOT_NOW.has(d.why);
  });
}
