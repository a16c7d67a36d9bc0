import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterFailure, isLocked } from '../../staff/lockout.js';
import { hashPassword, verifyPassword } from '../../staff/passwords.js';
import type { StaffRole } from '../../staff/registration.js';
import type { Database } from '../schema.js';

/** A session ends after this long without a request… */
export const IDLE_MS = 2 * 3_600_000;
/** …and after this long in any case: a duty shift, not a week on a shared desk. */
export const ABSOLUTE_MS = 14 * 3_600_000;

const hashOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
const SESSION = /^[A-Za-z0-9_-]{43}$/;

/** Who a console session belongs to, and the CSRF token its forms carry. */
export interface ConsoleSession {
  handle: string;
  name: string;
  unitId: string;
  role: StaffRole;
  csrf: string;
}

/** How a sign-in ended: a new session (its cookie value), or why not. `locked` says until when. */
export type SignIn = { ok: true; token: string; session: ConsoleSession } | { ok: false; why: 'bad_credentials' } | { ok: false; why: 'locked'; until: Date };

// A hash to compare against when the handle is unknown, so a wrong handle costs as long as a
// wrong password and the timing does not tell which handles exist.
let decoy: Promise<string> | null = null;

/**
 * Checks a handle and password. A wrong one is counted (five in a row lock the account for
 * fifteen minutes, and a locked account refuses even the right password); a right one resets the
 * count and opens a session stored by the hash of its token.
 */
export async function signIn(db: Kysely<Database>, handle: string, password: string, now: Date): Promise<SignIn> {
  const s = await db
    .selectFrom('staff')
    .select(['handle', 'name', 'unit_id', 'role', 'password_hash', 'failed_logins', 'locked_until'])
    .where('handle', '=', handle)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!s?.password_hash) {
    decoy ??= hashPassword(randomBytes(12).toString('base64'));
    await verifyPassword(password, await decoy);
    return { ok: false, why: 'bad_credentials' };
  }
  const record = { failedLogins: s.failed_logins, lockedUntil: s.locked_until ? new Date(s.locked_until) : null };
  if (isLocked(record, now)) return { ok: false, why: 'locked', until: record.lockedUntil! };
  if (!(await verifyPassword(password, s.password_hash))) {
    const next = afterFailure(record, now);
    await db.updateTable('staff').set({ failed_logins: next.failedLogins, locked_until: next.lockedUntil }).where('handle', '=', handle).execute();
    return next.lockedUntil ? { ok: false, why: 'locked', until: next.lockedUntil } : { ok: false, why: 'bad_credentials' };
  }
  await db.updateTable('staff').set({ failed_logins: 0, locked_until: null }).where('handle', '=', handle).execute();
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  await db.insertInto('console_sessions').values({ token_hash: hashOf(token), staff_handle: handle, csrf_token: csrf, created_at: now, last_seen_at: now }).execute();
  return { ok: true, token, session: { handle: s.handle, name: s.name, unitId: s.unit_id, role: s.role, csrf } };
}

/**
 * The live session of a cookie value, refreshing its idle clock; null when unknown, ended, idle
 * too long, too old, or its owner was deactivated.
 */
export async function sessionOf(db: Kysely<Database>, token: string, now: Date): Promise<ConsoleSession | null> {
  if (!SESSION.test(token)) return null;
  const row = await db
    .updateTable('console_sessions')
    .from('staff')
    .set({ last_seen_at: now })
    .whereRef('staff.handle', '=', 'console_sessions.staff_handle')
    .where('console_sessions.token_hash', '=', hashOf(token))
    .where('console_sessions.ended_at', 'is', null)
    .where('console_sessions.last_seen_at', '>', new Date(now.getTime() - IDLE_MS))
    .where('console_sessions.created_at', '>', new Date(now.getTime() - ABSOLUTE_MS))
    .where('staff.active', '=', true)
    .returning(['staff.handle', 'staff.name', 'staff.unit_id', 'staff.role', 'console_sessions.csrf_token'])
    .executeTakeFirst();
  return row ? { handle: row.handle, name: row.name, unitId: row.unit_id, role: row.role, csrf: row.csrf_token } : null;
}

/** Ends a session (logout); resolves with whether there was one to end. */
export async function signOut(db: Kysely<Database>, token: string, now: Date): Promise<boolean> {
  if (!SESSION.test(token)) return false;
  const r = await db.updateTable('console_sessions').set({ ended_at: now }).where('token_hash', '=', hashOf(token)).where('ended_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Sets a member of staff's console password, unlocking the account and ending their sessions. */
export async function setPassword(db: Kysely<Database>, handle: string, password: string, now: Date): Promise<boolean> {
  const hash = await hashPassword(password);
  const r = await db.updateTable('staff').set({ password_hash: hash, failed_logins: 0, locked_until: null }).where('handle', '=', handle).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await db.updateTable('console_sessions').set({ ended_at: now }).where('staff_handle', '=', handle).where('ended_at', 'is', null).execute();
  return true;
}

/** Whether a submitted form's CSRF token is its session's; compared in constant time. */
export function csrfMatches(session: ConsoleSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const [a, b] = [Buffer.from(session.csrf), Buffer.from(submitted)];
  return a.length === b.length && timingSafeEqual(a, b);
}
