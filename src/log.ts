import { pino, type DestinationStream, type Logger } from 'pino';
import { redactPersonal } from './privacy/redact.js';

/** Fields of a log line that carry free text from outside — errors quoting a row, a platform's reason — rather than our own ids. */
const FREE_TEXT = new Set(['message', 'stack', 'error', 'reason', 'detail', 'last_error']);

/** `value` with phones, ID numbers and labelled names masked in its free-text fields, at any depth up to 3. */
function masked(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') return FREE_TEXT.has(key) ? redactPersonal(value) : value;
  // The log formatter sees errors before pino's serializer: serialize them here, then mask.
  if (value instanceof Error) return masked(pino.stdSerializers.err(value), key, depth);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => masked(v, key, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, k, depth + 1)]));
}

/**
 * The process logger: JSON lines on stderr, so stdout stays clean for `huiyin triage` and
 * `huiyin chat`. Message text and contact details are never logged, only ids (a case number, a
 * conversation id, a channel's message id); and since an error from the database or a platform can
 * quote what a reporter wrote, free-text fields (`err.message`, `reason`…) are masked on the way
 * out with the digests' redaction.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { app: 'huiyin' }, formatters: { log: (o) => masked(o) as Record<string, unknown> } }, destination);
}
