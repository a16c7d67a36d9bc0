import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** What an `Idempotency-Key` means now: a new request, a retry to answer as before, or a key reused for another request. */
export type KeyClaim = { kind: 'new' } | { kind: 'replay'; response: unknown } | { kind: 'reused' };

const hashOf = (request: string): Buffer => createHash('sha256').update(request, 'utf8').digest();

/**
 * Claims a staff member's idempotency key for `request` (a canonical text of what is asked) inside
 * the caller's transaction. A concurrent claim of the same key waits on the row until the first
 * transaction ends, then sees its answer: two retries racing each other act once.
 */
export async function claimKey(db: Kysely<Database>, handle: string, key: string, request: string, now: Date): Promise<KeyClaim> {
  const hash = hashOf(request);
  const claimed = await db
    .insertInto('api_requests')
    .values({ staff_handle: handle, key, request_hash: hash, created_at: now })
    .onConflict((oc) => oc.columns(['staff_handle', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed) return { kind: 'new' };
  const prior = await db.selectFrom('api_requests').select(['request_hash', 'response']).where('staff_handle', '=', handle).where('key', '=', key).executeTakeFirstOrThrow();
  return Buffer.from(prior.request_hash).equals(hash) ? { kind: 'replay', response: prior.response } : { kind: 'reused' };
}

/** Keeps the answer to a key claimed in the same transaction, for its retries. */
export async function saveAnswer(db: Kysely<Database>, handle: string, key: string, response: unknown): Promise<void> {
  await db.updateTable('api_requests').set({ response: JSON.stringify(response) }).where('staff_handle', '=', handle).where('key', '=', key).execute();
}
