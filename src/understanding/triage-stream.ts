import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { triage } from './triage.js';

/**
 * `huiyin triage`: one complaint per input line, one JSON object per output line. A line that is
 * a JSON object with a `text` field (like the samples file) is read as that text; blank lines are
 * skipped. Output order follows input order.
 */
export async function triageStream(input: Readable, output: Writable): Promise<number> {
  const rl = createInterface({ input, terminal: false });
  let n = 0;
  for await (const line of rl) {
    const text = lineText(line);
    if (text === null) continue;
    output.write(`${JSON.stringify(triage(text))}\n`);
    n++;
  }
  return n;
}

/** The complaint text of one input line, or null for a blank line. */
export function lineText(line: string): string | null {
  const trimmed = line.trim();
  if (!trimmed) return null;
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === 'object' && typeof (parsed as { text?: unknown }).text === 'string') return (parsed as { text: string }).text;
    } catch {
      // Not JSON after all: triage the line as text.
    }
  }
  return trimmed;
}
