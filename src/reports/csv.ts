import { CATALOGS } from '../i18n/render.js';
import type { StatsCounts } from './case-stats.js';
import type { Digest } from './digest.js';
import { categoryName, districtLabel } from './text.js';

const COUNTS: (keyof StatsCounts)[] = ['received', 'accepted', 'not_accepted', 'answered', 'closed', 'on_time', 'overdue'];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, and a leading
 * = + - @ is defused with a quote mark, since a spreadsheet would run it as a formula.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// A byte-order mark, so spreadsheet programs open the Chinese text as UTF-8; CRLF as RFC 4180 has it.
const table = (rows: (string | number | null)[][]): string => `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;

/** The counts: one row for the total, one per district, one per category; keys in English, names in Chinese. */
export function countsCsv(d: Digest): string {
  const s = d.stats;
  return table([
    ['section', 'key', 'name', ...COUNTS],
    ['total', '', '', ...COUNTS.map((k) => s.totals[k])],
    ...s.byDistrict.map((r) => ['district', r.district, districtLabel(r.district, d).zh, ...COUNTS.map((k) => r.counts[k])]),
    ...s.byCategory.map((r) => ['category', r.category, categoryName(r.category).zh, ...COUNTS.map((k) => r.counts[k])]),
  ]);
}

/** The cases closed in the period, one row each, with the same fields as the page. */
export function closedCasesCsv(d: Digest): string {
  const zl = CATALOGS.zh.labels;
  return table([
    ['number', 'place', 'categories', 'category_names', 'finding', 'finding_name', 'action', 'merged_into', 'registered', 'answered', 'closed'],
    ...d.closed_cases.map((c) => [
      c.number,
      c.place,
      c.categories.join(' '),
      c.categories.map((x) => categoryName(x).zh).join('、'),
      c.finding,
      c.finding ? zl.findings[c.finding] : null,
      c.action,
      c.merged_into,
      c.registered,
      c.answered,
      c.closed,
    ]),
  ]);
}
