import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Inbound } from '../channels/contract.js';
import { caseFieldsFromDraft } from '../cases/from-draft.js';
import { step } from '../conversation/machine.js';
import type { ConversationState } from '../conversation/state.js';
import type { MachineOptions } from '../conversation/turn.js';
import { openCase, reporterCases } from '../db/repo/cases.js';
import { journalFailure } from '../db/repo/journal.js';
import { enqueue, type NewOutbound } from '../db/repo/outbox.js';
import { updateReporter } from '../db/repo/reporters.js';
import { finishTurn, startTurn } from '../db/repo/turn.js';
import type { Database } from '../db/schema.js';
import type { Reply } from '../i18n/catalog.js';
import { render } from '../i18n/render.js';
import type { Understander } from '../understanding/facts.js';
import { inboundText, toTurnInput } from './turn-input.js';

/** What the engine needs; main.ts wires real ones, tests wire the same real ones. */
export interface EngineDeps {
  db: Kysely<Database>;
  understander: Understander;
  clock: () => Date;
  timeZone: string;
  machine: MachineOptions;
  log: Logger;
  /** Called after a turn committed new outbox rows, to wake the delivery worker. */
  onQueued?: () => void;
}

/** How a message ended: processed once, recognised as a redelivery, or failed and kept. */
export interface TurnOutcome {
  status: 'processed' | 'duplicate' | 'failed';
  /** The journal row of the inbound message. */
  messageId: string | null;
  /** Outbox rows queued by this turn, in order. */
  outboxIds: string[];
  /** Case numbers opened by this turn. */
  opened: string[];
}

/**
 * Runs every inbound message through one path: journal → understand → state machine → persist →
 * outbox, in ONE transaction per message, so a crash leaves either all of a turn or none of it.
 */
export class IntakeEngine {
  constructor(private readonly deps: EngineDeps) {}

  /** Processes one inbound message; never throws for a bad message or a failed turn. */
  async handle(m: Inbound): Promise<TurnOutcome> {
    try {
      const outcome = await this.deps.db.transaction().execute((trx) => this.turn(trx, m));
      if (outcome.outboxIds.length > 0) this.deps.onQueued?.();
      return outcome;
    } catch (err) {
      return this.recordFailure(m, err);
    }
  }

  private async turn(trx: Kysely<Database>, m: Inbound): Promise<TurnOutcome> {
    const now = this.deps.clock();
    const start = await startTurn(trx, m, now);
    if (!start.fresh && start.messageStatus === 'processed') {
      return { status: 'duplicate', messageId: start.messageId, outboxIds: [], opened: [] };
    }
    const before = start.state;
    const facts = await this.deps.understander.understand(inboundText(m), {
      city: before.draft?.place.district?.city ?? null,
      candidates: before.candidates,
    });
    const { state, effects } = step(before, toTurnInput(m, facts), now, this.deps.machine);

    const replies: Reply[] = [];
    const opened: string[] = [];
    for (const effect of effects) {
      if (effect.type === 'reply') replies.push(effect.reply);
      else if (effect.type === 'open_case') {
        const created = await openCase(trx, {
          reporterId: start.reporterId,
          channel: m.channel,
          fields: caseFieldsFromDraft(effect.draft, state.lang),
          at: now,
          timeZone: this.deps.timeZone,
          actor: `reporter:${start.reporterId}`,
          messageId: start.messageId,
        });
        opened.push(created.number);
        replies.push({ key: 'case_opened', params: { number: created.number, identity: effect.draft.identity ?? 'anonymous', urgent: effect.draft.urgent } });
        if (effect.draft.identity && effect.draft.identity !== 'anonymous') {
          await updateReporter(trx, start.reporterId, { identity_mode: effect.draft.identity, contact_name: effect.draft.contactName, contact_phone: effect.draft.contactPhone });
        }
      } else {
        const cases = await reporterCases(trx, start.reporterId, effect.caseNumber);
        if (cases.length > 0) replies.push({ key: 'status_list', params: { cases } });
        else if (effect.caseNumber) replies.push({ key: 'status_not_found', params: { number: effect.caseNumber } });
        else replies.push({ key: 'status_none', params: {} });
      }
    }

    const outboxIds = await finishTurn(trx, {
      conversationId: start.conversationId,
      state,
      chatId: m.chatId,
      messageId: start.messageId,
      reporterId: start.reporterId,
      lang: state.lang,
      replies: replies.map((r) => this.outbound(m, start.reporterId, start.messageId, render(r, state.lang))),
    });
    return { status: 'processed', messageId: start.messageId, outboxIds, opened };
  }

  private outbound(m: Inbound, reporterId: string | null, inReplyTo: string | null, text: string): NewOutbound {
    return { channel: m.channel, chatId: m.chatId, reporterId, inReplyTo, text };
  }

  /**
   * A turn failed (a database error, a bug): keep the message in the journal as failed so it is not
   * lost and a redelivery retries it, and tell the reporter to send it again. Other conversations
   * are untouched because each turn is its own transaction.
   */
  private async recordFailure(m: Inbound, err: unknown): Promise<TurnOutcome> {
    const error = err instanceof Error ? err.message : String(err);
    this.deps.log.error({ err, channel: m.channel, messageId: m.messageId }, 'turn failed');
    try {
      const messageId = await journalFailure(this.deps.db, m, error);
      // The reporter's language is in the database that just failed: say it in both.
      const busy = `${render({ key: 'system_busy', params: {} }, 'zh')}\n${render({ key: 'system_busy', params: {} }, 'en')}`;
      const outboxIds = await enqueue(this.deps.db, [this.outbound(m, null, messageId, busy)]);
      this.deps.onQueued?.();
      return { status: 'failed', messageId, outboxIds, opened: [] };
    } catch (again) {
      this.deps.log.error({ err: again }, 'could not journal a failed turn');
      return { status: 'failed', messageId: null, outboxIds: [], opened: [] };
    }
  }
}
