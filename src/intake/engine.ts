import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Inbound } from '../channels/contract.js';
import { caseFieldsFromDraft } from '../db/case-fields.js';
import { step } from '../conversation/machine.js';
import type { ConversationState } from '../conversation/state.js';
import type { Draft } from '../conversation/draft.js';
import type { Effect, MachineOptions } from '../conversation/turn.js';
import { nextCaseNumber } from '../db/repo/cases.js';
import { caseDetail, followedCases } from '../db/repo/case-status.js';
import { applyAction, setNotices, type LifecycleDeps } from '../db/repo/lifecycle.js';
import { findDuplicates, joinCase } from '../db/repo/repeats.js';
import { forgetReporter } from '../db/repo/retention.js';
import { caseEvent } from '../db/repo/staff-actions.js';
import type { CaseRules } from '../cases/rules.js';
import { problemSite } from '../db/case-fields.js';
import { journalReceived, journalUnprocessed } from '../db/repo/journal.js';
import type { FloodGuard } from './flood-guard.js';
import { PerKeyQueue } from './per-chat-queue.js';
import { enqueue, type NewOutbound } from '../db/repo/outbox.js';
import { readTurn, writeTurn, type TurnRead, type TurnWrite } from '../db/repo/turn.js';
import { insertCase, upsertReporter, type CaseToOpen } from '../db/repo/open-case.js';
import { looksLikeStaffCommand } from '../staff/commands.js';
import { staffTurn } from './staff-turn.js';
import type { Database } from '../db/schema.js';
import type { Reply } from '../i18n/catalog.js';
import { outboundChoices } from '../i18n/choices.js';
import { render, renderForStaff } from '../i18n/render.js';
import type { Routing } from '../routing/load.js';
import { routeInputOf } from '../routing/input.js';
import { routeCase } from '../routing/route.js';
import type { Unit } from '../routing/units.js';
import type { Lang, Phrasing, Understander } from '../understanding/facts.js';
import { inboundText, storable, toTurnInput } from './turn-input.js';
import { dialogueOf } from './dialogue.js';
import { isDbUnreachable } from './db-unreachable.js';
import type { SendNow } from './send-now.js';
import type { Spool } from './spool.js';

/** What the engine needs; main.ts wires real ones, tests wire the same real ones. */
export interface EngineDeps {
  db: Kysely<Database>;
  understander: Understander;
  clock: () => Date;
  timeZone: string;
  machine: MachineOptions;
  /** Units and the routing table: every new case gets its owner when it is opened. */
  routing: Routing;
  /** The clocks and the repeat rules cases follow. */
  caseRules: CaseRules;
  log: Logger;
  /** Called after a turn committed new outbox rows, to wake the delivery worker. */
  onQueued?: () => void;
  /** Called after a turn opened an urgent case or asked for a person, to page at once. */
  onEscalation?: () => void;
  /** Told how each turn ended and of each case opened (the metrics); nothing when absent. */
  observer?: TurnObserver;
  /** Bounds how fast one chat is served; without it every message is taken. */
  flood?: FloodGuard;
  /**
   * Keeps messages whose turn could not reach the database, for `SpoolReplayer` to replay; without
   * it such a message is only journaled if the database answers again (it usually does not).
   */
  spool?: Spool;
  /** Tells a reporter their message is kept, through the channel itself (the outbox is in the database). */
  sendNow?: SendNow;
}

/** What the engine tells as it goes: how each turn ended, and each case opened (see `HuiyinMetrics`). */
export interface TurnObserver {
  turn(channel: string, status: TurnOutcome['status'], seconds: number): void;
  caseOpened(categories: readonly string[], district: string | null): void;
}

/**
 * How a message ended: processed once, recognised as a redelivery, failed and kept, refused for
 * flooding, or kept in the local spool while the database cannot be reached (replayed later).
 */
export interface TurnOutcome {
  status: 'processed' | 'duplicate' | 'failed' | 'limited' | 'spooled';
  /** The journal row of the inbound message. */
  messageId: string | null;
  /** Outbox rows queued by this turn, in order. */
  outboxIds: string[];
  /** Case numbers opened by this turn. */
  opened: string[];
  /** Open cases this turn's report joined instead of opening one (a repeat of the same problem). */
  joined: string[];
}

/** A report that arrived whole, with every fact a chat would have asked for (see `registerReport`). */
export interface DirectReport {
  /** Where it came from, as reporters and cases name channels (`open311`). */
  channel: string;
  /** Who reported, as the channel knows them: the reporter row's external id. */
  reporterKey: string;
  /** The complete report: what the conversation's draft would be at confirmation. */
  draft: Draft;
  lang: Lang;
  /** Added to the case's `registered` audit event: which client sent it. */
  source: Record<string, unknown>;
  /** Runs inside the registering transaction, with what was registered. */
  record?: (tx: Kysely<Database>, registered: Registered) => Promise<void>;
}

/** What a direct report became: a new case, or an open case of the same problem it joined. */
export interface Registered {
  number: string;
  joined: boolean;
  /** The owning unit; null only for a joined case whose unit is no longer configured. */
  unit: Unit | null;
  /** A new urgent case: the duty officer is paged. */
  urgent: boolean;
}

/** What a turn's effects come to: replies, a case to open, a page request, notices already queued. */
interface Performed {
  replies: Reply[];
  openCase: CaseToOpen | null;
  help: TurnWrite['help'];
  queued: string[];
  joined: string[];
}

/** Runs `write` in a transaction that commits only when the turn was written (not null). */
async function inTransaction<T>(db: Kysely<Database>, write: (tx: Kysely<Database>) => Promise<T | null>): Promise<T | null> {
  try {
    return await db.transaction().execute(async (tx) => {
      const r = await write(tx);
      if (r === null) throw new TurnMoved();
      return r;
    });
  } catch (err) {
    if (err instanceof TurnMoved) return null;
    throw err;
  }
}

/** The conversation moved on under a transactional turn: roll back and recompute. */
class TurnMoved extends Error {}

/** How many times a turn is recomputed when its conversation moved on under it. */
const MAX_ATTEMPTS = 8;

/**
 * Runs every inbound message through one path: journal → understand → state machine → persist →
 * outbox. The turn reads in one statement and writes in one statement, all or nothing, and the
 * write only lands if the conversation is still as read; otherwise the turn is recomputed from
 * the new state. So messages of one conversation take effect one after the other, across
 * instances, without holding a lock while the message is understood.
 */
export class IntakeEngine {
  private readonly lifecycle: LifecycleDeps;
  /** This process's turns, one chat at a time. */
  private readonly chats = new PerKeyQueue();

  constructor(private readonly deps: EngineDeps) {
    this.lifecycle = { policy: deps.caseRules.clocks, calendar: deps.routing.calendar, timeZone: deps.timeZone, units: deps.routing.units };
  }

  /** Processes one inbound message; never throws for a bad message or a failed turn. */
  async handle(received: Inbound): Promise<TurnOutcome> {
    const started = performance.now();
    const m = storable(received);
    const chat = `${m.channel}:${m.chatId}`;
    const verdict = this.deps.flood?.admit(chat) ?? 'admit';
    const outcome = verdict !== 'admit' ? await this.refuseFlood(m, verdict === 'refuse_and_tell') : await this.chats.run(chat, () => this.process(m));
    this.deps.observer?.turn(m.channel, outcome.status, (performance.now() - started) / 1000);
    return outcome;
  }

  /**
   * Journals a batch as received before its channel confirms it to the platform (Telegram's
   * getUpdates offset), so a crash after the confirmation loses nothing (see `JournalRecovery`);
   * the turns themselves run as the messages arrive through {@link handle}.
   */
  async receive(batch: readonly Inbound[]): Promise<void> {
    await journalReceived(this.deps.db, batch.map(storable));
  }

  /**
   * Runs a message kept aside — in the spool during a database outage (see `SpoolReplayer`), or
   * journaled by a process that died before its turn ended (see `JournalRecovery`): in its chat's
   * queue like any message, but not held behind the spool it comes from, and not counted against
   * the flood allowance again.
   */
  async replay(kept: Inbound): Promise<TurnOutcome> {
    const m = storable(kept);
    return this.chats.run(`${m.channel}:${m.chatId}`, () => this.process(m, true));
  }

  /** One message's turn, retried while its conversation moved on under it. */
  private async process(m: Inbound, replaying = false): Promise<TurnOutcome> {
    // A chat with messages waiting in the spool: this one waits behind them, or it would overtake them.
    if (!replaying && this.deps.spool?.holds(m)) {
      const kept = await this.keepForLater(m);
      if (kept) return kept;
    }
    try {
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.turn(m);
        if (outcome) {
          if (outcome.outboxIds.length > 0) this.deps.onQueued?.();
          return outcome;
        }
        if (attempt >= MAX_ATTEMPTS) throw new Error(`conversation changed under the turn ${MAX_ATTEMPTS} times`);
      }
    } catch (err) {
      return this.recordFailure(m, err, replaying);
    }
  }

  /** One attempt at a turn; null when a concurrent turn of the same conversation got there first. */
  private async turn(m: Inbound): Promise<TurnOutcome | null> {
    const { db } = this.deps;
    const now = this.deps.clock();
    const read = await readTurn(db, m, now);
    if (read.messageStatus === 'processed') {
      return { status: 'duplicate', messageId: read.messageId, outboxIds: [], opened: [], joined: [] };
    }
    if (read.staff) {
      const outboxIds = await staffTurn(db, { routing: this.deps.routing, lifecycle: this.lifecycle }, read, read.staff, m, now);
      return outboxIds && { status: 'processed', messageId: read.messageId, outboxIds, opened: [], joined: [] };
    }
    const text = inboundText(m);
    const stale = m.choiceVersion !== undefined && m.choiceVersion !== read.version;
    if (read.claimedBy || looksLikeStaffCommand(text) || stale) {
      // Taken over by staff: relay, say nothing. A staff command from someone who is not staff: refuse, and log it.
      // A button of an earlier question: the conversation has moved on, so "1" would answer the wrong thing.
      if (!read.claimedBy && !stale) this.deps.log.warn({ channel: m.channel, messageId: m.messageId, conversationId: read.conversationId, reporterId: read.reporterId }, 'staff command from someone not registered as staff');
      const reply = read.claimedBy
        ? { channel: read.claimedBy.channel, chatId: read.claimedBy.chatId, reporterId: null, inReplyTo: read.messageId, text: renderForStaff({ key: 'relay', params: { ref: `#${read.conversationId}`, text: text || `(${m.location ? 'location' : 'media'})` } }) }
        : this.reply(m, read, { key: stale ? 'choice_outdated' : 'not_staff', params: {} }, read.state.lang);
      const written = await writeTurn(db, { read, state: read.state, chatId: m.chatId, lang: read.state.lang, replies: [reply], openCase: null, help: null });
      return written && { status: 'processed', messageId: read.messageId, outboxIds: written.outboxIds, opened: [], joined: [] };
    }
    const before = read.state;
    // Outside any transaction or lock: a model-backed understander may take seconds.
    const facts = await this.deps.understander.understand(text, {
      city: before.draft?.place.district?.city ?? null,
      candidates: before.candidates,
      conversationId: read.conversationId,
      messageId: read.messageId,
      button: m.choiceVersion !== undefined,
      dialogue: dialogueOf(before),
    });
    // Only a report being confirmed is compared with open cases: one lookup, when it matters.
    const duplicates = before.phase === 'confirming' && before.draft ? await findDuplicates(db, problemSite(before.draft), this.deps.caseRules.repeats, now) : [];
    const input = { ...toTurnInput(m, facts), cases: { ratingPending: read.ratingPending, duplicates, open: read.openCases } };
    const { state, effects } = step(before, input, now, this.deps.machine);
    // Effects that change cases (a rating, joining a case, notices on or off, a /forget) commit with the turn.
    const onCases = effects.some((e) => e.type === 'rate' || e.type === 'join_case' || e.type === 'notices' || e.type === 'supplement' || e.type === 'forget');
    const write = async (tx: Kysely<Database>) => {
      const { replies, openCase, help, queued, joined } = await this.perform(tx, effects, read, before, state, m, now);
      const written = await writeTurn(tx, { read, state, chatId: m.chatId, lang: state.lang, replies: replies.map((r) => this.reply(m, read, r, state.lang, facts.phrasing)), openCase, help });
      return written && { outboxIds: [...queued, ...written.outboxIds], openCase, help, joined };
    };
    const written = onCases ? await inTransaction(db, write) : await write(db);
    if (!written) return null;
    const { openCase, help } = written;
    if (openCase) {
      this.deps.observer?.caseOpened(openCase.fields.categories, openCase.fields.district_name);
      this.deps.log.info({ caseNumber: openCase.number, conversationId: read.conversationId, channel: m.channel, unit: openCase.route.unitId, urgent: openCase.fields.urgent }, 'case opened');
    }
    if (help || openCase?.fields.urgent) this.deps.onEscalation?.();
    return { status: 'processed', messageId: read.messageId, outboxIds: written.outboxIds, opened: openCase ? [openCase.number] : [], joined: written.joined };
  }

  /**
   * Turns the state machine's effects into what the turn writes: replies, a case, a page request,
   * and (inside the turn's transaction) ratings, joins and notice preferences, whose queued
   * notices are returned in `queued`.
   */
  private async perform(db: Kysely<Database>, effects: Effect[], read: TurnRead, before: ConversationState, state: ConversationState, m: Inbound, now: Date): Promise<Performed> {
    const replies: Reply[] = [];
    const queued: string[] = [];
    const joined: string[] = [];
    let openCase: CaseToOpen | null = null;
    let help: TurnWrite['help'] = null;
    for (const effect of effects) {
      if (effect.type === 'reply') replies.push(effect.reply);
      else if (effect.type === 'open_case') {
        if (openCase) throw new Error('a turn opened two cases');
        const draft = effect.draft;
        const opened = await this.caseToOpen(db, draft, state.lang, m.channel, read.reporterId, now);
        openCase = opened.openCase;
        const unit = state.lang === 'en' ? (opened.unit.name_en ?? opened.unit.name) : opened.unit.name;
        replies.push({ key: 'case_opened', params: { number: openCase.number, identity: draft.identity ?? 'anonymous', urgent: draft.urgent, unit } });
      } else if (effect.type === 'escalate') {
        // The unit of the place named so far, or the triage desk when there is none yet.
        const d = state.draft ?? before.draft;
        const unit = d?.place.district ? routeCase(this.deps.routing.table, this.deps.routing.units, routeInputOf(caseFieldsFromDraft(d, state.lang))).unit.id : this.deps.routing.table.fallback;
        help = { reason: effect.reason, unitId: unit, at: now };
      } else if (effect.type === 'status_query') replies.push(await this.status(db, read.reporterId, effect.caseNumber, now));
      else if (effect.type === 'rate') {
        const r = await this.rate(db, read.reporterId, effect, now);
        replies.push(...r.replies);
        queued.push(...r.queued);
      } else if (effect.type === 'join_case') {
        const j = await joinCase(db, effect.number, read.reporterId, { description: effect.draft.description.join('\n'), messageId: read.messageId }, now, { ...this.lifecycle, repeats: this.deps.caseRules.repeats });
        if (j) {
          joined.push(j.number);
          replies.push({ key: 'case_joined', params: { number: j.number, reporters: j.reporters } });
        } else {
          // Closed while they were deciding: their report still becomes a case.
          const opened = await this.perform(db, [{ type: 'open_case', draft: effect.draft }], read, before, state, m, now);
          openCase = opened.openCase;
          replies.push(...opened.replies);
        }
      } else if (effect.type === 'supplement') {
        const [own] = await followedCases(db, read.reporterId, { number: effect.number, limit: 1 });
        if (own) {
          await caseEvent(db, own.id, now, `reporter:${read.reporterId}`, 'supplemented', { text: effect.text, evidence: effect.media, pin: effect.pin, message_id: read.messageId });
          replies.push({ key: 'case_supplemented', params: { number: own.number } });
        } else replies.push({ key: 'status_not_found', params: { number: effect.number } });
      } else if (effect.type === 'forget') replies.push({ key: 'forget_done', params: await forgetReporter(db, read.reporterId, now) });
      else {
        const count = await setNotices(db, read.reporterId, effect.on);
        replies.push({ key: effect.on ? 'notices_on' : 'notices_off', params: { count } });
      }
    }

    return { replies, openCase, help, queued, joined };
  }

  /**
   * The case a confirmed draft becomes: its columns, its owner by the routing table, its number.
   * Chat turns and direct reports ({@link registerReport}) both open cases through here.
   */
  private async caseToOpen(db: Kysely<Database>, draft: Draft, lang: Lang, channel: string, reporterId: string, now: Date): Promise<{ openCase: CaseToOpen; unit: Unit }> {
    const identity = draft.identity ?? 'anonymous';
    const fields = caseFieldsFromDraft(draft, lang);
    const route = routeCase(this.deps.routing.table, this.deps.routing.units, routeInputOf(fields));
    const openCase: CaseToOpen = {
      number: await nextCaseNumber(db, now, this.deps.timeZone),
      fields,
      route: { unitId: route.unit.id, rule: route.rule },
      channel,
      at: now,
      actor: `reporter:${reporterId}`,
      rememberContact: identity === 'anonymous' ? null : { identity_mode: identity, contact_name: draft.contactName, contact_phone: draft.contactPhone },
    };
    return { openCase, unit: route.unit };
  }

  /**
   * Registers a report that arrived whole rather than through a conversation (an Open311 client's
   * request): the same understanding has already filled `draft`, and from here it is the chat's
   * path — a repeat of an open case of the same problem joins that case (and counts towards its
   * supervision) instead of opening a second one; otherwise a case is opened, routed and numbered
   * as a chat report is, with the same rows, and an urgent one is paged at once. `record` runs in
   * the same transaction, for the channel's own note of the request; all of it lands or none.
   */
  async registerReport(r: DirectReport): Promise<Registered> {
    const now = this.deps.clock();
    const done = await this.deps.db.transaction().execute(async (tx) => {
      const reporterId = await upsertReporter(tx, r.channel, r.reporterKey, r.lang, now);
      const [same] = await findDuplicates(tx, problemSite(r.draft), this.deps.caseRules.repeats, now);
      const joined = same && (await joinCase(tx, same.number, reporterId, { description: r.draft.description.join('\n'), messageId: null }, now, { ...this.lifecycle, repeats: this.deps.caseRules.repeats }));
      let result: Registered;
      if (joined) {
        result = { number: joined.number, joined: true, unit: joined.unitId ? (this.deps.routing.units.get(joined.unitId) ?? null) : null, urgent: false };
      } else {
        // Closed while we looked, or no such case: the report becomes a case of its own.
        const { openCase, unit } = await this.caseToOpen(tx, r.draft, r.lang, r.channel, reporterId, now);
        await insertCase(tx, openCase, reporterId, { channel: r.channel, message_id: null, number: openCase.number, ...r.source });
        this.deps.observer?.caseOpened(openCase.fields.categories, openCase.fields.district_name);
        result = { number: openCase.number, joined: false, unit, urgent: openCase.fields.urgent };
      }
      await r.record?.(tx, result);
      return result;
    });
    // A join that put the case under supervision queued notices to its followers.
    if (done.joined) this.deps.onQueued?.();
    if (done.urgent) this.deps.onEscalation?.();
    return done;
  }

  /** The answer to a status question: one case in full, a pick among open ones, or none. */
  private async status(db: Kysely<Database>, reporterId: string, number: string | null, now: Date): Promise<Reply> {
    const detail = async (n: string): Promise<Reply | null> => {
      const d = await caseDetail(db, reporterId, n, this.lifecycle, now);
      return d && { key: 'status_detail', params: { detail: d } };
    };
    if (number) return (await detail(number)) ?? { key: 'status_not_found', params: { number } };
    const open = await followedCases(db, reporterId, { openOnly: true });
    if (open.length > 1) return { key: 'status_pick', params: { cases: open.map(({ id: _id, ...c }) => c) } };
    const [latest] = open.length === 1 ? open : await followedCases(db, reporterId, { limit: 1 });
    return (latest && (await detail(latest.number))) ?? { key: 'status_none', params: {} };
  }

  /** A reporter's rating of their case: only a case they follow; the answer and any notices. */
  private async rate(db: Kysely<Database>, reporterId: string, e: Extract<Effect, { type: 'rate' }>, now: Date): Promise<{ replies: Reply[]; queued: string[] }> {
    const [own] = await followedCases(db, reporterId, { number: e.number, limit: 1 });
    if (!own) return { replies: [{ key: 'status_not_found', params: { number: e.number } }], queued: [] };
    const applied = await applyAction(db, own.number, { kind: 'rate', rating: e.rating, reason: e.reason, reporterId }, `reporter:${reporterId}`, now, this.lifecycle);
    if (!applied.ok) return { replies: [{ key: 'rating_refused', params: { number: own.number, why: applied.why === 'already_rated' ? 'already_rated' : 'not_answered' } }], queued: [] };
    return { replies: applied.decision.toActor ? [applied.decision.toActor] : [], queued: applied.outboxIds };
  }

  private outbound(m: Inbound, reporterId: string | null, inReplyTo: string | null, text: string): NewOutbound {
    return { channel: m.channel, chatId: m.chatId, reporterId, inReplyTo, text };
  }

  /**
   * A reply to the reporter, with its buttons when it asks a short choice. Buttons answer the
   * question only while the conversation is at the version this turn writes (read + 1). A model's
   * wording of a question replaces the catalog's only when the machine asks that very question,
   * in that language; the buttons stay the machine's.
   */
  private reply(m: Inbound, read: TurnRead, reply: Reply, lang: Lang, phrasing?: Phrasing): NewOutbound {
    const worded = phrasing && phrasing.lang === lang && reply.key === `ask_${phrasing.slot}` ? `${phrasing.question}${render({ key: `hint_${phrasing.slot}`, params: {} }, lang)}` : null;
    const out = this.outbound(m, read.reporterId, read.messageId, worded ?? render(reply, lang));
    const choices = outboundChoices(reply, lang, read.version + 1);
    return choices ? { ...out, choices } : out;
  }

  /**
   * A message from a chat over its allowance: kept in the journal as `rate_limited` (nothing is
   * lost, and a redelivery is tried again) but not processed; the chat is told once a minute, in
   * both languages since its own is in a database this path does not read.
   */
  private async refuseFlood(m: Inbound, tell: boolean): Promise<TurnOutcome> {
    try {
      const messageId = await journalUnprocessed(this.deps.db, m, 'rate_limited', 'chat over its message allowance');
      const text = `${render({ key: 'too_fast', params: {} }, 'zh')}\n${render({ key: 'too_fast', params: {} }, 'en')}`;
      const outboxIds = tell ? await enqueue(this.deps.db, [this.outbound(m, null, messageId, text)]) : [];
      if (tell) {
        this.deps.log.warn({ channel: m.channel, messageId: m.messageId }, 'chat over its message allowance');
        this.deps.onQueued?.();
      }
      return { status: 'limited', messageId, outboxIds, opened: [], joined: [] };
    } catch (err) {
      return this.recordFailure(m, err);
    }
  }

  /**
   * A turn failed. When the database cannot be reached, the message goes to the local spool and is
   * replayed once it is back (a replayed one is already there). Otherwise (a bug, a bad row) keep
   * it in the journal as failed so it is not lost and a redelivery retries it, and tell the
   * reporter to send it again. Other conversations are untouched: each turn writes its own rows in
   * one statement.
   */
  private async recordFailure(m: Inbound, err: unknown, replaying = false): Promise<TurnOutcome> {
    const error = err instanceof Error ? err.message : String(err);
    if (this.deps.spool && isDbUnreachable(err)) {
      this.deps.log.warn({ error, channel: m.channel, messageId: m.messageId }, 'database unreachable: message kept for replay');
      if (replaying) return { status: 'spooled', messageId: null, outboxIds: [], opened: [], joined: [] };
      const kept = await this.keepForLater(m);
      if (kept) return kept;
    }
    this.deps.log.error({ err, channel: m.channel, messageId: m.messageId }, 'turn failed');
    try {
      const messageId = await journalUnprocessed(this.deps.db, m, 'failed', error);
      // The reporter's language is in the database that just failed: say it in both.
      const busy = `${render({ key: 'system_busy', params: {} }, 'zh')}\n${render({ key: 'system_busy', params: {} }, 'en')}`;
      const outboxIds = await enqueue(this.deps.db, [this.outbound(m, null, messageId, busy)]);
      this.deps.onQueued?.();
      return { status: 'failed', messageId, outboxIds, opened: [], joined: [] };
    } catch (again) {
      this.deps.log.error({ err: again }, 'could not journal a failed turn');
      return { status: 'failed', messageId: null, outboxIds: [], opened: [], joined: [] };
    }
  }

  /**
   * Keeps `m` in the spool (on disk, fsync'd) and, when it is the first of its chat to wait, tells
   * the reporter at once through the channel — once per chat per outage, in both languages since
   * theirs is in the database. Null when there is no spool or it could not keep the message.
   */
  private async keepForLater(m: Inbound): Promise<TurnOutcome | null> {
    const spool = this.deps.spool;
    if (!spool) return null;
    let first: boolean;
    try {
      first = await spool.keep(m);
    } catch (err) {
      this.deps.log.error({ err, channel: m.channel, messageId: m.messageId }, 'could not keep a message in the spool');
      return null;
    }
    if (first && this.deps.sendNow) {
      const text = `${render({ key: 'kept_for_later', params: {} }, 'zh')}\n${render({ key: 'kept_for_later', params: {} }, 'en')}`;
      // The message is safe either way; a reporter we cannot reach now gets the real answers later.
      await this.deps.sendNow(m.channel, m.chatId, text).catch((err: unknown) => this.deps.log.warn({ err, channel: m.channel }, 'could not tell a reporter their message is kept'));
    }
    return { status: 'spooled', messageId: null, outboxIds: [], opened: [], joined: [] };
  }
}
