import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** A problem in an operator-edited configuration file, located to its file and line. */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** A configuration file parsed and validated, with a way to point at the line of any value in it. */
export interface LoadedFile<T> {
  file: string;
  value: T;
  /** `file:line` of the value at `path` (e.g. `['units', 3, 'district']`), or `file` when unknown. */
  where(path: readonly (string | number)[]): string;
}

/**
 * Reads a YAML file and validates it with `schema`. Every problem is reported as
 * `file:line: path: message`, all at once, so an operator fixes a file in one go.
 */
export function loadYamlFile<T>(file: string, schema: z.ZodType<T>): LoadedFile<T> {
  const name = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigFileError([`${name}: cannot read: ${(err as Error).message}`]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(doc.errors.map((e) => `${name}:${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`));
  }
  const where = (path: readonly (string | number)[]): string => {
    // The deepest node that exists along the path: a missing key points at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return `${name}:${lines.linePos(node.range[0]).line}`;
    }
    return name;
  };
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new ConfigFileError(parsed.error.issues.map((i) => `${where(i.path as (string | number)[])}: ${i.path.join('.') || '(top)'}: ${i.message}`));
  }
  return { file: name, value: parsed.data, where };
}
