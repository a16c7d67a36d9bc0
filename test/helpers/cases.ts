import { loadCaseRules } from '../../src/cases/rules.js';
import type { CaseAction } from '../../src/cases/lifecycle.js';
import { applyAction, type LifecycleDeps } from '../../src/db/repo/lifecycle.js';
import type { Db } from '../../src/db/connect.js';
import { loadRouting } from '../../src/routing/load.js';

/** The lifecycle settings of the shipped configuration, in Chengdu's time. */
export function shippedLifecycle(): LifecycleDeps {
  const routing = loadRouting('config');
  return { policy: loadCaseRules('config').clocks, calendar: routing.calendar, timeZone: 'Asia/Shanghai', units: routing.units };
}

/** A case as a test files it: where, what, when, and who reported it. */
export interface TestCase {
  number: string;
  registeredAt: Date;
  categories: string[];
  city?: string | null;
  province?: string | null;
  district?: string | null;
  town?: string | null;
  zone?: string | null;
  unitId?: string;
  description?: string;
  target?: string | null;
  placeText?: string | null;
  demand?: string | null;
  identity?: 'anonymous' | 'confidential' | 'real_name';
  contactName?: string | null;
  contactPhone?: string | null;
}

let reporters = 0;

/**
 * Files a case as the intake does — a reporter, the case row, its `registered` and `routed`
 * events and the reporter following it — so the real lifecycle can act on it afterwards.
 */
export async function fileCase(db: Db, c: TestCase): Promise<string> {
  const reporter = await db.db
    .insertInto('reporters')
    .values({ channel: 'test', external_id: `reporter-${c.number}-${++reporters}`, created_at: c.registeredAt, contact_name: c.contactName ?? null, contact_phone: c.contactPhone ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db.db
    .insertInto('cases')
    .values({
      number: c.number,
      status: 'registered',
      reporter_id: reporter.id,
      channel: 'test',
      categories: c.categories,
      subcategory: null,
      description: c.description ?? '工厂排放异味',
      target: c.target ?? null,
      place_text: c.placeText ?? null,
      district_code: null,
      district_name: c.district ?? null,
      city: c.city === undefined ? '成都市' : c.city,
      province: c.province === undefined ? '四川省' : c.province,
      town: c.town ?? null,
      zone: c.zone ?? null,
      lat: null,
      lng: null,
      datum: null,
      time_text: null,
      night: false,
      urgent: false,
      repeat: false,
      evidence: '[]',
      demand: c.demand ?? null,
      identity_mode: c.identity ?? 'anonymous',
      contact_name: c.contactName ?? null,
      contact_phone: c.contactPhone ?? null,
      lang: 'zh',
      registered_at: c.registeredAt,
      unit_id: c.unitId ?? 'cd-city-eeb',
      routing_rule: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.db
    .insertInto('case_events')
    .values([
      { case_id: row.id, at: c.registeredAt, actor: 'reporter:test', type: 'registered', data: JSON.stringify({ number: c.number }) },
      { case_id: row.id, at: c.registeredAt, actor: 'system:routing', type: 'routed', data: JSON.stringify({ unit: c.unitId ?? 'cd-city-eeb' }) },
    ])
    .execute();
  await db.db.insertInto('case_reporters').values({ case_id: row.id, reporter_id: reporter.id, role: 'reporter', joined_at: c.registeredAt }).execute();
  return row.id;
}

/** Applies lifecycle actions to a case at the given moments, through the real lifecycle; throws on a refusal. */
export async function act(db: Db, lifecycle: LifecycleDeps, number: string, steps: [CaseAction, Date][]): Promise<void> {
  for (const [action, at] of steps) {
    const r = await db.db.transaction().execute((trx) => applyAction(trx, number, action, 'staff:test', at, lifecycle));
    if (!r.ok) throw new Error(`${number}: ${action.kind} refused: ${r.why}`);
  }
}

/** The instant of a local Chengdu wall-clock time, e.g. `at('2026-11-20 10:00')`. */
export function at(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}
