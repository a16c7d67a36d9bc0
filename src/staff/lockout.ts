/** How many wrong passwords in a row lock an account, and for how long. */
export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

/** Five tries, then fifteen minutes: enough for typos, far too few for guessing. */
export const LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };

/** An account's login record as the lockout rule reads it. */
export interface LoginRecord {
  failedLogins: number;
  lockedUntil: Date | null;
}

/** Whether the account refuses every attempt at `now`, right or wrong. */
export function isLocked(r: LoginRecord, now: Date): boolean {
  return r.lockedUntil !== null && r.lockedUntil > now;
}

/** The record after a wrong password: counted, and locked when the count reaches the limit. */
export function afterFailure(r: LoginRecord, now: Date, policy: LockoutPolicy = LOCKOUT): LoginRecord {
  // A lock that has run out starts a fresh count.
  const failures = (r.lockedUntil !== null && r.lockedUntil <= now ? 0 : r.failedLogins) + 1;
  return failures >= policy.maxFailures ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockMs) } : { failedLogins: failures, lockedUntil: null };
}
