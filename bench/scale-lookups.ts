/**
 * The two reads a citizen waits for on a large database: the duplicate lookup when they confirm a
 * report (`findDuplicates`, exactly as the engine calls it) and the answer to "how is my case?"
 * (`caseDetail` / `followedCases`, as the engine's status reply uses them), and the public Open311
 * list. Each is timed call by call; the report sites and case numbers are drawn from the loaded data.
 */
import { sql, type Kysely } from 'kysely';
import type { Category } from '../src/cases/categories.js';
import { sameProblem, type ProblemSite, type RepeatPolicy } from '../src/cases/repeats.js';
import { OPEN_STATUSES } from '../src/cases/status.js';
import { caseDetail, followedCases } from '../src/db/repo/case-status.js';
import type { LifecycleDeps } from '../src/db/repo/lifecycle.js';
import { publicCases } from '../src/db/repo/open311.js';
import { findDuplicates } from '../src/db/repo/repeats.js';
import type { Database } from '../src/db/schema.js';
import { SCALE_CATEGORIES, type ScalePlace } from './scale-places.js';

/** Latencies in ms, sorted, and what the calls found. */
export interface Timings {
  ms: number[];
  /** Calls that found something (a duplicate offered, a case shown). */
  hits: number;
}

/** The p-th percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A deterministic generator, so two runs ask the same questions. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` report sites as reporters send them: half repeat an open case of the window (same
 * category and county, a pin ~200 m off in the reporter's own datum, or its town without a pin),
 * half are new problems anywhere, weighted like the data.
 */
export async function reportSites(db: Kysely<Database>, count: number, places: ScalePlace[], policy: RepeatPolicy, now: Date): Promise<ProblemSite[]> {
  const random = rng(7);
  const since = new Date(now.getTime() - policy.windowDays * 86_400_000);
  const open = await db
    .selectFrom('cases')
    .select(['categories', 'district_code', 'town', 'target', 'lat', 'lng', 'datum'])
    .where('status', 'in', OPEN_STATUSES as string[])
    .where('registered_at', '>=', since)
    .orderBy(sql`random()`)
    .limit(Math.ceil(count / 2))
    .execute();
  const repeats = open.map((c): ProblemSite => {
    const withPin = random() < 0.5;
    const jitter = () => (random() - 0.5) * 0.004;
    return {
      categories: [c.categories[0] as Category],
      districtCode: c.district_code,
      town: c.town,
      target: random() < 0.5 ? c.target : null,
      pin: withPin && c.lat !== null && c.lng !== null ? { lat: c.lat + jitter(), lng: c.lng + jitter(), datum: c.datum ?? 'wgs84' } : null,
    };
  });
  const total = places.reduce((a, p) => a + p.weight, 0);
  const catTotal = SCALE_CATEGORIES.reduce((a, c) => a + c[1], 0);
  const pick = <T>(items: T[], weight: (t: T) => number, sum: number): T => {
    let r = random() * sum;
    for (const it of items) if ((r -= weight(it)) < 0) return it;
    return items[items.length - 1]!;
  };
  const fresh = Array.from({ length: count - repeats.length }, (): ProblemSite => {
    const p = pick(places, (x) => x.weight, total);
    const wx = random() < 0.45;
    const [lng, lat] = wx ? p.gcj : p.wgs;
    return {
      categories: pick(SCALE_CATEGORIES, (c) => c[1], catTotal)[0] as Category[],
      districtCode: p.code,
      town: p.towns[Math.floor(random() * p.towns.length)] ?? null,
      target: null,
      pin: random() < 0.4 ? { lat: lat + (random() - 0.5) * 0.05, lng: lng + (random() - 0.5) * 0.06, datum: wx ? 'gcj02' : 'wgs84' } : null,
    };
  });
  // Interleaved, so neither half runs on a cache the other warmed.
  return fresh.flatMap((f, i) => (repeats[i] ? [repeats[i]!, f] : [f]));
}

/** Times `findDuplicates` for each site, one call after another, as confirmations arrive. */
export async function timeDuplicateLookups(db: Kysely<Database>, sites: ProblemSite[], policy: RepeatPolicy, now: Date): Promise<Timings> {
  const ms: number[] = [];
  let hits = 0;
  for (const site of sites) {
    const t = performance.now();
    const found = await findDuplicates(db, site, policy, now);
    ms.push(performance.now() - t);
    if (found.length > 0) hits++;
  }
  return { ms: ms.sort((a, b) => a - b), hits };
}

/**
 * Lookups that offered nothing although an open case in the window is the same problem by
 * `sameProblem`: the database step keeps only the 200 newest candidates, and with a pin it does
 * not narrow by place, so on a busy province the matching case can be cut off. Untimed.
 */
export async function missedDuplicates(db: Kysely<Database>, sites: ProblemSite[], policy: RepeatPolicy, now: Date): Promise<{ missed: number; withPin: number; missedWithPin: number }> {
  const since = new Date(now.getTime() - policy.windowDays * 86_400_000);
  let missed = 0;
  let missedWithPin = 0;
  for (const site of sites) {
    const offered = await findDuplicates(db, site, policy, now);
    if (offered.length > 0 || site.categories.length === 0) continue;
    const all = await db
      .selectFrom('cases')
      .select(['categories', 'district_code', 'town', 'target', 'lat', 'lng', 'datum', 'registered_at'])
      .where('status', 'in', OPEN_STATUSES as string[])
      .where('registered_at', '>=', since)
      .where(sql<boolean>`categories && ${sql.val(site.categories as string[])}::text[]`)
      .execute();
    const any = all.some((r) =>
      sameProblem(site, { categories: r.categories as Category[], districtCode: r.district_code, town: r.town, target: r.target, pin: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng, datum: r.datum ?? 'wgs84' } : null, registeredAt: new Date(r.registered_at) }, policy, now),
    );
    if (any) {
      missed++;
      if (site.pin) missedWithPin++;
    }
  }
  return { missed, withPin: sites.filter((s) => s.pin).length, missedWithPin };
}

/** A case and who follows it, for status questions. */
export interface Asker {
  reporterId: string;
  number: string;
  channel: string;
  externalId: string;
}

/** `count` random cases with their reporter, spread over the whole two years. */
export async function askers(db: Kysely<Database>, count: number): Promise<Asker[]> {
  const { rows } = await sql<Asker>`
    select c.reporter_id::text as "reporterId", c.number, r.channel, r.external_id as "externalId"
    from (select id from cases order by random() limit ${count}) pick join cases c on c.id = pick.id join reporters r on r.id = c.reporter_id`.execute(db);
  return rows;
}

/**
 * Times the status reply's reads: with a case number, `caseDetail` (the case, its timeline and
 * the next date owed); without one, what the engine does — the open cases followed, then the
 * latest one in full. Alternates the two.
 */
export async function timeStatusQueries(db: Kysely<Database>, who: Asker[], deps: LifecycleDeps, now: Date): Promise<{ byNumber: Timings; latest: Timings }> {
  const byNumber: Timings = { ms: [], hits: 0 };
  const latest: Timings = { ms: [], hits: 0 };
  for (const [i, a] of who.entries()) {
    const t = performance.now();
    if (i % 2 === 0) {
      const d = await caseDetail(db, a.reporterId, a.number, deps, now);
      byNumber.ms.push(performance.now() - t);
      if (d) byNumber.hits++;
    } else {
      const open = await followedCases(db, a.reporterId, { openOnly: true });
      const [one] = open.length === 1 ? open : open.length > 1 ? [] : await followedCases(db, a.reporterId, { limit: 1 });
      const d = one ? await caseDetail(db, a.reporterId, one.number, deps, now) : null;
      latest.ms.push(performance.now() - t);
      if (d || open.length > 1) latest.hits++;
    }
  }
  byNumber.ms.sort((a, b) => a - b);
  latest.ms.sort((a, b) => a - b);
  return { byNumber, latest };
}

/**
 * Times the public Open311 list's query (`publicCases`, behind `GET requests.json`) as clients
 * call it: alternately the default (the last 90 days, newest 1,000) and a window of one to seven
 * days ending at a random day of the two years, for one service code (the first category).
 */
export async function timePublicLists(db: Kysely<Database>, count: number, now: Date): Promise<Timings> {
  const random = rng(11);
  const codes = SCALE_CATEGORIES.map(([c]) => c[0]!);
  const ms: number[] = [];
  let hits = 0;
  for (let i = 0; i < count; i++) {
    // The service's own defaults (src/open311/service.ts: DEFAULT_DAYS 90, MAX_REQUESTS 1,000).
    const to = i % 2 === 0 ? now : new Date(now.getTime() - Math.floor(random() * 720) * 86_400_000);
    const days = i % 2 === 0 ? 90 : 1 + Math.floor(random() * 7);
    const filter = { from: new Date(to.getTime() - days * 86_400_000), to, limit: 1_000, ...(i % 2 === 0 ? {} : { category: codes[Math.floor(random() * codes.length)]! }) };
    const t = performance.now();
    const rows = await publicCases(db, filter);
    ms.push(performance.now() - t);
    if (rows.length > 0) hits++;
  }
  return { ms: ms.sort((a, b) => a - b), hits };
}
