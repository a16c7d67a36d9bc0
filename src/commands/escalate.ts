import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { startCore } from '../main.js';

/**
 * `huiyin escalate`: one pass of the escalation job now, for operators (and to show that two
 * instances never page twice). Prints how many subjects were paged and how many pages climbed.
 */
export async function escalateOnce(config: Config): Promise<number> {
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const core = await startCore(config, log, []);
  try {
    const r = await core.escalation.tick();
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  } finally {
    await core.close();
  }
}
