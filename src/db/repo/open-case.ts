import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CaseFields } from '../case-fields.js';
import type { Database } from '../schema.js';

/** A case to open: its columns, number, owner and audit actor. Chat turns and direct reports both build one. */
export interface CaseToOpen {
  number: string;
  fields: CaseFields;
  /** The unit routing chose, and the rule that chose it. */
  route: { unitId: string; rule: string };
  channel: string;
  at: Date;
  actor: string;
  /** Contact to remember on the reporter (non-anonymous reports only). */
  rememberContact: { identity_mode: string; contact_name: string | null; contact_phone: string | null } | null;
}

/**
 * The common table expressions that open a case, for a statement that may hold more: the `cases`
 * row (as `c`), its `registered` and `routed` audit events, the reporter following it, and the
 * contact remembered on the reporter. Nothing is written unless `guard` is true, so a chat turn
 * whose conversation moved on opens nothing. `registered` is the data of the first audit event
 * (where the report came from). One definition, so a case opened from chat and one opened over
 * an API are the same rows.
 */
export function openCaseCtes(c: CaseToOpen, reporterId: string, registered: Record<string, unknown>, guard: RawBuilder<unknown>): RawBuilder<unknown>[] {
  // The columns come from the case fields themselves, so the statement follows CaseFields.
  const row = {
    ...c.fields,
    number: c.number,
    reporter_id: reporterId,
    channel: c.channel,
    registered_at: c.at.toISOString(),
    unit_id: c.route.unitId,
    routing_rule: c.route.rule,
  };
  const cols = sql.join(Object.keys(row).map((k) => sql.ref(k)));
  const picks = sql.join(Object.keys(row).map((k) => sql.ref(`v.${k}`)));
  const routed = JSON.stringify({ unit: c.route.unitId, rule: c.route.rule });
  const parts = [
    sql`c as (
      insert into cases (${cols})
      select ${picks} from jsonb_populate_record(null::cases, ${JSON.stringify(row)}::jsonb) v
      where ${guard}
      returning id
    )`,
    sql`e as (
      insert into case_events (case_id, at, actor, type, data)
      select c.id, ${c.at}::timestamptz, ${c.actor}, 'registered', ${JSON.stringify(registered)}::jsonb from c
      union all
      select c.id, ${c.at}::timestamptz, 'system:routing', 'routed', ${routed}::jsonb from c
    )`,
    // The reporter follows their case: every status change is pushed to their chat, if they have one.
    sql`f as (
      insert into case_reporters (case_id, reporter_id, role, joined_at)
      select c.id, ${reporterId}::bigint, 'reporter', ${c.at}::timestamptz from c
    )`,
  ];
  if (c.rememberContact) {
    const k = c.rememberContact;
    parts.push(sql`k as (
      update reporters set identity_mode = ${k.identity_mode}, contact_name = ${k.contact_name}, contact_phone = ${k.contact_phone}
      where id = ${reporterId} and ${guard}
    )`);
  }
  return parts;
}

/** Opens a case on its own (a report that arrived whole, not through a chat turn); resolves with its id. */
export async function insertCase(db: Kysely<Database>, c: CaseToOpen, reporterId: string, registered: Record<string, unknown>): Promise<string> {
  const { rows } = await sql<{ case_id: string }>`
    with ${sql.join(openCaseCtes(c, reporterId, registered, sql`true`))}
    select (select id from c) as case_id`.execute(db);
  const id = rows[0]?.case_id;
  if (!id) throw new Error(`case ${c.number} was not inserted`);
  return String(id);
}

/**
 * The reporter a report comes from, created on first sight: one row per (channel, external id),
 * as chat reporters are. Resolves with its id.
 */
export async function upsertReporter(db: Kysely<Database>, channel: string, externalId: string, lang: string, now: Date): Promise<string> {
  const row = await db
    .insertInto('reporters')
    .values({ channel, external_id: externalId, lang, last_inbound_at: now, created_at: now })
    .onConflict((oc) => oc.columns(['channel', 'external_id']).doUpdateSet({ last_inbound_at: now }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}
