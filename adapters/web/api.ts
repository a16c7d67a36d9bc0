import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A message for people in both languages staff read. */
export interface ApiMessage {
  zh: string;
  en: string;
}

/** What a use case answers, before HTTP: a body, or a failure with a machine-readable code. */
export type StaffApiAnswer =
  | { kind: 'ok'; body: unknown }
  | { kind: 'bad_request' | 'forbidden' | 'not_found' | 'conflict' | 'key_reused'; error: string; message: ApiMessage; issues?: unknown[] };

/**
 * What the staff API needs from the core; main wiring supplies it. `Caller` is whoever a token
 * stands for, handed back unchanged. Queries and bodies are passed on unchecked: the core knows
 * the vocabulary they are checked against.
 */
export interface StaffApiPorts<Caller> {
  /** Null when the token is unknown, revoked, or its owner no longer active. */
  authenticate(token: string): Promise<Caller | null>;
  listCases(caller: Caller, query: unknown): Promise<StaffApiAnswer>;
  viewCase(caller: Caller, number: string): Promise<StaffApiAnswer>;
  act(caller: Caller, number: string, body: unknown, idempotencyKey: string | null): Promise<StaffApiAnswer>;
}

const STATUS: Record<StaffApiAnswer['kind'], number> = { ok: 200, bad_request: 400, forbidden: 403, not_found: 404, conflict: 409, key_reused: 422 };

const ERRORS = {
  unauthorized: { zh: '需要有效的访问令牌', en: 'A valid access token is required' },
  bad_request: { zh: '请求格式不正确', en: 'The request is not valid' },
  not_found: { zh: '接口不存在', en: 'No such endpoint' },
  internal: { zh: '系统繁忙，请稍后再试', en: 'The system is busy, please try again' },
} satisfies Record<string, ApiMessage>;

// RFC 6750's b64token; anything else is not a bearer token at all.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;
// Visible ASCII: keys are compared exactly, and a key with spaces or controls is a client bug.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

type Params = { Params: { number: string } };

/**
 * The staff JSON API under `/api/v1/`: cases a member of staff may see, and actions on them. Every
 * request needs `Authorization: Bearer <token>`, checked before the body is read. Answers are
 * never cached: they carry complaint texts.
 */
export function registerStaffApi<Caller>(app: FastifyInstance, ports: StaffApiPorts<Caller>): void {
  void app.register(
    async (api) => {
      const callers = new WeakMap<FastifyRequest, Caller>();
      const callerOf = (req: FastifyRequest): Caller => {
        const caller = callers.get(req);
        if (caller === undefined) throw new Error('staff API route reached without authentication');
        return caller;
      };
      const send = (reply: FastifyReply, a: StaffApiAnswer) =>
        a.kind === 'ok' ? reply.status(200).send(a.body) : reply.status(STATUS[a.kind]).send({ error: a.error, message: a.message, ...(a.issues ? { issues: a.issues } : {}) });

      api.addHook('onRequest', async (req, reply) => {
        void reply.header('cache-control', 'no-store');
        const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
        const caller = token ? await ports.authenticate(token) : null;
        if (caller === null) {
          // RFC 6750: a request without credentials gets the bare challenge, a bad token is named as such.
          void reply.status(401).header('www-authenticate', token ? 'Bearer realm="huiyin", error="invalid_token"' : 'Bearer realm="huiyin"');
          return reply.send({ error: 'unauthorized', message: ERRORS.unauthorized });
        }
        callers.set(req, caller);
      });
      api.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
        const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
        if (status === 500) {
          api.log.error({ err }, 'staff API error');
          return reply.status(500).send({ error: 'internal', message: ERRORS.internal });
        }
        // Malformed JSON, a wrong content type, a body too large: Fastify's parser says which.
        return reply.status(status).send({ error: 'bad_request', message: ERRORS.bad_request, issues: [{ path: '', code: 'invalid_body', message: err.message }] });
      });
      api.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: 'not_found', message: ERRORS.not_found }));

      api.get('/cases', async (req, reply) => send(reply, await ports.listCases(callerOf(req), req.query)));
      api.get<Params>('/cases/:number', async (req, reply) => send(reply, await ports.viewCase(callerOf(req), req.params.number)));
      api.post<Params>('/cases/:number/actions', async (req, reply) => {
        const key = req.headers['idempotency-key'];
        if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
          return reply.status(400).send({ error: 'bad_request', message: ERRORS.bad_request, issues: [{ path: 'Idempotency-Key', code: 'invalid_header', message: 'one key of 1-200 visible ASCII characters' }] });
        }
        return send(reply, await ports.act(callerOf(req), req.params.number, req.body, key ?? null));
      });
    },
    { prefix: '/api/v1' },
  );
}
