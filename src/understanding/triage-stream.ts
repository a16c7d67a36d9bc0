import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { triageLines } from './triage.js';

/**
 * `huiyin triage`: reads `input` line by line (see `parseTriageLine` for what a line may be) and
 * writes one JSON object per complaint, in input order. Resolves with how many were written.
 */
export async function triageStream(input: Readable, output: Writable): Promise<number> {
  let n = 0;
  for await (const record of triageLines(createInterface({ input, terminal: false }))) {
    output.write(`${JSON.stringify(record)}\n`);
    n++;
  }
  return n;
}
