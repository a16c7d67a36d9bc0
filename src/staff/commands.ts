import { CASE_NUMBER_PATTERN } from '../cases/number.js';

/** A staff chat command, parsed. `ref` is a case number (`HY-…`) or a conversation page (`#12`). */
export type StaffCommand = { kind: 'ack'; ref: string };

const ACK = /^\s*(?:认领|确认|ack|claim)\s*[:：]?\s*(\S+)/i;

/** Reads a staff message; null when it is no command (the reply is then the command list). */
export function parseStaffCommand(text: string): StaffCommand | null {
  const m = ACK.exec(text);
  if (!m?.[1]) return null;
  const number = CASE_NUMBER_PATTERN.exec(m[1]);
  if (number) return { kind: 'ack', ref: `HY-${number[1]}-${number[2]}` };
  const conversation = /^#?(\d{1,18})$/.exec(m[1]);
  return conversation ? { kind: 'ack', ref: `#${conversation[1]}` } : null;
}
