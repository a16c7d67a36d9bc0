import { caseClocks, type CaseClocks, type ClockPolicy } from '../cases/clocks.js';
import { clockEvents, type LifecycleEvent } from '../cases/lifecycle.js';
import { OPEN_STATUSES, type CaseStatus } from '../cases/status.js';
import { maskPhonesIn } from '../privacy/mask.js';
import type { Calendar } from '../routing/calendar.js';

/** A `case_events` row as staff read it in a case's timeline. */
export interface TimelineEntry extends LifecycleEvent {
  reason: string | null;
}

// Event data that leads to a reporter: their id, the channel and chat they wrote from, the
// platform's message id (which the platform maps to the account), and any contact.
const IDENTITY_KEYS: ReadonlySet<string> = new Set(['reporter', 'reporter_id', 'channel', 'chat_id', 'message_id', 'user_id', 'external_id', 'contact_name', 'contact_phone']);

/** Free text with every mobile number masked: reporters sometimes type theirs into the complaint. */
export function withoutPhones(text: string | null): string | null {
  return text === null ? null : maskPhonesIn(text);
}

/**
 * A timeline entry for staff who may not know who reported: a reporter acting is "reporter",
 * never which one, identifying data is left out and phone numbers in texts are masked.
 */
export function redactEntry(e: TimelineEntry): TimelineEntry {
  const data = Object.fromEntries(
    Object.entries(e.data)
      .filter(([k]) => !IDENTITY_KEYS.has(k))
      .map(([k, v]) => [k, typeof v === 'string' ? maskPhonesIn(v) : v]),
  );
  return { type: e.type, at: e.at, actor: e.actor.startsWith('reporter:') ? 'reporter' : e.actor, reason: withoutPhones(e.reason), data };
}

/** What reading a case's clocks needs. */
export interface ClockSettings {
  policy: ClockPolicy;
  calendar: Calendar;
  timeZone: string;
}

/**
 * The clocks staff work against. A closed or not-accepted case owes staff nothing: a case merged
 * before acceptance would otherwise show its acceptance clock running forever.
 */
export function staffClocks(status: CaseStatus, events: readonly LifecycleEvent[], s: ClockSettings, now: Date): CaseClocks {
  const clocks = caseClocks(clockEvents(events), s.policy, s.calendar, s.timeZone, now);
  return OPEN_STATUSES.includes(status) ? clocks : { ...clocks, running: [] };
}

/**
 * What a reporter or the bot wrote, for staff who may not know who reported: the contact the
 * reporter gave (their name and number, wherever they appear — the bot repeats them back before
 * the report is sent) and every other mobile number masked.
 */
export function withoutContact(text: string, contact: { name: string | null; phone: string | null }): string {
  let out = text;
  for (const known of [contact.phone, contact.name]) {
    // A one-character "name" would mask every occurrence of a common character.
    if (known && known.trim().length >= 2) out = out.split(known.trim()).join('*'.repeat(known.trim().length));
  }
  return maskPhonesIn(out);
}
