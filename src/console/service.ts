import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CaseStatus } from '../cases/status.js';
import { caseEvidenceFile, caseTranscript, conversationTranscript, heldConversations } from '../db/repo/console-reads.js';
import { csrfMatches, sessionOf, signIn, signOut, type ConsoleSession } from '../db/repo/console-sessions.js';
import { lifecycleContext, type LifecycleDeps } from '../db/repo/lifecycle.js';
import { enqueue } from '../db/repo/outbox.js';
import { openPages } from '../db/repo/pages.js';
import { listStaff } from '../db/repo/staff.js';
import type { Database } from '../db/schema.js';
import { actOnRef, reporterMessage } from '../intake/staff-act.js';
import { render } from '../i18n/render.js';
import { localTime } from '../routing/calendar.js';
import type { Routing } from '../routing/load.js';
import { onDuty } from '../routing/roster.js';
import type { ApiAnswer } from '../staff-api/answers.js';
import type { StaffApi } from '../staff-api/service.js';
import { maySupervise, seesAllUnits, type StaffCaller } from '../staff/access.js';
import { withoutContact } from '../staff/case-view.js';
import { parseRef } from '../staff/commands.js';
import type { CaseStats } from '../reports/case-stats.js';
import type { Lang } from '../understanding/facts.js';
import { availableActions } from './actions.js';
import { casePage, type CaseView } from './case-page.js';
import { casesPage, type CaseFilter, type CaseList } from './cases-page.js';
import { dashboardPage } from './dashboard-page.js';
import { escalationsPage } from './escalations-page.js';
import { esc, localStamp, signedInPage, type ConsoleUserView, type Flash } from './html.js';
import type { UnitView } from './labels.js';
import { loginPage } from './login-page.js';
import { rosterPage } from './roster-page.js';
import { CONSOLE_TEXT, type ConsoleAction } from './text.js';
import { triagePage } from './triage-page.js';

/** The statistics the dashboard shows, for a date range and a scope (the public digests' own). */
export type StatsSource = (q: { from: string; to: string; scope: { unitId?: string } }, now: Date) => Promise<CaseStats>;

/** What the console needs: the database, the staff API's case views and actions, routing, the clock. */
export interface ConsoleDeps {
  db: Kysely<Database>;
  staffApi: StaffApi;
  routing: Routing;
  lifecycle: LifecycleDeps;
  stats: StatsSource;
  /** Wakes delivery once a message to a reporter was queued and committed. */
  kick(): void;
  timeZone: string;
  clock: () => Date;
}

/** An HTML answer and its status. */
export interface HtmlAnswer {
  status: number;
  html: string;
}

/** Where a form sends the browser next, and what to tell the user there. */
export interface Redirect {
  redirect: string;
  flash: Flash;
}

/** A file to send as it is (a reporter's photo). */
export interface FileAnswer {
  status: 200;
  mime: string;
  bytes: Uint8Array;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** The form fields of each action, as the staff API's action body wants them. */
function actionBody(form: Record<string, unknown>): unknown {
  const { action } = form;
  const pick = (...names: string[]) => Object.fromEntries(names.filter((n) => form[n] !== undefined).map((n) => [n, form[n]]));
  switch (action) {
    case 'not_accept':
      return { action, ...pick('body', 'reason') };
    case 'forward':
      return { action, ...pick('to', 'reason') };
    case 'send_back':
    case 'supervise':
      return { action, ...pick('reason') };
    case 'extend':
      // A number field arrives as text; anything not a whole number is left for validation to refuse.
      return { action, ...pick('reason'), days: /^\d{1,4}$/.test(String(form.days ?? '')) ? Number(form.days) : form.days };
    case 'answer':
      return { action, ...pick('finding', 'text') };
    case 'merge':
      return { action, into: typeof form.into === 'string' ? form.into.trim() : form.into };
    default:
      return { action };
  }
}

/**
 * The staff console behind the web adapter: sign-in and sessions, and the pages, rendered from
 * the same case views and actions the JSON API gives (so both show, hide and allow exactly the
 * same things), and the same staff commands as chat for escalations.
 */
export class ConsoleService {
  constructor(private readonly deps: ConsoleDeps) {}

  /** The sign-in page carrying the pre-session CSRF token, with an error when there is one. */
  loginPage(lang: Lang, csrf: string, error: string | null): string {
    return loginPage(lang, csrf, error);
  }

  /** Checks a sign-in; on failure the page to show again (401, or 423 while locked). */
  async signIn(handle: string, password: string, lang: Lang, csrf: string): Promise<{ ok: true; token: string } | { ok: false; answer: HtmlAnswer }> {
    const r = await signIn(this.deps.db, handle, password, this.deps.clock());
    if (r.ok) return { ok: true, token: r.token };
    const t = CONSOLE_TEXT[lang];
    if (r.why === 'locked') return { ok: false, answer: { status: 423, html: loginPage(lang, csrf, t.lockedUntil(localStamp(r.until, this.deps.timeZone)), handle) } };
    return { ok: false, answer: { status: 401, html: loginPage(lang, csrf, t.badCredentials, handle) } };
  }

  /** The session of a cookie value, or null. */
  session(token: string): Promise<ConsoleSession | null> {
    return sessionOf(this.deps.db, token, this.deps.clock());
  }

  /** Whether a form's CSRF token is its session's. */
  csrfOk(session: ConsoleSession, submitted: unknown): boolean {
    return csrfMatches(session, submitted);
  }

  /** Ends a session. */
  async signOut(token: string): Promise<void> {
    await signOut(this.deps.db, token, this.deps.clock());
  }

  /** What a refused form is told: the page expired (no or wrong CSRF token). */
  expired(lang: Lang): string {
    return CONSOLE_TEXT[lang].expired;
  }

  /** The case list for the signed-in member of staff, filtered by the query string. */
  async casesPage(s: ConsoleSession, query: Record<string, unknown>, lang: Lang, flash: Flash | null): Promise<HtmlAnswer> {
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const filter: CaseFilter = { status: str(query.status), category: str(query.category), district: str(query.district), supervised: query.supervised === 'true', overdue: query.overdue === 'true' };
    const apiQuery = Object.fromEntries(
      Object.entries({ ...filter, supervised: filter.supervised ? 'true' : undefined, overdue: filter.overdue ? 'true' : undefined, offset: str(query.offset) }).filter(([, v]) => v !== undefined),
    );
    const answer = await this.deps.staffApi.listCases(this.caller(s), apiQuery);
    const empty: CaseList = { total: 0, limit: 50, offset: 0, cases: [] };
    if (answer.kind !== 'ok') return { status: 400, html: casesPage(lang, this.user(s), filter, empty, { ok: false, text: answer.message[lang] }) };
    return { status: 200, html: casesPage(lang, this.user(s), filter, answer.body as CaseList, flash) };
  }

  /**
   * One case. `reveal` (a supervisor's explicit request, by form) shows who reported it and
   * records that they looked; a plain visit never does.
   */
  async casePage(s: ConsoleSession, number: string, lang: Lang, flash: Flash | null, reveal = false): Promise<HtmlAnswer> {
    const answer = await this.deps.staffApi.viewCase(this.caller(s), number, reveal);
    if (answer.kind !== 'ok') return this.refusedPage(s, answer, lang);
    const view = answer.body as CaseView;
    const c = view.case;
    const now = this.deps.clock();
    const events = view.timeline.map((e) => ({ type: e.type, at: new Date(e.at), actor: e.actor, data: e.data }));
    const record = { number: c.number, status: c.status as CaseStatus, unitId: c.unit?.id ?? null, supervised: c.supervised, events };
    const actions = availableActions(record, lifecycleContext(this.deps.lifecycle, now), maySupervise(this.caller(s), this.deps.routing.table.fallback));
    const lines = await caseTranscript(this.deps.db, c.number);
    // Those who may not know who reported see the conversation with the contact masked.
    const contact = view.reporter ? null : await this.deps.db.selectFrom('cases').select(['contact_name', 'contact_phone']).where('number', '=', c.number).executeTakeFirst();
    const transcript = lines.map((m) => ({ ...m, text: contact ? withoutContact(m.text, { name: contact.contact_name, phone: contact.contact_phone }) : m.text }));
    // Photos added after the report (supplements) are the case's evidence too.
    const added = events.flatMap((e) => (e.type === 'supplemented' && Array.isArray(e.data.evidence) ? (e.data.evidence as { kind: string; sha256?: string; size?: number }[]) : []));
    const evidence = [...c.evidence, ...added.map((e) => ({ kind: e.kind, sha256: e.sha256 ?? null, size: e.size ?? null }))];
    const html = casePage(lang, this.user(s), { ...view, case: { ...c, evidence } }, { transcript, actions, units: this.units(), timeZone: this.deps.timeZone }, flash, () => randomBytes(12).toString('base64url'));
    return { status: 200, html };
  }

  /** A photo or video of a case, for those who may see the case. */
  async evidence(s: ConsoleSession, number: string, sha256: string, lang: Lang): Promise<FileAnswer | HtmlAnswer> {
    const access = await this.deps.staffApi.viewCase(this.caller(s), number, false);
    if (access.kind !== 'ok') return this.refusedPage(s, access, lang);
    const file = SHA256.test(sha256) ? await caseEvidenceFile(this.deps.db, (access.body as CaseView).case.number, sha256) : null;
    if (!file) return this.messagePage(s, lang, 404, CONSOLE_TEXT[lang].notFound);
    return { status: 200, mime: file.mime ?? 'application/octet-stream', bytes: file.bytes };
  }

  /**
   * One lifecycle action from a case page's form, through the staff API (the same validation,
   * access rules and idempotency: the form's key makes a double submit act once).
   */
  async act(s: ConsoleSession, number: string, form: Record<string, unknown>, back: string | null, lang: Lang): Promise<Redirect> {
    const key = typeof form.key === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(form.key) ? `console:${form.key}` : null;
    const answer = await this.deps.staffApi.act(this.caller(s), number, actionBody(form), key);
    const ref = number.toUpperCase();
    const target = back === 'triage' ? `/console/triage?lang=${lang}` : `/console/cases/${encodeURIComponent(ref)}?lang=${lang}`;
    if (answer.kind !== 'ok') return { redirect: target, flash: { ok: false, text: answer.message[lang] } };
    const action = form.action as ConsoleAction;
    return { redirect: target, flash: { ok: true, text: `${CONSOLE_TEXT[lang].done}: ${CONSOLE_TEXT[lang].actionNames[action]} ${ref}` } };
  }

  /** The live escalations in the user's scope, and the conversations they hold. */
  async escalationsPage(s: ConsoleSession, lang: Lang, flash: Flash | null): Promise<HtmlAnswer> {
    const caller = this.caller(s);
    const scope = seesAllUnits(caller, this.deps.routing.table.fallback) ? null : caller.unitId;
    const [open, heldRows, staff] = await Promise.all([openPages(this.deps.db, scope), heldConversations(this.deps.db, s.handle), listStaff(this.deps.db)]);
    const names = new Map(staff.map((p) => [p.handle, p.name]));
    const units = new Map(this.units().map((u) => [u.id, u]));
    const items = open.map((p) => ({
      ref: p.ref,
      reason: p.reason,
      level: p.level,
      unit: (lang === 'zh' ? units.get(p.unitId)?.name : units.get(p.unitId)?.name_en) ?? p.unitId,
      pagedTo: p.staffHandle ? (names.get(p.staffHandle) ?? p.staffHandle) : null,
      sentAt: p.sentAt,
      ackDueAt: p.ackDueAt,
      ...p.summary,
    }));
    const held = [];
    for (const h of heldRows) held.push({ ref: `#${h.conversationId}`, number: h.number, reason: h.reason, lines: await conversationTranscript(this.deps.db, h.conversationId) });
    return { status: 200, html: escalationsPage(lang, this.user(s), items, held, flash, this.deps.timeZone) };
  }

  /**
   * Takes over, hands back or replies to the conversation behind an escalation, through the same
   * staff commands as chat: the reporter is told on their own channel, in their language.
   */
  async escalationAct(s: ConsoleSession, kind: 'claim' | 'release' | 'reply', form: Record<string, unknown>, lang: Lang): Promise<Redirect> {
    const redirect = `/console/escalations?lang=${lang}`;
    const ref = typeof form.ref === 'string' ? parseRef(form.ref.trim()) : null;
    const text = typeof form.text === 'string' ? form.text.trim() : '';
    if (!ref || (kind === 'reply' && (!text || text.length > 2000))) return { redirect, flash: { ok: false, text: CONSOLE_TEXT[lang].expired } };
    const command = kind === 'reply' ? { kind, ref, text } : { kind, ref };
    const now = this.deps.clock();
    const outcome = await this.deps.db.transaction().execute(async (trx) => {
      const { outcome, target } = await actOnRef(trx, { routing: this.deps.routing, lifecycle: this.deps.lifecycle }, command, { handle: s.handle, unit: s.unitId, role: s.role }, now);
      const message = reporterMessage(outcome, target, null);
      if (message) await enqueue(trx, [message]);
      return outcome;
    });
    if (outcome.toReporter) this.deps.kick();
    // A refusal says why in the chat's words; success says what happens next in the console's.
    if (outcome.toStaff.key === 'staff_refused') return { redirect, flash: { ok: false, text: render(outcome.toStaff, lang) } };
    return { redirect, flash: { ok: true, text: CONSOLE_TEXT[lang].escalationDone[kind](ref) } };
  }

  /**
   * Registered cases not yet accepted, in every unit, oldest first: the triage desk checks where
   * routing sent each and forwards what went astray. For the triage desk and supervisors only.
   */
  async triagePage(s: ConsoleSession, lang: Lang, flash: Flash | null): Promise<HtmlAnswer> {
    const caller = this.caller(s);
    const triage = this.deps.routing.table.fallback;
    if (!seesAllUnits(caller, triage)) return this.messagePage(s, lang, 403, CONSOLE_TEXT[lang].forbidden);
    const answer = await this.deps.staffApi.listCases(caller, { status: 'registered', limit: '100' });
    const cases = answer.kind === 'ok' ? (answer.body as CaseList).cases : [];
    const html = triagePage(lang, this.user(s), cases, this.units(), flash, () => randomBytes(12).toString('base64url'));
    return { status: 200, html };
  }

  /** Who is on duty now: every unit for the triage desk and supervisors, the user's own otherwise. */
  async rosterPage(s: ConsoleSession, lang: Lang): Promise<HtmlAnswer> {
    const caller = this.caller(s);
    const { routing, timeZone } = this.deps;
    const now = this.deps.clock();
    const staff = new Map((await listStaff(this.deps.db)).map((p) => [p.handle, p]));
    const units = seesAllUnits(caller, routing.table.fallback) ? this.units() : this.units().filter((u) => u.id === caller.unitId);
    const cover = units.map((unit) => {
      const on = onDuty(routing.rosters, routing.calendar, unit.id, now, timeZone);
      return {
        unit,
        source: on?.source ?? null,
        shift: on?.shift ?? null,
        people: (on?.staff ?? []).map((handle) => ({ handle, name: staff.get(handle)?.name ?? null, role: staff.get(handle)?.role ?? null })),
      };
    });
    return { status: 200, html: rosterPage(lang, this.user(s), localStamp(now, timeZone), cover) };
  }

  /** Counts for a date range (the last 30 days by default), scoped as the case list is. */
  async dashboardPage(s: ConsoleSession, query: Record<string, unknown>, lang: Lang): Promise<HtmlAnswer> {
    const now = this.deps.clock();
    const today = localTime(now, this.deps.timeZone).date;
    const from = typeof query.from === 'string' ? query.from : localTime(new Date(now.getTime() - 29 * DAY_MS), this.deps.timeZone).date;
    const to = typeof query.to === 'string' ? query.to : today;
    const span = (Date.parse(to) - Date.parse(from)) / DAY_MS;
    const user = this.user(s);
    if (!DATE.test(from) || !DATE.test(to) || !(span >= 0 && span <= 366)) return { status: 400, html: dashboardPage(lang, user, { from: from.slice(0, 10), to: to.slice(0, 10) }, null, { ok: false, text: CONSOLE_TEXT[lang].badRange }) };
    const scope = user.seesAllUnits ? {} : { unitId: s.unitId };
    const stats = await this.deps.stats({ from, to, scope }, now);
    return { status: 200, html: dashboardPage(lang, user, { from, to }, stats, null) };
  }

  private caller(s: ConsoleSession): StaffCaller {
    return { handle: s.handle, unitId: s.unitId, role: s.role };
  }

  private user(s: ConsoleSession): ConsoleUserView {
    return { name: s.name, handle: s.handle, csrf: s.csrf, seesAllUnits: seesAllUnits(this.caller(s), this.deps.routing.table.fallback) };
  }

  private units(): UnitView[] {
    return [...this.deps.routing.units.values()].map((u) => ({ id: u.id, name: u.name, name_en: u.name_en ?? u.name }));
  }

  /** A page that only says why there is nothing to show (403 another unit's case, 404 no such case). */
  private messagePage(s: ConsoleSession, lang: Lang, status: number, text: string): HtmlAnswer {
    return { status, html: signedInPage({ lang, user: this.user(s), path: '/console/cases', title: text, current: null }, `<p class="error" role="alert">${esc(text)}</p>`) };
  }

  private refusedPage(s: ConsoleSession, answer: Exclude<ApiAnswer, { kind: 'ok' }>, lang: Lang): HtmlAnswer {
    const t = CONSOLE_TEXT[lang];
    return answer.kind === 'forbidden' ? this.messagePage(s, lang, 403, t.forbidden) : this.messagePage(s, lang, 404, t.notFound);
  }
}
