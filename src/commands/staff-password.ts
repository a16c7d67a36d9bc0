import { createInterface } from 'node:readline';
import type { Config } from '../config.js';
import { setPassword } from '../db/repo/console-sessions.js';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../staff/passwords.js';
import { withDb } from './database.js';

/** The first line of a stream: the password, piped or typed (never an argument, which `ps` and shell history would keep). */
async function firstLine(input: NodeJS.ReadableStream): Promise<string | null> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return null;
}

/**
 * `huiyin staff password --handle H`: sets the console password of H from the first line of
 * stdin, unlocks the account and ends H's open sessions. How the first admin gets in:
 * `huiyin staff add --role admin …`, then this.
 */
export async function staffPassword(config: Config, o: { handle?: string }, input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  if (!o.handle) {
    process.stderr.write('staff password: missing --handle (the password is read from the first line of stdin)\n');
    return 2;
  }
  if (process.stdin.isTTY && input === process.stdin) process.stderr.write(`new console password for ${o.handle} (at least ${MIN_PASSWORD_LENGTH} characters), then Enter: `);
  const password = await firstLine(input);
  const problem = password === null ? 'missing' : passwordProblem(password);
  if (problem) {
    const why = { missing: 'no password on stdin', too_short: `shorter than ${MIN_PASSWORD_LENGTH} characters`, too_long: 'longer than 200 characters' }[problem];
    process.stderr.write(`staff password: refused: ${why}\n`);
    return 2;
  }
  const handle = o.handle;
  return withDb(config, async (db) => {
    if (!(await setPassword(db.db, handle, password!, new Date()))) {
      process.stderr.write(`staff password: no staff with the handle ${handle} (see huiyin staff list)\n`);
      return 2;
    }
    process.stderr.write(`console password of ${handle} set; their open sessions were ended\n`);
    return 0;
  });
}
