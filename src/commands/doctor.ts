import { runDoctor } from '../doctor/run.js';
import { formatResult } from '../doctor/result.js';

/** `huiyin doctor`: one line per check (ok, warn, fail or skip, and a hint); exits 1 on any fail. */
export async function doctor(env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<number> {
  const results = await runDoctor(env, now);
  process.stdout.write(`${results.map(formatResult).join('\n')}\n`);
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
