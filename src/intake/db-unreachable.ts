/** Socket errors that mean the database server is not there (down, restarting, cut off). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs of a server going away or not taking connections yet: admin_shutdown
 * (a stop), crash_shutdown, cannot_connect_now (starting up or shutting down). Class 08
 * (connection exceptions) is matched by prefix.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03']);

/**
 * What node-postgres says, without a code, when the connection dies under it or cannot be had
 * in time; a pool client that saw such an error then refuses every query with the last one.
 */
const MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /client has encountered a connection error and is not queryable/i, /client was closed and is not queryable/i, /connection ended unexpectedly/i];

/**
 * Whether `err` says the database cannot be reached, rather than that the turn itself is wrong:
 * only then is a message worth keeping aside and replaying, since the same turn will work once
 * the server is back. Looks through `cause` and an AggregateError's `errors` (Node reports a
 * refused connection to every address of a host as one AggregateError).
 */
export function isDbUnreachable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDbUnreachable(x, depth + 1))) return true;
  return isDbUnreachable(e.cause, depth + 1);
}
