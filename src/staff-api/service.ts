import type { Kysely } from 'kysely';
import { staffByToken } from '../db/repo/api-tokens.js';
import type { LifecycleDeps } from '../db/repo/lifecycle.js';
import type { Database } from '../db/schema.js';
import type { StaffCaller } from '../staff/access.js';
import { act } from './act.js';
import type { ApiAnswer } from './answers.js';
import { listForStaff, viewForStaff } from './read.js';

/** What the staff API needs from the core. */
export interface StaffApiDeps {
  db: Kysely<Database>;
  lifecycle: LifecycleDeps;
  /** The triage desk's unit (the routing table's fallback): it sees and acts on every case. */
  triageUnit: string;
  /** Wakes delivery once notices were queued and committed. */
  kick(): void;
  clock(): Date;
}

/**
 * The staff API's use cases, free of HTTP: who a token is, the cases they may see, one case, and
 * actions on it. Bodies and queries arrive unchecked and are validated here, where the lifecycle's
 * vocabulary (statuses, findings, units) is known.
 */
export class StaffApi {
  constructor(private readonly deps: StaffApiDeps) {}

  /** The member of staff behind a bearer token; null when it is unknown, revoked or theirs no longer. */
  async authenticate(token: string): Promise<StaffCaller | null> {
    const s = await staffByToken(this.deps.db, token, this.deps.clock());
    return s ? { handle: s.handle, unitId: s.unit_id, role: s.role } : null;
  }

  /** `GET /cases`: the caller's cases with their next deadline. */
  listCases(caller: StaffCaller, query: unknown): Promise<ApiAnswer> {
    return listForStaff(this.deps, caller, query);
  }

  /** `GET /cases/:number`: one case, its timeline and clocks; the reporter too when `reveal` and the caller may know. */
  viewCase(caller: StaffCaller, number: string, reveal = true): Promise<ApiAnswer> {
    return viewForStaff(this.deps, caller, number, reveal);
  }

  /** `POST /cases/:number/actions`: one lifecycle action or a merge, once per idempotency key. */
  act(caller: StaffCaller, number: string, body: unknown, idempotencyKey: string | null): Promise<ApiAnswer> {
    return act(this.deps, caller, number, body, idempotencyKey);
  }
}
