import { pino, type Logger } from 'pino';

/**
 * The process logger: JSON lines on stderr, so stdout stays clean for `huiyin triage` and
 * `huiyin chat`. Message text and contact details are never logged, only ids.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'huiyin' } }, pino.destination(2));
}
