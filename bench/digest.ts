/**
 * The public digest over 10,000 cases (target: under 2 s in all). Generates BENCH_CASES (10,000)
 * Chengdu cases with their events in an in-memory PGlite (set-based SQL, a few seconds), then
 * times each step of publishing the city digest of their 30 days: the statistics (`caseStats`),
 * reading the closed cases and building the digest, rendering HTML, CSV and JSON, and writing
 * the files (rendering is timed once alone, then again as part of writing). Run: `npx tsx bench/digest.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseStats } from '../src/db/repo/case-stats.js';
import { closedInPeriod } from '../src/db/repo/digests.js';
import { openDb } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadDigestConfig } from '../src/disclosure/config.js';
import { writeDigest } from '../src/disclosure/publish.js';
import { closedCasesCsv, countsCsv } from '../src/reports/csv.js';
import { buildDigest } from '../src/reports/digest.js';
import { digestFiles } from '../src/reports/files.js';
import { digestHtml } from '../src/reports/html.js';
import { insertBulkCases } from '../test/helpers/bulk-cases.js';
import { shippedLifecycle } from '../test/helpers/cases.js';

const N = Number(process.env.BENCH_CASES ?? 10_000);
const RUNS = 3;
const period = { from: '2026-08-01', to: '2026-08-30' };
const now = new Date('2026-11-28T12:00:00+08:00');
const lifecycle = shippedLifecycle();
const scope = loadDigestConfig('config/digests.yaml').cities.find((c) => c.name === '成都市')!;
const dir = mkdtempSync(join(tmpdir(), 'huiyin-bench-digest-'));
const db = await openDb({ kind: 'pglite', dataDir: null });
try {
  await migrateToLatest(db.db);
  let t = performance.now();
  await insertBulkCases(db.db, N, period.from, 30);
  process.stdout.write(`generated ${N} cases with their events in ${Math.round(performance.now() - t)} ms\n`);
  for (let run = 1; run <= RUNS; run++) {
    const lap = (): number => {
      const ms = performance.now() - t;
      t = performance.now();
      return Math.round(ms);
    };
    t = performance.now();
    const stats = await caseStats(db.db, { ...period, scope: { city: scope.name } }, lifecycle, now);
    const statsMs = lap();
    const digest = buildDigest({ scope, stats, closed: await closedInPeriod(db.db, { city: scope.name }, period, lifecycle.timeZone), now, timeZone: lifecycle.timeZone });
    const buildMs = lap();
    const files = digestFiles(scope, period);
    const bytes = [digestHtml(digest, files), countsCsv(digest), closedCasesCsv(digest), JSON.stringify(digest, null, 1)].reduce((n, s) => n + Buffer.byteLength(s), 0);
    const renderMs = lap();
    await writeDigest(dir, scope, digest);
    const writeMs = lap();
    process.stdout.write(
      `digest of ${stats.totals.received} cases (${digest.closed_cases.length} closed in the period, ${Math.round(bytes / 1024)} KiB), run ${run}: ` +
        `stats ${statsMs} ms, read + build ${buildMs} ms, render + write ${writeMs} ms (of which render ${renderMs} ms), total ${statsMs + buildMs + writeMs} ms (target < 2000 ms)\n`,
    );
  }
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
