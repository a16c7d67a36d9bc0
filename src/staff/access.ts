import type { IdentityMode } from '../understanding/facts.js';
import type { StaffRole } from './registration.js';

/** A member of staff as the API knows them from their token. */
export interface StaffCaller {
  handle: string;
  unitId: string;
  role: StaffRole;
}

/** Whether a member of staff sees and acts on every unit's cases: the triage desk and supervisors. */
export function seesAllUnits(caller: StaffCaller, triageUnit: string): boolean {
  return caller.unitId === triageUnit || caller.role === 'supervisor';
}

/** Whether a member of staff may see and act on a case owned by `caseUnit` (null: owned by no unit yet). */
export function mayHandle(caller: StaffCaller, caseUnit: string | null, triageUnit: string): boolean {
  return seesAllUnits(caller, triageUnit) || caseUnit === caller.unitId;
}

/** Whether a member of staff may put a case under supervision (督办): the same people as over chat. */
export function maySupervise(caller: StaffCaller, triageUnit: string): boolean {
  return seesAllUnits(caller, triageUnit);
}

/**
 * Whether a member of staff may see who reported a case: supervisors only, and never for an
 * anonymous report (its contact is not stored, but its chat still leads to the person).
 */
export function seesIdentity(caller: StaffCaller, identityMode: string): boolean {
  return caller.role === 'supervisor' && identityMode !== ('anonymous' satisfies IdentityMode);
}
