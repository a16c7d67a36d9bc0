import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { CaseStatus } from '../../cases/status.js';
import type { PublicCaseRow } from '../../open311/public.js';
import type { Database } from '../schema.js';
import { hashOf } from './api-tokens.js';

// A recognisable prefix tells a leaked key from other strings; 32 random bytes make guessing pointless.
const PREFIX = 'o311_';
const KEY = /^o311_[A-Za-z0-9_-]{43}$/;

/** An Open311 client, as a valid key names it. */
export interface Open311Client {
  id: string;
  name: string;
}

/** Issues a new api_key to a client and returns its text, which is never stored and cannot be shown again. */
export async function issueClientKey(db: Kysely<Database>, name: string, now: Date): Promise<string> {
  const key = PREFIX + randomBytes(32).toString('base64url');
  await db.insertInto('open311_clients').values({ name, key_hash: hashOf(key), created_at: now }).execute();
  return key;
}

/** Revokes every live key of a client; resolves with how many. */
export async function revokeClientKeys(db: Kysely<Database>, name: string, now: Date): Promise<number> {
  const r = await db.updateTable('open311_clients').set({ revoked_at: now }).where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The client a well-formed, unrevoked key belongs to, marking the key used; null otherwise. Looked up by hash. */
export async function clientByKey(db: Kysely<Database>, key: string, now: Date): Promise<Open311Client | null> {
  if (!KEY.test(key)) return null;
  const row = await db
    .updateTable('open311_clients')
    .set({ last_used_at: now })
    .where('key_hash', '=', hashOf(key))
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
  return row ? { id: String(row.id), name: row.name } : null;
}

/** The channel's note of one POST: who sent it and the reporter data `cases` has no column for. */
export interface Open311Submission {
  caseNumber: string;
  clientId: string;
  joined: boolean;
  email: string | null;
  accountId: string | null;
  deviceId: string | null;
  at: Date;
}

/** Records a POST against the case it opened or joined; run in the registering transaction. */
export async function recordSubmission(db: Kysely<Database>, s: Open311Submission): Promise<void> {
  await sql`insert into open311_requests (case_id, client_id, joined, contact_email, account_id, device_id, received_at)
    select id, ${s.clientId}::bigint, ${s.joined}, ${s.email}, ${s.accountId}, ${s.deviceId}, ${s.at}::timestamptz from cases where number = ${s.caseNumber}`.execute(db);
}

/** Which cases `requests.json` lists. */
export interface PublicCaseFilter {
  /** Case numbers; when given, the other criteria do not apply (the spec's rule). */
  numbers?: readonly string[];
  category?: string;
  from: Date;
  to: Date;
  statuses?: readonly CaseStatus[];
  limit: number;
}

/** The publishable columns of cases, newest first, with the case id for reading their events. */
export async function publicCases(db: Kysely<Database>, f: PublicCaseFilter): Promise<(PublicCaseRow & { id: string })[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'number', 'status', 'categories', 'subcategory', 'district_code', 'district_name', 'city', 'province', 'town', 'zone', 'lat', 'lng', 'datum', 'unit_id', 'registered_at'])
    .$if(f.numbers !== undefined, (q) => q.where('number', 'in', f.numbers as string[]))
    .$if(f.numbers === undefined, (q) =>
      q
        .where('registered_at', '>=', f.from)
        .where('registered_at', '<=', f.to)
        .$if(f.category !== undefined, (q2) => q2.where(sql<boolean>`categories[1] = ${f.category}`))
        .$if(f.statuses !== undefined, (q2) => q2.where('status', 'in', f.statuses as string[])),
    )
    .orderBy('registered_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit)
    .execute();
  return rows.map((r) => ({ ...r, id: String(r.id), status: r.status as CaseStatus, registered_at: new Date(r.registered_at) }));
}
