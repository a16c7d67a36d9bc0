import { CATEGORIES } from '../cases/categories.js';
import type { LifecycleEvent } from '../cases/lifecycle.js';
import type { ClockSettings } from '../staff/case-view.js';
import { caseOutcome } from './outcome.js';

/**
 * Counts over the cases received (registered) in a period, each as it stood at the moment of
 * counting (`now`):
 * - `received`: registered in the period (local dates, inclusive);
 * - `accepted` / `not_accepted` / `closed`: of those, the ones whose events show that status
 *   reached by `now` (a case accepted and later closed counts in both);
 * - `answered`: of those, the ones whose handling ended by `now` (answered and not reopened since,
 *   or closed unanswered by a merge) — the cases `on_time` is a share of;
 * - `on_time`: of those, the ones whose handling ended (answered, or closed unanswered by a merge)
 *   before their answer deadline ran out;
 * - `overdue`: of those, the ones still open at `now` with a clock the unit answers to past due
 *   (acceptance, the local acceptance target, the answer, the send-back window).
 * Deadlines are the case clocks' (`caseClocks` with the holiday calendar); see `caseOutcome`.
 */
export interface StatsCounts {
  received: number;
  accepted: number;
  not_accepted: number;
  closed: number;
  answered: number;
  on_time: number;
  overdue: number;
}

/**
 * The statistics of a period: `totals` count each case once; `byDistrict` once under its place
 * (`成都市郫都区`, a functional zone such as `成都高新区` when only that is known, `''` when the
 * place is not known), most cases first; `byCategory` once under each of its categories, in the
 * order of `CATEGORIES`, so the category rows may add up to more than the total.
 */
export interface CaseStats {
  from: string;
  to: string;
  totals: StatsCounts;
  byDistrict: { district: string; counts: StatsCounts }[];
  byCategory: { category: string; counts: StatsCounts }[];
}

/** A received case as the statistics read it. */
export interface StatsCase {
  /** Its place key for `byDistrict` (see {@link CaseStats}). */
  district: string;
  categories: readonly string[];
  /** Oldest first. */
  events: readonly LifecycleEvent[];
}

/** Counts of nothing, to add to. */
export function zeroCounts(): StatsCounts {
  return { received: 0, accepted: 0, not_accepted: 0, closed: 0, answered: 0, on_time: 0, overdue: 0 };
}

const categoryRank = (c: string): number => {
  const i = (CATEGORIES as readonly string[]).indexOf(c);
  return i < 0 ? CATEGORIES.length : i;
};

/**
 * Tallies the cases received in `from`..`to` as they stood at `now`. Pure: the caller reads the
 * cases (see `caseStats` in src/db/repo/case-stats.ts).
 */
export function tallyStats(from: string, to: string, cases: Iterable<StatsCase>, clocks: ClockSettings, now: Date): CaseStats {
  const totals = zeroCounts();
  const districts = new Map<string, StatsCounts>();
  const categories = new Map<string, StatsCounts>();
  const into = (map: Map<string, StatsCounts>, key: string): StatsCounts => {
    let c = map.get(key);
    if (!c) map.set(key, (c = zeroCounts()));
    return c;
  };
  for (const c of cases) {
    const o = caseOutcome(c.events, clocks, now);
    const targets = [totals, into(districts, c.district), ...[...new Set(c.categories)].map((k) => into(categories, k))];
    for (const t of targets) {
      t.received++;
      if (o.accepted) t.accepted++;
      if (o.not_accepted) t.not_accepted++;
      if (o.closed) t.closed++;
      if (o.answered) t.answered++;
      if (o.on_time) t.on_time++;
      if (o.overdue) t.overdue++;
    }
  }
  return {
    from,
    to,
    totals,
    byDistrict: [...districts]
      .map(([district, counts]) => ({ district, counts }))
      .sort((a, b) => b.counts.received - a.counts.received || a.district.localeCompare(b.district, 'zh')),
    byCategory: [...categories].map(([category, counts]) => ({ category, counts })).sort((a, b) => categoryRank(a.category) - categoryRank(b.category) || a.category.localeCompare(b.category)),
  };
}
