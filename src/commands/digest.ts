import { join } from 'node:path';
import type { Config } from '../config.js';
import { loadDigestConfig } from '../disclosure/config.js';
import { createLogger } from '../log.js';
import { startCore } from '../main.js';
import { checkPeriod } from '../reports/period.js';

const USAGE = 'usage: huiyin digest --city NAME | --province NAME --from YYYY-MM-DD --to YYYY-MM-DD';

/**
 * `huiyin digest`: publishes one city's or the province's digest for the given days now, into the
 * public folder (the same files the schedule writes, without the Telegram announcement), and
 * prints the paths. Bad or missing arguments exit 2 before the database is opened.
 */
export async function digestCommand(config: Config, args: { city?: string; province?: string; from?: string; to?: string }): Promise<number> {
  const fail = (problem: string): number => {
    process.stderr.write(`digest: ${problem}\n${USAGE}\n`);
    return 2;
  };
  if ((args.city === undefined) === (args.province === undefined)) return fail('give either --city or --province');
  const period = checkPeriod(args.from, args.to);
  if (!period.ok) return fail(period.problem);
  const digests = loadDigestConfig(join(config.configDir, 'digests.yaml'));
  const kind = args.city !== undefined ? 'city' : 'province';
  const name = args.city ?? args.province ?? '';
  const known = kind === 'city' ? digests.cities.map((c) => c.name) : [digests.province.name];
  if (!known.includes(name)) return fail(`unknown ${kind} "${name}" (config/digests.yaml has: ${known.join(', ')})`);
  const core = await startCore(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel), []);
  try {
    const files = await core.digests.publish(core.digests.scope(kind, name)!, period.period);
    process.stdout.write(`${Object.values(files).map((f) => join(config.publicDir, f)).join('\n')}\n`);
    return 0;
  } finally {
    await core.close();
  }
}
