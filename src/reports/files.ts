import type { DigestKind } from './digest.js';
import type { Period } from './period.js';

/** Where the digests live inside the public folder (served at `/public/digests/`). */
export const DIGESTS_DIR = 'digests';

/** The files of one digest, relative to the public folder, with `/` separators (they are URLs too). */
export interface DigestFiles {
  html: string;
  /** The counts: total, by district, by category. */
  csv: string;
  /** The closed cases. */
  cases_csv: string;
  json: string;
}

/** The list of every digest, for people and for machines. */
export const INDEX_FILES = { html: `${DIGESTS_DIR}/index.html`, json: `${DIGESTS_DIR}/index.json` } as const;

/**
 * Stable, URL-safe names: `digests/city/5101-chengdu/2026-11-25_2026-11-27.html`. The same
 * digest published again overwrites its files, so a link never breaks.
 */
export function digestFiles(scope: { kind: DigestKind; slug: string }, period: Period): DigestFiles {
  const base = `${DIGESTS_DIR}/${scope.kind}/${scope.slug}/${period.from}_${period.to}`;
  return { html: `${base}.html`, csv: `${base}.csv`, cases_csv: `${base}-cases.csv`, json: `${base}.json` };
}
