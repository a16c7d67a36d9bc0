import type { CaseStats, StatsCounts } from '../reports/case-stats.js';
import type { Lang } from '../understanding/facts.js';
import { barChart } from './chart.js';
import { esc, flashHtml, signedInPage, type ConsoleUserView, type Flash } from './html.js';
import { labelsFor } from './labels.js';
import { CONSOLE_TEXT } from './text.js';

const COLUMNS = ['received', 'accepted', 'not_accepted', 'answered', 'closed', 'on_time', 'overdue'] as const;

/** Answered on time as a share of answered, or a dash when nothing was answered (0% would read as a failure). */
function rate(c: StatsCounts): string {
  return c.answered > 0 ? `${Math.round((c.on_time / c.answered) * 100)}%` : '–';
}

/**
 * The dashboard: received, accepted, not accepted, closed, on time and overdue for a date range,
 * by district and by category, with the on-time rate and a chart of received against closed.
 */
export function dashboardPage(lang: Lang, user: ConsoleUserView, range: { from: string; to: string }, stats: CaseStats | null, flash: Flash | null): string {
  const t = CONSOLE_TEXT[lang];
  const l = labelsFor(lang);
  const head = `<tr><th></th>${COLUMNS.map((c) => `<th class="n">${esc(t.counts[c])}</th>`).join('')}<th class="n">${esc(t.counts.on_time_rate)}</th></tr>`;
  const row = (label: string, c: StatsCounts, strong = false) =>
    `<tr${strong ? ' class="total"' : ''}><td>${strong ? `<strong>${esc(label)}</strong>` : esc(label)}</td>${COLUMNS.map((k) => `<td class="n">${c[k]}</td>`).join('')}<td class="n">${rate(c)}</td></tr>`;
  const table = (id: string, rows: string[], totals: StatsCounts) => `<table id="${id}"><thead>${head}</thead><tbody>${rows.join('')}${row(t.totals, totals, true)}</tbody></table>`;
  const body = stats
    ? `${barChart(t.chartTitle, [{ name: t.counts.received, colour: '#1f6f4a' }, { name: t.counts.answered, colour: '#8fc1a6' }], stats.byDistrict.map((d) => ({ label: d.district || l.unknown, values: [d.counts.received, d.counts.answered] })))}
<h2>${esc(t.byDistrict)}</h2>${table('by-district', stats.byDistrict.map((d) => row(d.district || l.unknown, d.counts)), stats.totals)}
<h2>${esc(t.byCategory)}</h2>${table('by-category', stats.byCategory.map((c) => row(l.category(c.category), c.counts)), stats.totals)}`
    : '';
  return signedInPage(
    { lang, user, path: `/console/dashboard?from=${range.from}&to=${range.to}`, title: t.pages.dashboard, current: 'dashboard' },
    `<h1>${esc(t.pages.dashboard)}${user.seesAllUnits ? ` · ${esc(t.allUnits)}` : ''}</h1>${flashHtml(flash)}<p class="muted">${esc(t.dashboardIntro)}</p>
<form method="get" action="/console/dashboard"><input type="hidden" name="lang" value="${lang}">
<label>${esc(t.from)} <input type="date" name="from" value="${esc(range.from)}" required></label>
<label>${esc(t.to)} <input type="date" name="to" value="${esc(range.to)}" required></label>
<button type="submit">${esc(t.show)}</button></form>${body}`,
  );
}
