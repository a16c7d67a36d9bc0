import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Lang = 'zh' | 'en';
type Query = Record<string, unknown>;
type Form = Record<string, unknown>;

/** An HTML answer and its status. */
export interface ConsoleHtml {
  status: number;
  html: string;
}

/** What a page says at the top after a form: done, or why not. */
export interface ConsoleFlash {
  ok: boolean;
  text: string;
}

/** Where a form sends the browser next, and what to tell the user there. */
export interface ConsoleRedirect {
  redirect: string;
  flash: ConsoleFlash;
}

/** A file to send as it is. */
export interface ConsoleFile {
  status: 200;
  mime: string;
  bytes: Uint8Array;
}

/** What the console pages need from the core; `S` is a signed-in session. */
export interface ConsolePorts<S> {
  /** The sign-in form, with an error above it when a sign-in was refused. */
  loginPage(lang: Lang, csrf: string, error: string | null): string;
  signIn(handle: string, password: string, lang: Lang, csrf: string): Promise<{ ok: true; token: string } | { ok: false; answer: ConsoleHtml }>;
  session(token: string): Promise<S | null>;
  csrfOk(session: S, submitted: unknown): boolean;
  signOut(token: string): Promise<void>;
  expired(lang: Lang): string;
  casesPage(session: S, query: Query, lang: Lang, flash: ConsoleFlash | null): Promise<ConsoleHtml>;
  casePage(session: S, number: string, lang: Lang, flash: ConsoleFlash | null, reveal?: boolean): Promise<ConsoleHtml>;
  evidence(session: S, number: string, sha256: string, lang: Lang): Promise<ConsoleFile | ConsoleHtml>;
  act(session: S, number: string, form: Form, back: string | null, lang: Lang): Promise<ConsoleRedirect>;
  escalationsPage(session: S, lang: Lang, flash: ConsoleFlash | null): Promise<ConsoleHtml>;
  escalationAct(session: S, kind: 'claim' | 'release' | 'reply', form: Form, lang: Lang): Promise<ConsoleRedirect>;
  triagePage(session: S, lang: Lang, flash: ConsoleFlash | null): Promise<ConsoleHtml>;
  rosterPage(session: S, lang: Lang): Promise<ConsoleHtml>;
  dashboardPage(session: S, query: Query, lang: Lang): Promise<ConsoleHtml>;
}

const SESSION = 'hy_console';
// Before sign-in there is no session to hold a CSRF token, so the login form's token is also set
// as a cookie and the two must match (a cross-site form cannot read or set that cookie).
const PRE = 'hy_console_pre';
// What the page after a form says (post/redirect/get): kept for one request, never in the URL.
const FLASH = 'hy_console_flash';
const HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; media-src 'self'; form-action 'self'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

const langOf = (req: FastifyRequest): Lang => ((req.query as Query).lang === 'en' ? 'en' : 'zh');
const formOf = (req: FastifyRequest): Form => (req.body && typeof req.body === 'object' ? (req.body as Form) : {});

/**
 * The staff console under `/console/`: server-rendered pages, a session cookie (HttpOnly,
 * SameSite=Strict, Secure over HTTPS) whose session lives in the database, and a CSRF token on
 * every form. Pages without a session redirect to sign-in; forms without one, or without the
 * session's token, are refused (403).
 */
export function registerConsole<S>(app: FastifyInstance, ports: ConsolePorts<S>): void {
  void app.register(async (scope) => {
    await scope.register(cookie);
    await scope.register(formbody, { bodyLimit: 16_384 });
    const cookieOptions = (req: FastifyRequest) => ({ path: '/console', httpOnly: true, sameSite: 'strict' as const, secure: req.protocol === 'https' });
    const html = (reply: FastifyReply, page: ConsoleHtml) => reply.status(page.status).headers(HEADERS).type('text/html; charset=utf-8').send(page.html);
    const sessionOf = async (req: FastifyRequest): Promise<{ token: string; session: S } | null> => {
      const token = req.cookies[SESSION];
      const session = token ? await ports.session(token) : null;
      return token && session ? { token, session } : null;
    };
    const loginForm = (req: FastifyRequest, reply: FastifyReply) => {
      const csrf = randomBytes(24).toString('base64url');
      void reply.setCookie(PRE, csrf, cookieOptions(req));
      return csrf;
    };
    const takeFlash = (req: FastifyRequest, reply: FastifyReply): ConsoleFlash | null => {
      const raw = req.cookies[FLASH];
      if (!raw) return null;
      void reply.clearCookie(FLASH, { path: '/console' });
      try {
        const f = JSON.parse(raw) as Partial<ConsoleFlash>;
        return typeof f.ok === 'boolean' && typeof f.text === 'string' ? { ok: f.ok, text: f.text.slice(0, 500) } : null;
      } catch {
        return null;
      }
    };
    const redirectWith = (req: FastifyRequest, reply: FastifyReply, r: ConsoleRedirect) => {
      void reply.setCookie(FLASH, JSON.stringify(r.flash), { ...cookieOptions(req), maxAge: 60 });
      return reply.redirect(r.redirect, 303);
    };

    /** A page for a signed-in user; without a session, the way to sign-in. */
    const page = (path: string, render: (s: S, req: FastifyRequest, reply: FastifyReply, lang: Lang) => Promise<ConsoleHtml | ConsoleFile>) =>
      scope.get(path, async (req, reply) => {
        const s = await sessionOf(req);
        if (!s) return reply.redirect(`/console/login?lang=${langOf(req)}`, 303);
        const answer = await render(s.session, req, reply, langOf(req));
        if ('bytes' in answer) return reply.status(200).headers({ ...HEADERS, 'cache-control': 'private, max-age=3600' }).type(answer.mime).send(Buffer.from(answer.bytes));
        return html(reply, answer);
      });
    /** A form for a signed-in user, refused without the session's CSRF token. */
    const form = (path: string, handle: (s: S, req: FastifyRequest, lang: Lang) => Promise<ConsoleRedirect | ConsoleHtml>) =>
      scope.post(path, async (req, reply) => {
        const lang = langOf(req);
        const s = await sessionOf(req);
        if (!s || !ports.csrfOk(s.session, formOf(req).csrf)) return html(reply, { status: 403, html: ports.expired(lang) });
        const answer = await handle(s.session, req, lang);
        return 'redirect' in answer ? redirectWith(req, reply, answer) : html(reply, answer);
      });
    const param = (req: FastifyRequest, name: string): string => String((req.params as Record<string, unknown>)[name] ?? '');

    scope.get('/console', async (req, reply) => reply.redirect(`${(await sessionOf(req)) ? '/console/escalations' : '/console/login'}?lang=${langOf(req)}`, 303));

    scope.get('/console/login', async (req, reply) => {
      const lang = langOf(req);
      return html(reply, { status: 200, html: ports.loginPage(lang, loginForm(req, reply), null) });
    });

    scope.post('/console/login', async (req, reply) => {
      const lang = langOf(req);
      const { csrf, handle, password } = formOf(req);
      if (typeof csrf !== 'string' || !csrf || csrf !== req.cookies[PRE]) return html(reply, { status: 403, html: ports.loginPage(lang, loginForm(req, reply), ports.expired(lang)) });
      const r = await ports.signIn(typeof handle === 'string' ? handle.trim() : '', typeof password === 'string' ? password : '', lang, csrf);
      if (!r.ok) return html(reply, r.answer);
      void reply.clearCookie(PRE, { path: '/console' }).setCookie(SESSION, r.token, cookieOptions(req));
      return reply.redirect(`/console/escalations?lang=${lang}`, 303);
    });

    scope.post('/console/logout', async (req, reply) => {
      const s = await sessionOf(req);
      if (!s || !ports.csrfOk(s.session, formOf(req).csrf)) return html(reply, { status: 403, html: ports.expired(langOf(req)) });
      await ports.signOut(s.token);
      void reply.clearCookie(SESSION, { path: '/console' });
      return reply.redirect(`/console/login?lang=${langOf(req)}`, 303);
    });

    page('/console/cases', (s, req, reply, lang) => ports.casesPage(s, req.query as Query, lang, takeFlash(req, reply)));
    page('/console/cases/:number', (s, req, reply, lang) => ports.casePage(s, param(req, 'number'), lang, takeFlash(req, reply)));
    page('/console/cases/:number/evidence/:sha256', (s, req, _reply, lang) => ports.evidence(s, param(req, 'number'), param(req, 'sha256'), lang));
    form('/console/cases/:number/act', (s, req, lang) => {
      const back = (req.query as Query).back;
      return ports.act(s, param(req, 'number'), formOf(req), back === 'triage' ? 'triage' : null, lang);
    });
    // A form, not a link: showing who reported is recorded, and must never happen by prefetch or a shared URL.
    form('/console/cases/:number/identity', (s, req, lang) => ports.casePage(s, param(req, 'number'), lang, null, true));
    page('/console/escalations', (s, req, reply, lang) => ports.escalationsPage(s, lang, takeFlash(req, reply)));
    for (const kind of ['claim', 'release', 'reply'] as const) form(`/console/escalations/${kind}`, (s, req, lang) => ports.escalationAct(s, kind, formOf(req), lang));
    page('/console/triage', (s, req, reply, lang) => ports.triagePage(s, lang, takeFlash(req, reply)));
    page('/console/roster', (s, _req, _reply, lang) => ports.rosterPage(s, lang));
    page('/console/dashboard', (s, req, _reply, lang) => ports.dashboardPage(s, req.query as Query, lang));
  });
}
