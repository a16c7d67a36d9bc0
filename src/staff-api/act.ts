import type { Kysely } from 'kysely';
import { claimKey, saveAnswer } from '../db/repo/api-requests.js';
import { applyTo, lockCase } from '../db/repo/lifecycle.js';
import { mergeCases } from '../db/repo/repeats.js';
import type { Database } from '../db/schema.js';
import type { CaseAction } from '../cases/lifecycle.js';
import { mayHandle, maySupervise, type StaffCaller } from '../staff/access.js';
import { badRequest, KEY_REUSED, refused, type ApiAnswer } from './answers.js';
import { actionBody, caseNumber, lifecycleAction } from './bodies.js';
import type { StaffApiDeps } from './service.js';

/** An answer and the notices it queued, to wake delivery for after the commit. */
interface Done {
  answer: ApiAnswer;
  queued: string[];
}

const only = (answer: ApiAnswer): Done => ({ answer, queued: [] });

/**
 * Does one staff action on a case in one transaction with the staff member's idempotency key:
 * a retry with the same key and request gets the first answer and acts no more. What needs no
 * case (shape, unit, supervisor) is checked before, and answered without keeping the key.
 */
export async function act(deps: StaffApiDeps, caller: StaffCaller, numberParam: string, body: unknown, key: string | null): Promise<ApiAnswer> {
  const number = caseNumber.safeParse(numberParam);
  if (!number.success) return refused('not_found', numberParam, 'not_found');
  const parsed = actionBody.safeParse(body);
  if (!parsed.success) return badRequest(parsed.error.issues);
  const b = parsed.data;
  const from = number.data;
  if (b.action === 'forward' && !deps.lifecycle.units.has(b.to)) return refused('bad_request', b.to, 'unknown_unit');
  if (b.action === 'merge' && b.into === from) return badRequest([{ path: ['into'], code: 'custom', message: 'must be another case' }]);
  if (b.action === 'supervise' && !maySupervise(caller, deps.triageUnit)) return refused('forbidden', from, 'not_supervisor');
  const now = deps.clock();
  const done = await deps.db.transaction().execute(async (trx): Promise<Done> => {
    if (key) {
      const claim = await claimKey(trx, caller.handle, key, JSON.stringify([from, b]), now);
      if (claim.kind === 'replay') return only(claim.response as ApiAnswer);
      if (claim.kind === 'reused') return only(KEY_REUSED);
    }
    const result = b.action === 'merge' ? await merge(trx, deps, caller, from, b.into, now) : await apply(trx, deps, caller, from, lifecycleAction(b), now);
    if (key) await saveAnswer(trx, caller.handle, key, result.answer);
    return result;
  });
  if (done.queued.length > 0) deps.kick();
  return done.answer;
}

async function apply(db: Kysely<Database>, deps: StaffApiDeps, caller: StaffCaller, number: string, action: CaseAction, now: Date): Promise<Done> {
  const c = await lockCase(db, number);
  if (!c) return only(refused('not_found', number, 'not_found'));
  if (!mayHandle(caller, c.unitId, deps.triageUnit)) return only(refused('forbidden', number, 'other_unit'));
  const applied = await applyTo(db, c, action, `staff:${caller.handle}`, now, deps.lifecycle);
  if (!applied.ok) return only(refused(applied.why === 'not_found' ? 'not_found' : 'conflict', number, applied.why));
  const d = applied.decision;
  return { answer: { kind: 'ok', body: { number, status: d.status, unit: d.unitId, supervised: d.supervised, notices: applied.outboxIds } }, queued: applied.outboxIds };
}

/** Merges `from` into `into`; both must be the caller's to handle. Locked in number order, as `mergeCases` locks them. */
async function merge(db: Kysely<Database>, deps: StaffApiDeps, caller: StaffCaller, from: string, into: string, now: Date): Promise<Done> {
  const rows = await db.selectFrom('cases').select(['number', 'unit_id']).where('number', 'in', [from, into]).orderBy('number').forUpdate().execute();
  for (const ref of [from, into]) {
    const row = rows.find((r) => r.number === ref);
    if (!row) return only(refused('not_found', ref, 'not_found'));
    if (!mayHandle(caller, row.unit_id, deps.triageUnit)) return only(refused('forbidden', ref, 'other_unit'));
  }
  const merged = await mergeCases(db, from, into, `staff:${caller.handle}`, now, deps.lifecycle);
  if (!merged.ok) return only(refused(merged.why === 'not_found' ? 'not_found' : 'conflict', from, merged.why));
  return { answer: { kind: 'ok', body: { number: from, status: 'closed', merged_into: into, notices: merged.outboxIds } }, queued: merged.outboxIds };
}
