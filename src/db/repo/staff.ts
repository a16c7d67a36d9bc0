import type { Kysely, Selectable } from 'kysely';
import type { Database, StaffTable } from '../schema.js';

/** A staff row as read. `external_id` and `chat_id` identify a person's account: never print them whole. */
export type Staff = Selectable<StaffTable>;

/** A member of staff to register. */
export interface NewStaff {
  handle: string;
  name: string;
  unitId: string;
  role: StaffTable['role'];
  channel: string;
  /** The person's account on the channel (a Telegram user id, a WeChat openid…). */
  externalId: string;
  /** Where pages to them are sent; on most channels a private chat has the account's own id. */
  chatId: string;
}

/** Which unique key a new staff row collided with. */
export type StaffConflict = 'handle' | 'identity';

/** Thrown by {@link addStaff} when the handle, or the channel account, is already registered. */
export class StaffExistsError extends Error {
  constructor(readonly conflict: StaffConflict, message: string) {
    super(message);
    this.name = 'StaffExistsError';
  }
}

// The constraint names migration 003 gives the two unique keys (the handle's is PostgreSQL's default).
const CONFLICTS: Record<string, StaffConflict> = { staff_handle_key: 'handle', staff_channel_external_id: 'identity' };
const UNIQUE_VIOLATION = '23505';

/**
 * Registers a member of staff, active. A handle or a channel account that is already registered
 * throws {@link StaffExistsError}. The unique constraints decide, not a prior select, so two
 * registrations racing each other cannot both succeed; the message leaves the account id out
 * because the driver's raw detail would print it whole.
 */
export async function addStaff(db: Kysely<Database>, s: NewStaff): Promise<Staff> {
  try {
    return await db
      .insertInto('staff')
      .values({ handle: s.handle, name: s.name, unit_id: s.unitId, role: s.role, channel: s.channel, external_id: s.externalId, chat_id: s.chatId })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    const { code, constraint } = err as { code?: string; constraint?: string };
    const conflict = code === UNIQUE_VIOLATION && constraint ? CONFLICTS[constraint] : undefined;
    if (conflict === 'handle') throw new StaffExistsError(conflict, `the handle ${s.handle} is already registered`);
    if (conflict === 'identity') throw new StaffExistsError(conflict, `this ${s.channel} account is already registered to another member of staff`);
    throw err;
  }
}

/**
 * The member of staff behind a channel account, or undefined. Inactive staff are returned too, so
 * a caller granting rights over cases must check `active` itself.
 */
export async function staffByIdentity(db: Kysely<Database>, channel: string, externalId: string): Promise<Staff | undefined> {
  return db.selectFrom('staff').selectAll().where('channel', '=', channel).where('external_id', '=', externalId).executeTakeFirst();
}

/** The member of staff with this roster handle, or undefined; inactive staff included (check `active`). */
export async function staffByHandle(db: Kysely<Database>, handle: string): Promise<Staff | undefined> {
  return db.selectFrom('staff').selectAll().where('handle', '=', handle).executeTakeFirst();
}

/** Every member of staff, or those of one unit, ordered by unit then handle; inactive staff included. */
export async function listStaff(db: Kysely<Database>, unitId?: string): Promise<Staff[]> {
  let q = db.selectFrom('staff').selectAll();
  if (unitId !== undefined) q = q.where('unit_id', '=', unitId);
  return q.orderBy('unit_id').orderBy('handle').execute();
}
