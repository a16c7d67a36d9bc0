import type { Kysely } from 'kysely';
import { ackPages } from '../db/repo/pages.js';
import { applyAction, type LifecycleDeps } from '../db/repo/lifecycle.js';
import type { NewOutbound } from '../db/repo/outbox.js';
import { mergeCases } from '../db/repo/repeats.js';
import { claimConversation, releaseConversation, resolveRef, caseEvent, type RefTarget } from '../db/repo/staff-actions.js';
import type { StaffActor } from '../db/repo/turn.js';
import type { Database } from '../db/schema.js';
import type { CaseAction } from '../cases/lifecycle.js';
import type { Reply, StaffDoneAction, StaffRefusal } from '../i18n/catalog.js';
import { render } from '../i18n/render.js';
import type { Routing } from '../routing/load.js';
import { mayHandle, maySupervise, type StaffCaller } from '../staff/access.js';
import type { StaffCommand } from '../staff/commands.js';
import type { Lang } from '../understanding/facts.js';

/** What a staff command did: the answer to staff, and what the reporter is told. */
export interface StaffOutcome {
  toStaff: Reply;
  /** Said to the reporter of the conversation or case referred to. */
  toReporter: Reply | null;
  /** Notices the action queued to everyone following the case. */
  notified: string[];
}

/** What staff commands need: the routing (units, triage desk) and the lifecycle's clocks. */
export interface StaffActDeps {
  routing: Routing;
  lifecycle: LifecycleDeps;
}

const refused = (ref: string, why: StaffRefusal): StaffOutcome => ({ toStaff: { key: 'staff_refused', params: { ref, why } }, toReporter: null, notified: [] });
const done = (ref: string, action: StaffDoneAction, toReporter: Reply | null, unit: string | null = null, notified: string[] = []): StaffOutcome => ({
  toStaff: { key: 'staff_done', params: { ref, action, unit } },
  toReporter,
  notified,
});

/** The lifecycle action of a staff command, and how staff are told it was done. */
function lifecycleAction(c: StaffCommand, routing: Routing): { action: CaseAction; done: StaffDoneAction; unit: string | null } | StaffRefusal | null {
  switch (c.kind) {
    case 'accept':
      return { action: { kind: 'accept' }, done: 'accepted', unit: null };
    case 'reject':
      return { action: { kind: 'not_accept', body: c.body, reason: c.reason }, done: 'rejected', unit: null };
    case 'forward': {
      const unit = routing.units.get(c.unit);
      return unit ? { action: { kind: 'forward', to: unit.id, reason: c.reason }, done: 'forwarded', unit: unit.name } : 'unknown_unit';
    }
    case 'send_back':
      return { action: { kind: 'send_back', reason: c.reason }, done: 'sent_back', unit: null };
    case 'start':
      return { action: { kind: 'start' }, done: 'started', unit: null };
    case 'extend':
      return { action: { kind: 'extend', days: c.days, reason: c.reason }, done: 'extended', unit: null };
    case 'answer':
      return { action: { kind: 'answer', finding: c.finding, action: c.action }, done: 'answered', unit: null };
    case 'supervise':
      return { action: { kind: 'supervise', reason: c.reason }, done: 'supervised', unit: null };
    default:
      return null;
  }
}

/**
 * Does one staff command on the case or conversation it names, in the caller's transaction: the
 * chat's staff turn and the console both act through here, so both obey the same rules.
 */
export async function actOnRef(db: Kysely<Database>, deps: StaffActDeps, c: StaffCommand, staff: StaffActor, now: Date): Promise<{ outcome: StaffOutcome; target: RefTarget | null }> {
  const target = await resolveRef(db, c.ref);
  return { outcome: await act(db, deps, c, target, staff, now), target };
}

/** The message a command sends the reporter of what it named, on their own channel and language. */
export function reporterMessage(outcome: StaffOutcome, target: RefTarget | null, inReplyTo: string | null): NewOutbound | null {
  if (!outcome.toReporter || !target) return null;
  return { channel: target.channel, chatId: target.chatId, reporterId: target.reporterId, inReplyTo, text: render(outcome.toReporter, target.lang as Lang) };
}

async function act(db: Kysely<Database>, deps: StaffActDeps, c: StaffCommand, t: RefTarget | null, staff: StaffActor, now: Date): Promise<StaffOutcome> {
  const { routing } = deps;
  if (!t) return refused(c.ref, 'not_found');
  // A unit acts on its own cases; the triage desk and supervisors may act on any.
  const caller: StaffCaller = { handle: staff.handle, unitId: staff.unit, role: staff.role };
  const triage = routing.table.fallback;
  // Whoever holds a conversation may talk in it and hand it back, whichever unit it reached them from.
  const holding = t.claimedBy === staff.handle && (c.kind === 'reply' || c.kind === 'release');
  if (!mayHandle(caller, t.unitId, triage) && !holding) return refused(c.ref, 'other_unit');
  const actor = `staff:${staff.handle}`;
  const lifecycle = lifecycleAction(c, routing);
  if (typeof lifecycle === 'string') return refused(c.ref, lifecycle);
  if (lifecycle) {
    if (!t.number) return refused(c.ref, 'not_a_case');
    if (c.kind === 'supervise' && !maySupervise(caller, triage)) return refused(c.ref, 'not_supervisor');
    const applied = await applyAction(db, t.number, lifecycle.action, actor, now, deps.lifecycle);
    if (!applied.ok) return refused(c.ref, applied.why);
    return done(c.ref, lifecycle.done, null, lifecycle.unit, applied.outboxIds);
  }
  switch (c.kind) {
    case 'ack': {
      const count = await ackPages(db, c.ref, staff.handle, now);
      return { toStaff: { key: 'page_acked', params: { ref: c.ref, count } }, toReporter: null, notified: [] };
    }
    case 'claim': {
      if (!(await claimConversation(db, t.conversationId, staff.handle, now))) return refused(c.ref, 'claimed');
      await ackPages(db, c.ref, staff.handle, now);
      if (t.caseId) await caseEvent(db, t.caseId, now, actor, 'claimed', {});
      return done(c.ref, 'claimed', { key: 'staff_joined', params: {} });
    }
    case 'release':
      if (!(await releaseConversation(db, t.conversationId, staff.handle))) return refused(c.ref, 'not_holder');
      return done(c.ref, 'released', { key: 'staff_left', params: {} });
    case 'reply':
      if (t.claimedBy && t.claimedBy !== staff.handle) return refused(c.ref, 'claimed');
      if (t.caseId) await caseEvent(db, t.caseId, now, actor, 'staff_replied', { text: c.text });
      return done(c.ref, 'replied', { key: 'staff_message', params: { text: c.text } });
    case 'merge': {
      const into = await resolveRef(db, c.into);
      if (!into?.number) return refused(c.into, 'not_found');
      if (!mayHandle(caller, into.unitId, triage)) return refused(c.into, 'other_unit');
      const merged = await mergeCases(db, t.number!, into.number, actor, now, deps.lifecycle);
      if (!merged.ok) return refused(c.ref, merged.why);
      return done(c.ref, 'merged', null, into.number, merged.outboxIds);
    }
    default:
      throw new Error(`staff command ${c.kind} has no handler`);
  }
}
