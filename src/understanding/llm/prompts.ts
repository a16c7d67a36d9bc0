import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_SCHEMAS, type SchemaName } from './schemas.js';

/**
 * A prompt from `prompts/`: a plain file an operator can read and version, with a front matter
 * naming its output schema, and `# system` / `# user` sections. `{{name}}` in either section is
 * filled when the prompt is rendered.
 */
export interface Prompt {
  /** The file's `name:`; with `version` it is what each recorded call names. */
  name: string;
  version: number;
  /** The output schema the answer is validated against. */
  schema: SchemaName;
  system: string;
  user: string;
}

/**
 * The prompts Huiyin uses, one per task. `extract` and `question` are sent together, as one
 * call per message: the question's sections follow the extraction's, and the answer is one object.
 */
export const PROMPT_FILES = { extract: 'extract-facts.md', question: 'ask-missing.md', summary: 'public-summary.md' } as const;

/** A task with a prompt. */
export type PromptTask = keyof typeof PROMPT_FILES;

/** Every task's prompt, loaded. */
export type PromptSet = Record<PromptTask, Prompt>;

/** Parses one prompt file's text; throws naming `file` when it lacks a header, a section or a known schema. */
export function parsePrompt(file: string, text: string): Prompt {
  const m = /^---\n([\s\S]*?)\n---\n# system\n([\s\S]*?)\n# user\n([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'));
  if (!m) throw new Error(`${file}: expected a --- header ---, then "# system" and "# user" sections`);
  const header = Object.fromEntries(m[1]!.split('\n').map((l) => l.split(/:\s*/, 2) as [string, string]));
  const schema = header.schema;
  if (!schema || !(schema in OUTPUT_SCHEMAS)) throw new Error(`${file}: schema must be one of ${Object.keys(OUTPUT_SCHEMAS).join(', ')}`);
  const version = Number(header.version);
  if (!header.name || !Number.isInteger(version)) throw new Error(`${file}: name and an integer version are required`);
  return { name: header.name, version, schema: schema as SchemaName, system: m[2]!.trim(), user: m[3]!.trim() };
}

/** Reads the prompts from `dir` (once, at start): a broken file stops the start, not a turn. */
export function loadPrompts(dir: string): PromptSet {
  const entries = Object.entries(PROMPT_FILES).map(([task, file]) => [task, parsePrompt(file, readFileSync(join(dir, file), 'utf8'))]);
  return Object.fromEntries(entries) as PromptSet;
}

/** `template` with every `{{key}}` replaced by `values[key]` (empty when not given). */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => values[key] ?? '');
}
