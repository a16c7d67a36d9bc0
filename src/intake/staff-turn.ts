import type { Kysely } from 'kysely';
import type { Inbound } from '../channels/contract.js';
import { outsideReplyWindow, windowHours, type NewOutbound } from '../db/repo/outbox.js';
import { writeTurn, type StaffActor, type TurnRead } from '../db/repo/turn.js';
import type { Database } from '../db/schema.js';
import type { Reply } from '../i18n/catalog.js';
import { renderForStaff } from '../i18n/render.js';
import { parseStaffCommand } from '../staff/commands.js';
import { actOnRef, reporterMessage, type StaffActDeps, type StaffOutcome } from './staff-act.js';
import { inboundText } from './turn-input.js';

/** Thrown inside the transaction when the staff member's own conversation moved on: retry. */
class VersionMoved extends Error {}

const HELP: StaffOutcome = { toStaff: { key: 'staff_help', params: {} }, toReporter: null, notified: [] };

/**
 * A message from registered staff is a command, never a complaint. The action, its audit event,
 * the answer to staff and any message to the reporter are written in one transaction together
 * with the journal's processed mark, so a redelivery cannot act twice. Null when the staff
 * member's own conversation moved on under the turn (the engine retries).
 */
export async function staffTurn(db: Kysely<Database>, deps: StaffActDeps, read: TurnRead, staff: StaffActor, m: Inbound, now: Date): Promise<string[] | null> {
  const command = parseStaffCommand(inboundText(m));
  try {
    return await db.transaction().execute(async (trx) => {
      const { outcome, target } = command ? await actOnRef(trx, deps, command, staff, now) : { outcome: HELP, target: null };
      const toStaff = (reply: Reply): NewOutbound => ({ channel: m.channel, chatId: m.chatId, reporterId: read.reporterId, inReplyTo: read.messageId, text: renderForStaff(reply) });
      const replies: NewOutbound[] = [toStaff(outcome.toStaff)];
      const toReporter = reporterMessage(outcome, target, read.messageId);
      if (toReporter) replies.push(toReporter);
      if ((toReporter || outcome.notified.length > 0) && target) {
        // Still queued (a later unblock, or the reporter's next message, delivers it), but staff
        // must know it is not arriving now.
        if (target.unreachable) replies.push(toStaff({ key: 'reporter_unreachable', params: { ref: command!.ref, reason: target.unreachable } }));
        const window = await outsideReplyWindow(trx, target.reporterId, now);
        if (window !== null) replies.push(toStaff({ key: 'reporter_outside_window', params: { ref: command!.ref, hours: windowHours(window) } }));
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
