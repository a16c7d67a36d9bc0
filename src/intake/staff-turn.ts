import type { Kysely } from 'kysely';
import type { Inbound } from '../channels/contract.js';
import { ackPages } from '../db/repo/pages.js';
import { applyAction, type LifecycleDeps } from '../db/repo/lifecycle.js';
import { mergeCases } from '../db/repo/repeats.js';
import { claimConversation, releaseConversation, resolveRef, caseEvent, type RefTarget } from '../db/repo/staff-actions.js';
import type { CaseAction } from '../cases/lifecycle.js';
import { mayHandle, maySupervise, type StaffCaller } from '../staff/access.js';
import { outsideReplyWindow, windowHours, type NewOutbound } from '../db/repo/outbox.js';
import { writeTurn, type StaffActor, type TurnRead } from '../db/repo/turn.js';
import type { Database } from '../db/schema.js';
import type { Reply, StaffDoneAction, StaffRefusal } from '../i18n/catalog.js';
import { render, renderForStaff } from '../i18n/render.js';
import type { Routing } from '../routing/load.js';
import { parseStaffCommand, type StaffCommand } from '../staff/commands.js';
import type { Lang } from '../understanding/facts.js';
import { inboundText } from './turn-input.js';

/** Thrown inside the transaction when the staff member's own conversation moved on: retry. */
class VersionMoved extends Error {}

/** What a staff command did: the answer to staff, and what the reporter is told. */
interface Outcome {
  toStaff: Reply;
  /** Said to the reporter of the conversation or case referred to. */
  toReporter: Reply | null;
  /** Notices the action queued to everyone following the case. */
  notified: string[];
}

/** What staff commands need: the routing (units, triage desk) and the lifecycle's clocks. */
export interface StaffTurnDeps {
  routing: Routing;
  lifecycle: LifecycleDeps;
}

/**
 * A message from registered staff is a command, never a complaint. The action, its audit event,
 * the answer to staff and any message to the reporter are written in one transaction together
 * with the journal's processed mark, so a redelivery cannot act twice. Null when the staff
 * member's own conversation moved on under the turn (the engine retries).
 */
export async function staffTurn(
  db: Kysely<Database>,
  deps: StaffTurnDeps,
  read: TurnRead,
  staff: StaffActor,
  m: Inbound,
  now: Date,
): Promise<string[] | null> {
  const command = parseStaffCommand(inboundText(m));
  try {
    return await db.transaction().execute(async (trx) => {
      const target = command ? await resolveRef(trx, command.ref) : null;
      const outcome = command ? await act(trx, deps, command, target, staff, now) : { toStaff: { key: 'staff_help', params: {} } as Reply, toReporter: null, notified: [] };
      const replies: NewOutbound[] = [{ channel: m.channel, chatId: m.chatId, reporterId: read.reporterId, inReplyTo: read.messageId, text: renderForStaff(outcome.toStaff) }];
      if (outcome.toReporter && target) replies.push({ channel: target.channel, chatId: target.chatId, reporterId: target.reporterId, inReplyTo: read.messageId, text: render(outcome.toReporter, target.lang as Lang) });
      if ((outcome.toReporter || outcome.notified.length > 0) && target) {
        // Still queued (a later unblock, or the reporter's next message, delivers it), but staff
        // must know it is not arriving now.
        const warnings: Reply[] = [];
        if (target.unreachable) warnings.push({ key: 'reporter_unreachable', params: { ref: command!.ref, reason: target.unreachable } });
        const window = await outsideReplyWindow(trx, target.reporterId, now);
        if (window !== null) warnings.push({ key: 'reporter_outside_window', params: { ref: command!.ref, hours: windowHours(window) } });
        for (const warning of warnings) replies.push({ channel: m.channel, chatId: m.chatId, reporterId: read.reporterId, inReplyTo: read.messageId, text: renderForStaff(warning) });
      }
      const written = await writeTurn(trx, { read, state: read.state, chatId: m.chatId, lang: read.state.lang, replies, openCase: null, help: null });
      if (!written) throw new VersionMoved();
      return [...outcome.notified, ...written.outboxIds];
    });
  } catch (err) {
    if (err instanceof VersionMoved) return null;
    throw err;
  }
}

const refused = (ref: string, why: StaffRefusal): Outcome => ({ toStaff: { key: 'staff_refused', params: { ref, why } }, toReporter: null, notified: [] });
const done = (ref: string, action: StaffDoneAction, toReporter: Reply | null, unit: string | null = null, notified: string[] = []): Outcome => ({
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

async function act(db: Kysely<Database>, deps: StaffTurnDeps, c: StaffCommand, t: RefTarget | null, staff: StaffActor, now: Date): Promise<Outcome> {
  const { routing } = deps;
  if (!t) return refused(c.ref, 'not_found');
  // A unit acts on its own cases; the triage desk and supervisors may act on any.
  const caller: StaffCaller = { handle: staff.handle, unitId: staff.unit, role: staff.role };
  const triage = routing.table.fallback;
  if (!mayHandle(caller, t.unitId, triage)) return refused(c.ref, 'other_unit');
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
