import type { Finding } from '../cases/lifecycle.js';
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
  | { kind: 'reject'; ref: string; body: string; reason: string }
  | { kind: 'accept'; ref: string }
  | { kind: 'send_back'; ref: string; reason: string }
  | { kind: 'start'; ref: string }
  | { kind: 'extend'; ref: string; days: number; reason: string }
  | { kind: 'answer'; ref: string; finding: Finding; action: string }
  | { kind: 'supervise'; ref: string; reason: string }
  | { kind: 'merge'; ref: string; into: string };

/** Command words, Chinese first, with English aliases; the argument shapes follow each kind. */
const VERBS: [RegExp, StaffCommand['kind']][] = [
  [/^(?:认领|ack)$/i, 'ack'],
  [/^(?:接管|claim)$/i, 'claim'],
  [/^(?:释放|结束|release)$/i, 'release'],
  [/^(?:回复|reply)$/i, 'reply'],
  [/^(?:转办|forward)$/i, 'forward'],
  [/^(?:不予受理|reject)$/i, 'reject'],
  [/^(?:受理|accept)$/i, 'accept'],
  [/^(?:退回|sendback|send-back)$/i, 'send_back'],
  [/^(?:办理|start)$/i, 'start'],
  [/^(?:延期|extend)$/i, 'extend'],
  [/^(?:办结|answer)$/i, 'answer'],
  [/^(?:督办|supervise)$/i, 'supervise'],
  [/^(?:合并|merge)$/i, 'merge'],
];

/** Finding words, Chinese and English; the longer Chinese ones first so 部分属实 is not read as 属实. */
const FINDING_WORDS: [RegExp, Finding][] = [
  [/^(?:部分属实|partly(?:[_-]true)?)$/i, 'partly_true'],
  [/^(?:基本属实|basically(?:[_-]true)?)$/i, 'basically_true'],
  [/^(?:不属实|untrue|false)$/i, 'untrue'],
  [/^(?:属实|true)$/i, 'true'],
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
 * `不予受理 REF 去向 理由`, `受理 REF`, `退回 REF 理由`, `办理 REF`, `延期 REF 天数 理由`,
 * `办结 REF 结论 处理情况`, `督办 REF 理由`, `合并 REF 并入REF` (or the English verbs). Null when it
 * is no complete command; the caller answers with the list.
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
    case 'accept':
    case 'start':
      return { kind, ref };
    case 'send_back':
    case 'supervise':
      return rest.length > 0 ? { kind, ref, reason: rest.join(' ') } : null;
    case 'extend': {
      const days = /^\d{1,3}$/.test(first) ? Number(first) : NaN;
      return Number.isInteger(days) && tail.length > 0 ? { kind, ref, days, reason: tail.join(' ') } : null;
    }
    case 'answer': {
      const finding = FINDING_WORDS.find(([re]) => re.test(first))?.[1];
      return finding && tail.length > 0 ? { kind, ref, finding, action: tail.join(' ') } : null;
    }
    case 'merge': {
      const into = parseRef(first);
      return into?.startsWith('HY-') && ref.startsWith('HY-') ? { kind, ref, into } : null;
    }
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
