/**
 * Fills a migrated schema with `n` cases the way two years of a provincial intake would leave it:
 * reporters (some with several cases), cases spread over the last 730 days across Sichuan's
 * counties and towns, categories, statuses that depend on age, pins in the datum of the channel,
 * every follower row (`case_reporters`) and the audit trail each status implies (`case_events`).
 * Set-based SQL only (`insert … select … from generate_series`): row-by-row would take an hour.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { SCALE_CATEGORIES, weightedSlots, type ScalePlace } from './scale-places.js';

/** What was loaded and how long each table took, in ms. */
export interface LoadResult {
  reporters: number;
  cases: number;
  followers: number;
  events: number;
  ms: Record<'reporters' | 'cases' | 'followers' | 'events' | 'analyze', number>;
}

const TARGETS = ['塑料厂', '养猪场', '火锅店', '建筑工地', '化工厂', '洗车场', '砖厂', '酒吧', '印染厂', '混凝土搅拌站'];

/** Times one statement. */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return Math.round(performance.now() - t);
}

/** Loads `n` cases registered before `now` into `db` (fresh, migrated); ANALYZEs at the end. */
export async function loadScaleCases(db: Kysely<Database>, n: number, now: Date, places: ScalePlace[]): Promise<LoadResult> {
  const reporters = Math.ceil(n * 0.6);
  const ms = { reporters: 0, cases: 0, followers: 0, events: 0, analyze: 0 };
  // Repeatable data: the same seed gives the same cases, so runs compare.
  await sql`select setseed(0.42)`.execute(db);
  // Channels by reporter: WeChat 45%, Telegram 35%, web 20%.
  const channel = (k: RawBuilder<unknown>) => sql`case when ${k} % 20 < 9 then 'wechat' when ${k} % 20 < 16 then 'telegram' else 'web' end`;
  ms.reporters = await timed(() =>
    sql`insert into reporters (channel, external_id, lang, created_at, last_inbound_at)
      select ${channel(sql`k`)}, 'scale-' || k, case when k % 25 = 0 then 'en' else 'zh' end, ${now}::timestamptz - interval '800 days', ${now}::timestamptz - (k % 700) * interval '1 day'
      from generate_series(0, ${reporters - 1}::int) k`.execute(db),
  );
  const { base } = (await sql<{ base: string }>`select min(id)::text as base from reporters where external_id like 'scale-%'`.execute(db)).rows[0]!;

  const placeSlots = weightedSlots(places.map((p) => p.weight), 1000);
  const catSlots = weightedSlots(SCALE_CATEGORIES.map((c) => c[1]), 100);
  const placeRows = sql.join(
    places.map((p, k) => sql`(${k}::int, ${p.code}::text, ${p.name}::text, ${p.city}::text, ${p.province}::text, ${`{${p.towns.join(',')}}`}::text[], ${p.wgs[0]}::float8, ${p.wgs[1]}::float8, ${p.gcj[0]}::float8, ${p.gcj[1]}::float8, ${p.unit}::text)`),
  );
  const slotRows = (slots: number[]) => sql.join(slots.map((k, s) => sql`(${s}::int, ${k}::int)`));
  const catRows = sql.join(SCALE_CATEGORIES.map(([c], k) => sql`(${k}::int, ${`{${c.join(',')}}`}::text[])`));
  const targets = `{${TARGETS.join(',')}}`;
  // Status by age: recent cases are mostly open, old ones closed or not accepted (see README's lifecycle).
  const status = sql`case
    when g.age < 2 then case when g.rs < 0.6 then 'registered' when g.rs < 0.9 then 'accepted' else 'not_accepted' end
    when g.age < 15 then case when g.rs < 0.25 then 'accepted' when g.rs < 0.30 then 'forwarded' when g.rs < 0.75 then 'in_progress' when g.rs < 0.85 then 'answered' when g.rs < 0.93 then 'closed' else 'not_accepted' end
    when g.age < 60 then case when g.rs < 0.02 then 'accepted' when g.rs < 0.17 then 'in_progress' when g.rs < 0.47 then 'answered' when g.rs < 0.92 then 'closed' else 'not_accepted' end
    else case when g.rs < 0.01 then 'answered' when g.rs < 0.91 then 'closed' else 'not_accepted' end end`;
  ms.cases = await timed(() =>
    sql`insert into cases (number, status, reporter_id, channel, categories, description, target, place_text, district_code, district_name, city, province, town,
        lat, lng, datum, night, urgent, repeat, evidence, identity_mode, lang, registered_at, unit_id, routing_rule)
      select 'HY-' || to_char(g.at at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(g.serial::text, greatest(4, length(g.serial::text)), '0'),
        ${status}, g.reporter, ${channel(sql`(g.reporter - ${base}::bigint)`)}, c.cats,
        p.name || p.towns[1 + floor(g.rt * array_length(p.towns, 1))::int] || c.cats[1] || '投诉（生成）',
        case when g.rk < 0.35 then (${targets}::text[])[1 + (g.i % 10)] || (g.i % 300) end,
        p.towns[1 + floor(g.rt * array_length(p.towns, 1))::int],
        p.code, p.name, p.city, p.province, p.towns[1 + floor(g.rt * array_length(p.towns, 1))::int],
        case when f.pin then (case when f.wx then p.gcj_lat else p.wgs_lat end) + (g.rx - 0.5) * 0.05 end,
        case when f.pin then (case when f.wx then p.gcj_lng else p.wgs_lng end) + (g.ry - 0.5) * 0.06 end,
        case when f.pin then (case when f.wx then 'gcj02' else 'wgs84' end) end,
        g.rk < 0.2, g.rk > 0.99, g.rk between 0.5 and 0.6, '[]'::jsonb,
        case when g.rk < 0.8 then 'anonymous' when g.rk < 0.95 then 'confidential' else 'real_name' end,
        'zh', g.at, p.unit, 'scale'
      from (
        select s0.*, row_number() over (order by s0.at) as serial, extract(epoch from ${now}::timestamptz - s0.at) / 86400 as age, (s0.reporter - ${base}::bigint) % 20 as ch
        from (
          select i, ${now}::timestamptz - random() * interval '730 days' as at, floor(random() * 1000)::int as ps, random() as rt,
            floor(random() * 100)::int as cs, random() as rs, random() as rk, random() as rk2, random() as rx, random() as ry,
            ${base}::bigint + floor(random() * ${reporters}::int)::bigint as reporter
          from generate_series(0, ${n - 1}::int) i
        ) s0
      ) g
      join (values ${slotRows(placeSlots)}) ps(s, k) on ps.s = g.ps
      join (values ${placeRows}) p(k, code, name, city, province, towns, wgs_lng, wgs_lat, gcj_lng, gcj_lat, unit) on p.k = ps.k
      join (values ${slotRows(catSlots)}) cs(s, k) on cs.s = g.cs
      join (values ${catRows}) c(k, cats) on c.k = cs.k
      -- Pins in the channel's datum: WeChat's map picks are GCJ-02, Telegram and browsers WGS-84;
      -- half of WeChat reports, 40% of Telegram's and 20% of the web's have one, within ~3 km of the county's label.
      cross join lateral (select g.ch < 9 as wx, (g.ch < 9 and g.rk2 < 0.5) or (g.ch between 9 and 15 and g.rk2 < 0.4) or (g.ch >= 16 and g.rk2 < 0.2) as pin) f
      order by g.serial`.execute(db),
  );
  await sql`select setval('case_number_seq', ${n + 1}::bigint)`.execute(db);

  // Everyone follows their own case; about 3% of cases were joined by a second reporter.
  ms.followers = await timed(async () => {
    await sql`insert into case_reporters (case_id, reporter_id, role, joined_at) select id, reporter_id, 'reporter', registered_at from cases`.execute(db);
    await sql`insert into case_reporters (case_id, reporter_id, role, joined_at)
      select id, ${base}::bigint + (id * 7919 % ${reporters}::int), 'joined', registered_at + interval '6 hours' from cases where id % 33 = 0
      on conflict do nothing`.execute(db);
  });

  // The audit trail, one statement per step so each case's events are in `id` order. A step
  // happens a fraction of the case's age after registration, capped at its usual delay, so no
  // event is in the future.
  const at = (days: number, share: number) => sql`c.registered_at + least(${days}::float8, extract(epoch from ${now}::timestamptz - c.registered_at) / 86400 * ${share}::float8) * interval '1 day'`;
  const steps: [string, string[], RawBuilder<unknown>, RawBuilder<unknown>][] = [
    ['registered', ['*'], sql`c.registered_at`, sql`jsonb_build_object('channel', c.channel, 'message_id', null, 'number', c.number)`],
    ['routed', ['*'], sql`c.registered_at`, sql`jsonb_build_object('unit', c.unit_id, 'rule', 'scale')`],
    ['not_accepted', ['not_accepted'], at(1, 0.3), sql`'{"body": "城管部门"}'::jsonb`],
    ['accepted', ['accepted', 'forwarded', 'in_progress', 'answered', 'closed'], at(1, 0.1), sql`'{}'::jsonb`],
    ['forwarded', ['forwarded'], at(2, 0.2), sql`jsonb_build_object('unit', c.unit_id)`],
    ['in_progress', ['in_progress', 'answered', 'closed'], at(3, 0.2), sql`'{}'::jsonb`],
    ['answered', ['answered', 'closed'], at(15, 0.5), sql`'{"finding": "true", "action": "已责令整改", "final": false}'::jsonb`],
    ['rated', ['closed'], at(17, 0.7), sql`jsonb_build_object('rating', 'satisfied', 'reporter', c.reporter_id::text)`],
    ['closed', ['closed'], at(17, 0.7), sql`'{"why": "rated"}'::jsonb`],
  ];
  const actor = (type: string) => (type === 'registered' || type === 'rated' ? sql`'reporter:' || c.reporter_id` : sql`${type === 'routed' ? 'system:routing' : 'staff:scale'}::text`);
  ms.events = await timed(async () => {
    for (const [type, statuses, when, data] of steps) {
      const which = statuses[0] === '*' ? sql`true` : sql`c.status in (${sql.join(statuses)})`;
      await sql`insert into case_events (case_id, at, actor, type, data)
        select c.id, ${when}, ${actor(type)}, ${type}, ${data}
        from cases c where ${which}`.execute(db);
    }
  });
  ms.analyze = await timed(() => sql`analyze`.execute(db));
  const count = async (table: 'reporters' | 'cases' | 'case_reporters' | 'case_events') =>
    Number((await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
  return { reporters: await count('reporters'), cases: await count('cases'), followers: await count('case_reporters'), events: await count('case_events'), ms };
}
