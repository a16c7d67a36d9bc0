import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Staff } from './staff.js';

/** Who a token speaks for: what deciding access to cases needs, nothing that identifies an account. */
export type TokenStaff = Pick<Staff, 'handle' | 'unit_id' | 'role'>;

// A recognisable prefix lets secret scanners and people tell a leaked token from other strings;
// 32 random bytes make guessing pointless, so the lookup needs no rate limit of its own.
const PREFIX = 'hy_';
const TOKEN = /^hy_[A-Za-z0-9_-]{43}$/;

/** The SHA-256 of a secret's text: what the database keeps of API tokens and Open311 keys. */
export const hashOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * Issues a new API token to an active member of staff and returns its text, which is never stored
 * and cannot be shown again; null when no active staff has the handle. Earlier tokens stay valid.
 */
export async function issueToken(db: Kysely<Database>, handle: string, now: Date): Promise<string | null> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const { rows } = await sql<{ id: string }>`
    insert into api_tokens (staff_handle, token_hash, created_at)
    select handle, ${hashOf(token)}::bytea, ${now}::timestamptz from staff where handle = ${handle} and active
    returning id`.execute(db);
  return rows.length > 0 ? token : null;
}

/**
 * The member of staff a token belongs to, when the token is well-formed, not revoked and its owner
 * still active; marks the token used. Looked up by hash, so the comparison leaks nothing about the text.
 */
export async function staffByToken(db: Kysely<Database>, token: string, now: Date): Promise<TokenStaff | null> {
  if (!TOKEN.test(token)) return null;
  const row = await db
    .updateTable('api_tokens')
    .from('staff')
    .set({ last_used_at: now })
    .whereRef('staff.handle', '=', 'api_tokens.staff_handle')
    .where('api_tokens.token_hash', '=', hashOf(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where('staff.active', '=', true)
    .returning(['staff.handle', 'staff.unit_id', 'staff.role'])
    .executeTakeFirst();
  return row ?? null;
}

/** Revokes every live token of a member of staff (a lost device, someone leaving); resolves with how many. */
export async function revokeTokens(db: Kysely<Database>, handle: string, now: Date): Promise<number> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('staff_handle', '=', handle).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
