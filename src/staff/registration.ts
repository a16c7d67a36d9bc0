import type { Rosters } from '../routing/roster.js';
import type { Units } from '../routing/units.js';

/** What staff may be, as the `staff.role` check constraint allows. */
export const STAFF_ROLES = ['duty', 'chief', 'lead', 'handler', 'supervisor', 'admin'] as const;

/** One of {@link STAFF_ROLES}. */
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A new member of staff as an operator typed it, not yet checked. */
export interface StaffEntry {
  handle: string;
  name: string;
  unitId: string;
  role: string;
  channel: string;
  externalId: string;
  chatId: string;
}

/** What is wrong with an entry (it must not be saved) and what is merely worth saying. */
export interface RegistrationCheck {
  problems: string[];
  warnings: string[];
}

// The handle is what rosters.yaml names people by and what staff type in chat commands, so it is
// kept to characters that survive YAML, shells and chat clients unquoted.
const HANDLE = /^[a-z0-9][a-z0-9._-]{1,62}$/;
// Channel names are compared exactly with what adapters write (`web`, `terminal`, `telegram`), so
// `Telegram` would register someone no inbound message ever matches.
const CHANNEL = /^[a-z][a-z0-9_-]{0,31}$/;
// Account and chat ids are opaque, but whitespace in one is a paste accident, never an id.
const OPAQUE_ID = /^\S{1,200}$/;

/** Whether `role` is one of {@link STAFF_ROLES}. */
export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/** Every handle a roster pages: all shifts' escalation chains and the on-call list. */
function rosterHandles(rosters: Rosters, unitId: string): Set<string> {
  const roster = rosters.get(unitId);
  return new Set([...(roster?.shifts.flatMap((s) => s.staff) ?? []), ...(roster?.onCall ?? [])]);
}

/**
 * Checks a new member of staff against the loaded units and rosters. Problems: a malformed handle,
 * name, channel or id, an unknown unit, a role outside {@link STAFF_ROLES}. Warning: the handle
 * is in no shift or on-call list of the unit's roster, so nobody will ever page them — allowed,
 * because staff are often registered before the roster that names them is deployed. Messages
 * never repeat the account ids, which identify a person.
 */
export function checkRegistration(entry: StaffEntry, routing: { units: Units; rosters: Rosters }): RegistrationCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!HANDLE.test(entry.handle)) {
    problems.push(`handle "${entry.handle}" must be 2 to 63 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  if (entry.name.trim().length === 0) problems.push('name is empty');
  if (!routing.units.has(entry.unitId)) problems.push(`unit "${entry.unitId}" is not in units.yaml`);
  if (!isStaffRole(entry.role)) problems.push(`role "${entry.role}" is not one of ${STAFF_ROLES.join(', ')}`);
  if (!CHANNEL.test(entry.channel)) problems.push(`channel "${entry.channel}" must be a lower-case channel name such as web, terminal or telegram`);
  if (!OPAQUE_ID.test(entry.externalId)) problems.push('the account id must be 1 to 200 characters without spaces');
  if (!OPAQUE_ID.test(entry.chatId)) problems.push('the chat id must be 1 to 200 characters without spaces');

  // Only worth saying when the entry is otherwise sound: a warning about a unit that does not
  // exist would just repeat the problem.
  if (problems.length === 0 && !rosterHandles(routing.rosters, entry.unitId).has(entry.handle)) {
    const elsewhere = [...routing.rosters.keys()].filter((id) => id !== entry.unitId && rosterHandles(routing.rosters, id).has(entry.handle));
    const hint = elsewhere.length > 0 ? ` (it is in the roster of ${elsewhere.join(', ')}: is the unit right?)` : '; add the handle to rosters.yaml';
    warnings.push(`${entry.handle} is in no shift or on-call list of ${entry.unitId}, so they will never be paged${hint}`);
  }
  return { problems, warnings };
}
