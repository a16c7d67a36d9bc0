import { z } from 'zod';
import { loadYamlFile } from '../config-files/yaml.js';
import { addDays, localTime, type Calendar } from './calendar.js';
import { onDuty, type Rosters } from './roster.js';

/** Why someone is paged. */
export const PAGE_REASONS = ['urgent', 'human', 'not_understood', 'overdue'] as const;

/** Why someone is paged. */
export type PageReason = (typeof PAGE_REASONS)[number];

const deadline = z.union([z.number().int().min(1).max(7 * 24 * 60), z.literal('next_working_day')]);
const fileSchema = z.object({ ack: z.object({ urgent: deadline, human: deadline, not_understood: deadline, overdue: deadline }).strict() }).strict();

/** How long each kind of page may wait for an acknowledgement. */
export interface EscalationPolicy {
  ack: Record<PageReason, number | 'next_working_day'>;
}

/** Loads `config/escalation.yaml`; throws ConfigFileError with file and line. */
export function loadEscalation(file: string): EscalationPolicy {
  return loadYamlFile(file, fileSchema).value;
}

const NINE_AM = 9 * 60;

/** When a page sent at `sentAt` must be acknowledged by, before it climbs. */
export function ackDueAt(policy: EscalationPolicy, reason: PageReason, sentAt: Date, calendar: Calendar, timeZone: string): Date {
  const rule = policy.ack[reason];
  if (rule !== 'next_working_day') return new Date(sentAt.getTime() + rule * 60_000);
  let day = localTime(sentAt, timeZone).date;
  do day = addDays(day, 1);
  while (calendar.dayKind(day) !== 'workday');
  return atLocal(day, NINE_AM, timeZone);
}

/** The instant a local wall-clock time happens in `timeZone` (one pass: zones here have no DST). */
function atLocal(day: string, minute: number, timeZone: string): Date {
  const asUtc = Date.parse(`${day}T00:00:00Z`) + minute * 60_000;
  const seen = localTime(new Date(asUtc), timeZone);
  const offset = Date.parse(`${seen.date}T00:00:00Z`) + seen.minute * 60_000 - asUtc;
  return new Date(asUtc - offset);
}

/**
 * Who to page for a unit at `level` (0 = duty officer) at instant `at`: the on-duty shift's chain
 * (or the on-call list), or null when the chain has no one at that level.
 */
export function pageTarget(rosters: Rosters, calendar: Calendar, unitId: string, level: number, at: Date, timeZone: string): string | null {
  return onDuty(rosters, calendar, unitId, at, timeZone)?.staff[level] ?? null;
}
