import type { Kysely } from 'kysely';
import { csrfMatches, sessionOf, signIn, signOut, type ConsoleSession } from '../db/repo/console-sessions.js';
import type { Database } from '../db/schema.js';
import { localTime } from '../routing/calendar.js';
import type { StaffApi } from '../staff-api/service.js';
import { seesAllUnits } from '../staff/access.js';
import type { Lang } from '../understanding/facts.js';
import { casesPage, loginPage, type CaseFilter, type CaseListItem } from './pages.js';
import { CONSOLE_TEXT } from './text.js';

/** What the console needs: the database, the staff API's case views, the triage desk, the clock. */
export interface ConsoleDeps {
  db: Kysely<Database>;
  staffApi: StaffApi;
  triageUnit: string;
  timeZone: string;
  clock: () => Date;
}

/** An HTML answer and its status. */
export interface HtmlAnswer {
  status: number;
  html: string;
}

/**
 * The staff console behind the web adapter: sign-in and sessions, and the pages, rendered from
 * the same case views the JSON API gives (so both show and hide exactly the same things).
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
    if (r.why === 'locked') {
      const until = localTime(r.until, this.deps.timeZone);
      const hhmm = `${String(Math.floor(until.minute / 60)).padStart(2, '0')}:${String(until.minute % 60).padStart(2, '0')}`;
      return { ok: false, answer: { status: 423, html: loginPage(lang, csrf, t.lockedUntil(`${until.date} ${hhmm}`), handle) } };
    }
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
  async casesPage(s: ConsoleSession, query: Record<string, unknown>, lang: Lang): Promise<HtmlAnswer> {
    const caller = { handle: s.handle, unitId: s.unitId, role: s.role };
    const { status, supervised, overdue } = query;
    const apiQuery = { ...(status ? { status } : {}), ...(supervised ? { supervised } : {}), ...(overdue ? { overdue } : {}) };
    const answer = await this.deps.staffApi.listCases(caller, apiQuery);
    const user = { name: s.name, handle: s.handle, csrf: s.csrf, seesAllUnits: seesAllUnits(caller, this.deps.triageUnit) };
    if (answer.kind !== 'ok') return { status: 400, html: casesPage(lang, user, {}, { total: 0, cases: [] }) };
    const filter: CaseFilter = { ...(typeof status === 'string' && status ? { status } : {}), supervised: supervised === 'true', overdue: overdue === 'true' };
    return { status: 200, html: casesPage(lang, user, filter, answer.body as { total: number; cases: CaseListItem[] }) };
  }
}
