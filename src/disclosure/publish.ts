import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { caseStats } from '../db/repo/case-stats.js';
import { closedInPeriod, publishedRuns } from '../db/repo/digests.js';
import type { LifecycleDeps } from '../db/repo/lifecycle.js';
import type { Database } from '../db/schema.js';
import { closedCasesCsv, countsCsv } from '../reports/csv.js';
import { buildDigest, type Digest, type DigestScope } from '../reports/digest.js';
import { digestFiles, INDEX_FILES, type DigestFiles } from '../reports/files.js';
import { digestHtml } from '../reports/html.js';
import { indexHtml, indexJson } from '../reports/index-page.js';
import type { Period } from '../reports/period.js';

/** What a scope is in the statistics' terms. */
export const statsScope = (s: DigestScope) => (s.kind === 'city' ? { city: s.name } : { province: s.name });

/** Reads the period's statistics and closed cases and assembles the digest (in the caller's transaction, if any). */
export async function readDigest(db: Kysely<Database>, scope: DigestScope, period: Period, lifecycle: LifecycleDeps, now: Date): Promise<Digest> {
  const stats = await caseStats(db, { ...period, scope: statsScope(scope) }, lifecycle, now);
  const closed = await closedInPeriod(db, statsScope(scope), period, lifecycle.timeZone);
  return buildDigest({ scope, stats, closed, now, timeZone: lifecycle.timeZone });
}

/**
 * Writes a file whole or not at all: into a temporary name beside it, then renamed over it, so a
 * reader (or a second instance writing the same file) never sees half a page.
 */
async function writeAtomically(root: string, rel: string, text: string): Promise<void> {
  const path = join(root, ...rel.split('/'));
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

/** Renders a digest in every format and writes it under the public folder; resolves with the relative paths. */
export async function writeDigest(publicDir: string, scope: DigestScope, d: Digest): Promise<DigestFiles> {
  const files = digestFiles(scope, d.period);
  await Promise.all([
    writeAtomically(publicDir, files.html, digestHtml(d, files)),
    writeAtomically(publicDir, files.csv, countsCsv(d)),
    writeAtomically(publicDir, files.cases_csv, closedCasesCsv(d)),
    writeAtomically(publicDir, files.json, `${JSON.stringify(d, null, 1)}\n`),
  ]);
  return files;
}

/** Rewrites the index page and its JSON from the published runs in the database. */
export async function writeIndex(db: Kysely<Database>, publicDir: string, timeZone: string): Promise<void> {
  const runs = await publishedRuns(db, timeZone);
  await writeAtomically(publicDir, INDEX_FILES.html, indexHtml(runs));
  await writeAtomically(publicDir, INDEX_FILES.json, indexJson(runs));
}
