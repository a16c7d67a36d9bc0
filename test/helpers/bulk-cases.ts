import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { addDays } from '../../src/routing/calendar.js';
import type { StatsCounts } from '../../src/reports/case-stats.js';

/** Chengdu districts with one of their towns, for generated cases. */
export const BULK_PLACES: [string, string][] = [
  ['锦江区', '书院街街道'],
  ['青羊区', '少城街道'],
  ['金牛区', '荷花池街道'],
  ['武侯区', '玉林街道'],
  ['成华区', '猛追湾街道'],
  ['郫都区', '犀浦街道'],
  ['双流区', '东升街道'],
  ['温江区', '柳城街道'],
  ['新都区', '大丰街道'],
  ['龙泉驿区', '龙泉街道'],
];

/** Category sets of generated cases; the fourth has two categories. */
export const BULK_CATEGORIES: string[][] = [['air'], ['noise'], ['water'], ['air', 'noise'], ['solid_waste'], ['ecology'], ['air']];

/**
 * What happens to generated case i, by i % 10, in days after its registration (10:00 local):
 * 0 nothing; 1 not accepted (+1); 2 accepted (+1); 3 accepted, in progress (+1, +2);
 * 4–6 accepted, answered (+10), rated and closed (+12); 7 answered late (+75), closed (+76);
 * 8 extended 30 days (+30), answered (+80, within the 90), closed (+81); 9 answered (+10), unrated.
 */
const FATES: [string, number, Record<string, unknown>][][] = [
  [],
  [['not_accepted', 1, { body: '城管部门' }]],
  [['accepted', 1, {}]],
  [['accepted', 1, {}], ['in_progress', 2, {}]],
  ...Array.from({ length: 3 }, (): [string, number, Record<string, unknown>][] => [['accepted', 1, {}], ['answered', 10, { finding: 'true', action: '已责令整改', final: false }], ['rated', 12, { rating: 'satisfied' }], ['closed', 12, { why: 'rated' }]]),
  [['accepted', 1, {}], ['answered', 75, { finding: 'partly_true', action: '已立案查处', final: false }], ['rated', 76, { rating: 'basically_satisfied' }], ['closed', 76, { why: 'rated' }]],
  [['accepted', 1, {}], ['extended', 30, { days: 30 }], ['answered', 80, { finding: 'untrue', action: '经监测达标', final: false }], ['rated', 81, { rating: 'satisfied' }], ['closed', 81, { why: 'rated' }]],
  [['accepted', 1, {}], ['answered', 10, { finding: 'basically_true', action: '已督促整改', final: false }]],
];
const STATUS = ['registered', 'not_accepted', 'accepted', 'in_progress', 'closed', 'closed', 'closed', 'closed', 'closed', 'answered'];

/**
 * Inserts `n` Chengdu cases registered over `days` days from `from` (local), with their events,
 * in a few set-based statements. Resolves with the counts `caseStats` must give for that period
 * when counted at least 76 days after its end (then fates 0, 2 and 3 are overdue; 4–6, 8 and 9
 * were answered on time; 7 late), and how many cases were closed within the period.
 */
export async function insertBulkCases(db: Kysely<Database>, n: number, from: string, days: number, timeZone = 'Asia/Shanghai'): Promise<{ totals: StatsCounts; closedInPeriod: number }> {
  const reporter = await db.insertInto('reporters').values({ channel: 'bulk', external_id: `bulk-${from}-${n}` }).returning('id').executeTakeFirstOrThrow();
  const places = sql.join(BULK_PLACES.map(([d, t], i) => sql`(${i}::int, ${d}::text, ${t}::text)`));
  const cats = sql.join(BULK_CATEGORIES.map((c, i) => sql`(${i}::int, ${`{${c.join(',')}}`}::text[])`));
  const statuses = sql.join(STATUS.map((s, i) => sql`(${i}::int, ${s}::text)`));
  await sql`
    insert into cases (number, status, reporter_id, channel, categories, description, district_name, city, province, town, evidence, identity_mode, lang, registered_at, unit_id, night, urgent, repeat)
    select 'HY-' || to_char(cast(${from} as date) + (i % ${days}::int), 'YYYYMMDD') || '-' || lpad(i::text, 6, '0'), s.status, ${reporter.id}::bigint, 'bulk', c.cats, '生成的投诉', p.district, '成都市', '四川省', p.town, '[]'::jsonb, 'anonymous', 'zh',
      ((cast(${from} as date) + (i % ${days}::int))::timestamp + interval '10 hours') at time zone ${timeZone}, 'cd-city-eeb', false, false, false
    from generate_series(0, ${n - 1}::int) i
    join (values ${places}) p(k, district, town) on p.k = i % ${BULK_PLACES.length}
    join (values ${cats}) c(k, cats) on c.k = i % ${BULK_CATEGORIES.length}
    join (values ${statuses}) s(k, status) on s.k = i % 10`.execute(db);
  // One statement per step, in the order the steps happen, so each case's events keep their order in `id`.
  await sql`insert into case_events (case_id, at, actor, type, data) select id, registered_at, 'reporter:bulk', 'registered', '{}'::jsonb from cases where channel = 'bulk' order by id`.execute(db);
  const seq = (number: string) => sql`(substring(${sql.ref(number)} from 13)::int % 10)`;
  for (let step = 0; step < Math.max(...FATES.map((f) => f.length)); step++) {
    const rows = FATES.flatMap((f, fate) => (f[step] ? [sql`(${fate}::int, ${f[step]![0]}::text, ${f[step]![1]}::int, ${JSON.stringify(f[step]![2])}::jsonb)`] : []));
    if (rows.length === 0) continue;
    await sql`
      insert into case_events (case_id, at, actor, type, data)
      select c.id, c.registered_at + make_interval(days => f.after), 'staff:bulk', f.type, f.data
      from cases c join (values ${sql.join(rows)}) f(fate, type, after, data) on f.fate = ${seq('c.number')}
      where c.channel = 'bulk' order by c.id`.execute(db);
  }
  const totals: StatsCounts = { received: 0, accepted: 0, not_accepted: 0, closed: 0, answered: 0, on_time: 0, overdue: 0 };
  let closedInPeriod = 0;
  const last = addDays(from, days - 1);
  for (let i = 0; i < n; i++) {
    const fate = i % 10;
    const types = FATES[fate]!.map((s) => s[0]);
    totals.received++;
    if (types.includes('accepted')) totals.accepted++;
    if (types.includes('not_accepted')) totals.not_accepted++;
    if (types.includes('closed')) totals.closed++;
    if (types.includes('answered')) totals.answered++;
    if ([4, 5, 6, 8, 9].includes(fate)) totals.on_time++;
    if ([0, 2, 3].includes(fate)) totals.overdue++;
    const closed = FATES[fate]!.find((s) => s[0] === 'closed');
    if (closed && addDays(from, (i % days) + closed[1]) <= last) closedInPeriod++;
  }
  return { totals, closedInPeriod };
}
