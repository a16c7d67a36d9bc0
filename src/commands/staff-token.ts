import type { Config } from '../config.js';
import { issueToken, revokeTokens } from '../db/repo/api-tokens.js';
import { withDb } from './database.js';

/** The options of `huiyin staff token`, as parsed. */
export interface StaffTokenOptions {
  handle?: string;
  revoke?: boolean;
}

/**
 * `huiyin staff token --handle H`: issues a staff API token and prints it once, on stdout alone so
 * it can be piped into a secret store; the database keeps only its hash. With `--revoke`, revokes
 * every token of H instead (a lost laptop, someone leaving).
 */
export async function staffToken(config: Config, o: StaffTokenOptions): Promise<number> {
  if (!o.handle) {
    process.stderr.write('staff token: missing --handle\n');
    return 2;
  }
  const handle = o.handle;
  return withDb(config, async (db) => {
    const now = new Date();
    if (o.revoke) {
      const n = await revokeTokens(db.db, handle, now);
      process.stderr.write(`revoked ${n} token${n === 1 ? '' : 's'} of ${handle}\n`);
      return 0;
    }
    const token = await issueToken(db.db, handle, now);
    if (!token) {
      process.stderr.write(`staff token: no active staff with the handle ${handle} (see huiyin staff list)\n`);
      return 2;
    }
    process.stdout.write(`${token}\n`);
    process.stderr.write(`API token for ${handle}: it is shown only this once; send it as "Authorization: Bearer <token>"\n`);
    return 0;
  });
}
