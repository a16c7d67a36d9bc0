import type { Kysely } from 'kysely';
import type { Inbound } from '../channels/contract.js';
import { ackPages } from '../db/repo/pages.js';
import { claimConversation, forwardCase, rejectCase, releaseConversation, resolveRef, caseEvent, type RefTarget } from '../db/repo/staff-actions.js';
import { outsideReplyWindow, windowHours, type NewOutbound } from '../db/repo/outbox.js';
import { writeTurn, type TurnRead } from '../db/repo/turn.js';
import type { Database } from '../db/schema.js';
import type { Reply } from '../i18n/catalog.js';
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
  toReporter: Reply | null;
}

/**
 * A message from registered staff is a command, never a complaint. The action, its audit event,
 * the answer to staff and any message to the reporter are written in one transaction together
 * with the journal's processed mark, so a redelivery cannot act twice. Null when the staff
 * member's own conversation moved on under the turn (the engine retries).
 */
export async function staffTurn(
  db: Kysely<Database>,
  routing: Routing,
  read: TurnRead,
  staff: { handle: string; unit: string },
  m: Inbound,
  now: Date,
): Promise<string[] | null> {
  const command = parseStaffCommand(inboundText(m));
  try {
    return await db.transaction().execute(async (trx) => {
      const target = command ? await resolveRef(trx, command.ref) : null;
      const outcome = command ? await act(trx, routing, command, target, staff, now) : { toStaff: { key: 'staff_help', params: {} } as Reply, toReporter: null };
      const replies: NewOutbound[] = [{ channel: m.channel, chatId: m.chatId, reporterId: read.reporterId, inReplyTo: read.messageId, text: renderForStaff(outcome.toStaff) }];
      if (outcome.toReporter && target) {
        replies.push({ channel: target.channel, chatId: target.chatId, reporterId: target.reporterId, inReplyTo: read.messageId, text: render(outcome.toReporter, target.lang as Lang) });
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
      return written.outboxIds;
    });
  } catch (err) {
    if (err instanceof VersionMoved) return null;
    throw err;
  }
}

const refused = (ref: string, why: Extract<Reply, { key: 'staff_refused' }>['params']['why']): Outcome => ({ toStaff: { key: 'staff_refused', params: { ref, why } }, toReporter: null });
const done = (ref: string, action: Extract<Reply, { key: 'staff_done' }>['params']['action'], toReporter: Reply | null, unit: string | null = null): Outcome => ({
  toStaff: { key: 'staff_done', params: { ref, action, unit } },
  toReporter,
});

async function act(db: Kysely<Database>, routing: Routing, c: StaffCommand, t: RefTarget | null, staff: { handle: string; unit: string }, now: Date): Promise<Outcome> {
  if (!t) return refused(c.ref, 'not_found');
  // A unit acts on its own cases; the triage desk may act on any.
  if (t.unitId !== staff.unit && staff.unit !== routing.table.fallback) return refused(c.ref, 'other_unit');
  const actor = `staff:${staff.handle}`;
  switch (c.kind) {
    case 'ack': {
      const count = await ackPages(db, c.ref, staff.handle, now);
      return { toStaff: { key: 'page_acked', params: { ref: c.ref, count } }, toReporter: null };
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
    case 'forward': {
      if (!t.caseId) return refused(c.ref, 'not_a_case');
      const unit = routing.units.get(c.unit);
      if (!unit) return refused(c.ref, 'unknown_unit');
      await forwardCase(db, t.caseId, t.unitId, unit.id, c.reason, actor, now);
      return done(c.ref, 'forwarded', null, unit.name);
    }
    case 'reject':
      if (!t.caseId || !t.number) return refused(c.ref, 'not_a_case');
      await rejectCase(db, t.caseId, c.body, c.reason, actor, now);
      return done(c.ref, 'rejected', { key: 'case_not_accepted', params: { number: t.number, reason: c.reason, body: c.body } });
  }
}
