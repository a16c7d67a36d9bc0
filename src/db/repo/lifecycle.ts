import { sql, type Kysely } from 'kysely';
import type { ClockPolicy } from '../../cases/clocks.js';
import { decide, type CaseAction, type CaseRecord, type Decision, type LifecycleContext, type LifecycleEvent, type Refusal } from '../../cases/lifecycle.js';
import type { CaseStatus } from '../../cases/status.js';
import type { Reply } from '../../i18n/catalog.js';
import { outboundChoices } from '../../i18n/choices.js';
import { render } from '../../i18n/render.js';
import type { Calendar } from '../../routing/calendar.js';
import type { Units } from '../../routing/units.js';
import type { Lang } from '../../understanding/facts.js';
import type { Database } from '../schema.js';
import { enqueue, type NewOutbound } from './outbox.js';

/** What applying lifecycle actions needs besides the database: the clocks and the unit names. */
export interface LifecycleDeps {
  policy: ClockPolicy;
  calendar: Calendar;
  timeZone: string;
  units: Units;
}

/** The context decisions are taken in at `now`: the clocks, the calendar, and units by name. */
export function lifecycleContext(deps: LifecycleDeps, now: Date): LifecycleContext {
  return {
    now,
    policy: deps.policy,
    calendar: deps.calendar,
    timeZone: deps.timeZone,
    unitName: (id) => {
      const u = deps.units.get(id);
      return u ? { zh: u.name, en: u.name_en ?? u.name } : null;
    },
  };
}

/** A case loaded for a decision, with its database id. */
export interface LoadedCase extends CaseRecord {
  id: string;
}

/** Loads a case and its events by number, locking the case row against other decisions until the transaction ends. */
export async function lockCase(db: Kysely<Database>, number: string): Promise<LoadedCase | null> {
  const c = await db
    .selectFrom('cases')
    .select(['id', 'number', 'status', 'unit_id', 'supervised'])
    .where('number', '=', number)
    // Not FOR UPDATE: reporters joining the case insert rows that reference it (a KEY SHARE lock),
    // and a decision must not deadlock with them; decisions still queue behind each other.
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!c) return null;
  const events = await db.selectFrom('case_events').select(['type', 'at', 'actor', 'data']).where('case_id', '=', c.id).orderBy('id').execute();
  return {
    id: c.id,
    number: c.number,
    status: c.status as CaseStatus,
    unitId: c.unit_id,
    supervised: c.supervised,
    events: events.map((e) => ({ type: e.type, at: new Date(e.at), actor: e.actor, data: (e.data ?? {}) as LifecycleEvent['data'] })),
  };
}

/** The result of an action: what was decided and the notices queued, or why it was refused. */
export type Applied = { ok: true; decision: Decision; caseId: string; outboxIds: string[] } | { ok: false; why: Refusal | 'not_found' };

/**
 * Applies one action to a case inside the caller's transaction: locks the case, decides, appends
 * the events, updates status, owner and supervision, and queues the notice to everyone following
 * the case. The caller checks who may act before calling.
 */
export async function applyAction(db: Kysely<Database>, number: string, action: CaseAction, actor: string, now: Date, deps: LifecycleDeps): Promise<Applied> {
  const c = await lockCase(db, number);
  if (!c) return { ok: false, why: 'not_found' };
  return applyTo(db, c, action, actor, now, deps);
}

/** {@link applyAction} on a case already locked and loaded. */
export async function applyTo(db: Kysely<Database>, c: LoadedCase, action: CaseAction, actor: string, now: Date, deps: LifecycleDeps): Promise<Applied> {
  const d = decide(c, action, lifecycleContext(deps, now));
  if (!d.ok) return d;
  await db.insertInto('case_events').values(d.events.map((e) => ({ case_id: c.id, at: now, actor, type: e.type, data: JSON.stringify(e.data), reason: e.reason }))).execute();
  await db.updateTable('cases').set({ status: d.status, unit_id: d.unitId, supervised: d.supervised }).where('id', '=', c.id).execute();
  const outboxIds = d.notice ? await notifyFollowers(db, c.id, d.notice) : [];
  return { ok: true, decision: d, caseId: c.id, outboxIds };
}

/** Someone to tell about a case: the chat they reported from, in their language. */
export interface Follower {
  reporterId: string;
  channel: string;
  chatId: string;
  lang: Lang;
}

/** Everyone following a case who wants notices: its reporter and those who joined it. */
export async function followers(db: Kysely<Database>, caseId: string): Promise<Follower[]> {
  const { rows } = await sql<Follower>`
    select r.id::text as "reporterId", v.channel, v.chat_id as "chatId", r.lang
    from case_reporters cr
    join reporters r on r.id = cr.reporter_id
    join conversations v on v.reporter_id = r.id and v.channel = r.channel
    where cr.case_id = ${caseId} and cr.notify
    order by cr.joined_at, r.id`.execute(db);
  return rows;
}

/** The message `reply` for one follower, in their language, with its standalone buttons. */
export function noticeFor(f: Follower, reply: Reply): NewOutbound {
  const choices = outboundChoices(reply, f.lang, null);
  return { channel: f.channel, chatId: f.chatId, reporterId: f.reporterId, inReplyTo: null, text: render(reply, f.lang), ...(choices ? { choices } : {}) };
}

/**
 * Queues `reply` to every follower of a case, each in their language on their channel, through
 * the outbox (anonymous reporters too: the chat is their way back). Resolves with the row ids.
 */
export async function notifyFollowers(db: Kysely<Database>, caseId: string, reply: Reply): Promise<string[]> {
  const to = await followers(db, caseId);
  return to.length > 0 ? enqueue(db, to.map((f) => noticeFor(f, reply))) : [];
}

/**
 * Turns case notices on or off for every open case a reporter follows (免打扰 / 恢复通知).
 * Resolves with how many cases it applied to.
 */
export async function setNotices(db: Kysely<Database>, reporterId: string, on: boolean): Promise<number> {
  const r = await db
    .updateTable('case_reporters')
    .set({ notify: on })
    .where('reporter_id', '=', reporterId)
    .where('case_id', 'in', (q) => q.selectFrom('cases').select('id').where('status', 'not in', ['closed', 'not_accepted']))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
