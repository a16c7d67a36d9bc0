import { CASE_NUMBER_PATTERN } from '../cases/number.js';

/**
 * A staff chat command, parsed. `ref` is a case number (`HY-…`) or a conversation (`#12`), as
 * pages show them.
 */
export type StaffCommand =
  | { kind: 'ack'; ref: string }
  | { kind: 'claim'; ref: string }
  | { kind: 'release'; ref: string }
  | { kind: 'reply'; ref: string; text: string }
  | { kind: 'forward'; ref: string; unit: string; reason: string }
  | { kind: 'reject'; ref: string; body: string; reason: string };

/** Command words, Chinese first, with English aliases; the argument shapes follow each kind. */
const VERBS: [RegExp, StaffCommand['kind']][] = [
  [/^(?:认领|ack)$/i, 'ack'],
  [/^(?:接管|claim)$/i, 'claim'],
  [/^(?:释放|结束|release)$/i, 'release'],
  [/^(?:回复|reply)$/i, 'reply'],
  [/^(?:转办|forward)$/i, 'forward'],
  [/^(?:不予受理|reject)$/i, 'reject'],
];

/** A case number or `#<conversation id>` as staff may type it, normalised; null when neither. */
export function parseRef(token: string): string | null {
  const number = CASE_NUMBER_PATTERN.exec(token);
  if (number) return `HY-${number[1]}-${number[2]}`;
  const conversation = /^#?(\d{1,18})$/.exec(token);
  return conversation ? `#${conversation[1]}` : null;
}

/**
 * Reads a staff message: `认领 REF`, `接管 REF`, `释放 REF`, `回复 REF 内容`, `转办 REF 单位 理由`,
 * `不予受理 REF 去向 理由` (or ack / claim / release / reply / forward / reject). Null when it is no
 * complete command; the caller answers with the list.
 */
export function parseStaffCommand(text: string): StaffCommand | null {
  const [verb = '', refToken = '', ...rest] = text.trim().split(/\s+/);
  const kind = VERBS.find(([re]) => re.test(verb))?.[1];
  const ref = parseRef(refToken);
  if (!kind || !ref) return null;
  const [first = '', ...tail] = rest;
  switch (kind) {
    case 'ack':
    case 'claim':
    case 'release':
      return { kind, ref };
    case 'reply':
      return rest.length > 0 ? { kind, ref, text: rest.join(' ') } : null;
    case 'forward':
      return first && tail.length > 0 ? { kind, ref, unit: first, reason: tail.join(' ') } : null;
    case 'reject':
      return first && tail.length > 0 ? { kind, ref, body: first, reason: tail.join(' ') } : null;
  }
}

/**
 * Whether a citizen's message is plainly a staff command (with a case number or `#n`), so the
 * attempt can be refused and logged; "回复 1" from a citizen answering a question is not.
 */
export function looksLikeStaffCommand(text: string): boolean {
  const c = parseStaffCommand(text);
  return c !== null && (c.ref.startsWith('HY-') || /#\d/.test(text));
}
