import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Lang = 'zh' | 'en';

/** An HTML answer and its status. */
export interface ConsoleHtml {
  status: number;
  html: string;
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
  casesPage(session: S, query: Record<string, unknown>, lang: Lang): Promise<ConsoleHtml>;
}

const SESSION = 'hy_console';
// Before sign-in there is no session to hold a CSRF token, so the login form's token is also set
// as a cookie and the two must match (a cross-site form cannot read or set that cookie).
const PRE = 'hy_console_pre';
const HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

const langOf = (req: FastifyRequest): Lang => ((req.query as Record<string, unknown>).lang === 'en' ? 'en' : 'zh');
const field = (req: FastifyRequest, name: string): unknown => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>)[name] : undefined);

/**
 * The staff console under `/console/`: server-rendered pages, a session cookie (HttpOnly,
 * SameSite=Strict, Secure over HTTPS) whose session lives in the database, and a CSRF token on
 * every form. Pages without a session redirect to sign-in; forms without one are refused (403).
 */
export function registerConsole<S>(app: FastifyInstance, ports: ConsolePorts<S>): void {
  void app.register(async (scope) => {
    await scope.register(cookie);
    await scope.register(formbody, { bodyLimit: 16_384 });
    const cookieOptions = (req: FastifyRequest) => ({ path: '/console', httpOnly: true, sameSite: 'strict' as const, secure: req.protocol === 'https' });
    const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).headers(HEADERS).type('text/html; charset=utf-8').send(body);
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

    scope.get('/console', async (req, reply) => reply.redirect(`${(await sessionOf(req)) ? '/console/cases' : '/console/login'}?lang=${langOf(req)}`, 303));

    scope.get('/console/login', async (req, reply) => {
      const lang = langOf(req);
      return html(reply, 200, ports.loginPage(lang, loginForm(req, reply), null));
    });

    scope.post('/console/login', async (req, reply) => {
      const lang = langOf(req);
      const csrf = field(req, 'csrf');
      if (typeof csrf !== 'string' || !csrf || csrf !== req.cookies[PRE]) return html(reply, 403, ports.loginPage(lang, loginForm(req, reply), ports.expired(lang)));
      const [handle, password] = [field(req, 'handle'), field(req, 'password')];
      const r = await ports.signIn(typeof handle === 'string' ? handle.trim() : '', typeof password === 'string' ? password : '', lang, csrf);
      if (!r.ok) return html(reply, r.answer.status, r.answer.html);
      void reply.clearCookie(PRE, { path: '/console' }).setCookie(SESSION, r.token, cookieOptions(req));
      return reply.redirect(`/console/cases?lang=${lang}`, 303);
    });

    scope.post('/console/logout', async (req, reply) => {
      const s = await sessionOf(req);
      if (!s || !ports.csrfOk(s.session, field(req, 'csrf'))) return html(reply, 403, ports.expired(langOf(req)));
      await ports.signOut(s.token);
      void reply.clearCookie(SESSION, { path: '/console' });
      return reply.redirect(`/console/login?lang=${langOf(req)}`, 303);
    });

    scope.get('/console/cases', async (req, reply) => {
      const s = await sessionOf(req);
      if (!s) return reply.redirect(`/console/login?lang=${langOf(req)}`, 303);
      const page = await ports.casesPage(s.session, req.query as Record<string, unknown>, langOf(req));
      return html(reply, page.status, page.html);
    });
  });
}
