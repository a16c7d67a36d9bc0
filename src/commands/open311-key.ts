import type { Config } from '../config.js';
import { issueClientKey, revokeClientKeys } from '../db/repo/open311.js';
import { withDb } from './database.js';

/** The options of `huiyin open311 key`, as parsed. */
export interface Open311KeyOptions {
  /** `add` (the default) or `revoke`. */
  action?: string;
  name?: string;
  revoke?: boolean;
}

/**
 * `huiyin open311 key add --name CLIENT`: issues an Open311 api_key to a client and prints it once,
 * on stdout alone so it can be piped into a secret store; the database keeps only its hash. With
 * `--revoke` (or `key revoke`), revokes every key of the client instead.
 */
export async function open311Key(config: Config, o: Open311KeyOptions): Promise<number> {
  const name = o.name?.trim();
  if (!name) {
    process.stderr.write('open311 key: missing --name CLIENT\n');
    return 2;
  }
  const revoke = o.revoke || o.action === 'revoke';
  if (!revoke && o.action !== undefined && o.action !== 'add') {
    process.stderr.write(`open311 key: unknown action ${o.action} (add or revoke)\n`);
    return 2;
  }
  return withDb(config, async (db) => {
    const now = new Date();
    if (revoke) {
      const n = await revokeClientKeys(db.db, name, now);
      process.stderr.write(`revoked ${n} key${n === 1 ? '' : 's'} of ${name}\n`);
      return 0;
    }
    const key = await issueClientKey(db.db, name, now);
    process.stdout.write(`${key}\n`);
    process.stderr.write(`Open311 api_key for ${name}: it is shown only this once; send it as the api_key field of POST /open311/v2/requests.json\n`);
    return 0;
  });
}
