import { CATEGORIES } from '../cases/categories.js';
import { CASE_STATUSES } from '../cases/status.js';
import type { Lang } from '../understanding/facts.js';
import { esc, flashHtml, signedInPage, type ConsoleUserView, type Flash } from './html.js';
import { labelsFor, type UnitView } from './labels.js';
import { CONSOLE_TEXT } from './text.js';

/** A case as the console's lists show it (the staff API's list item). */
export interface CaseListItem {
  number: string;
  status: string;
  categories: string[];
  district: string | null;
  unit: UnitView | null;
  supervised: boolean;
  next_deadline: { kind: string; due: string; overdue: boolean } | null;
  overdue: boolean;
}

/** A page of the staff API's case list. */
export interface CaseList {
  total: number;
  limit: number;
  offset: number;
  cases: CaseListItem[];
}

/** The filters of the case list, as the query string gave them (strings, as forms send them). */
export interface CaseFilter {
  status?: string;
  category?: string;
  district?: string;
  supervised?: boolean;
  overdue?: boolean;
}

/** The query string of a filter, for links that keep it (paging, the language switch). */
export function filterQuery(f: CaseFilter, offset = 0): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.category) q.set('category', f.category);
  if (f.district) q.set('district', f.district);
  if (f.supervised) q.set('supervised', 'true');
  if (f.overdue) q.set('overdue', 'true');
  if (offset > 0) q.set('offset', String(offset));
  return q.toString();
}

/** The header row and one row per case; `extra` adds a last cell (the triage queue's forward form). */
export function caseTable(lang: Lang, cases: readonly CaseListItem[], extra?: { head: string; cell: (c: CaseListItem) => string }): string {
  const t = CONSOLE_TEXT[lang];
  const l = labelsFor(lang);
  const rows = cases.map(
    (c) => `<tr><td><a href="/console/cases/${esc(c.number)}?lang=${lang}">${esc(c.number)}</a>${c.supervised ? ` <span class="flag">${esc(t.supervised)}</span>` : ''}</td><td>${esc(l.status(c.status))}</td>
<td>${esc(l.categories(c.categories))}</td><td>${esc(c.district ?? l.unknown)}</td><td>${esc(l.unit(c.unit))}</td>
<td>${c.next_deadline ? `${esc(l.clock(c.next_deadline.kind))} ${esc(c.next_deadline.due)}${c.next_deadline.overdue ? ` <span class="flag">${esc(t.overdue)}</span>` : ''}` : ''}</td>${extra ? `<td>${extra.cell(c)}</td>` : ''}</tr>`,
  );
  return `<table><thead><tr><th>${esc(t.number)}</th><th>${esc(t.status)}</th><th>${esc(t.category)}</th><th>${esc(t.place)}</th><th>${esc(t.unit)}</th><th>${esc(t.next)}</th>${extra ? `<th>${esc(extra.head)}</th>` : ''}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The case list: the user's unit's cases (or all, for the triage desk and supervisors), with filters and pages. */
export function casesPage(lang: Lang, user: ConsoleUserView, filter: CaseFilter, list: CaseList, flash: Flash | null): string {
  const t = CONSOLE_TEXT[lang];
  const l = labelsFor(lang);
  const statusOptions = [`<option value="">${esc(t.anyStatus)}</option>`, ...CASE_STATUSES.map((s) => `<option value="${s}"${filter.status === s ? ' selected' : ''}>${esc(l.status(s))}</option>`)];
  const categoryOptions = [`<option value="">${esc(t.anyCategory)}</option>`, ...CATEGORIES.map((c) => `<option value="${c}"${filter.category === c ? ' selected' : ''}>${esc(l.category(c))}</option>`)];
  const query = filterQuery(filter, list.offset);
  const link = (offset: number, text: string) => `<a href="/console/cases?${esc(filterQuery(filter, offset))}&amp;lang=${lang}">${esc(text)}</a>`;
  const paging = [
    list.offset > 0 ? link(Math.max(0, list.offset - list.limit), '←') : '',
    list.total > 0 ? `${list.offset + 1}–${list.offset + list.cases.length} / ${list.total}` : '',
    list.offset + list.limit < list.total ? link(list.offset + list.limit, '→') : '',
  ].join(' ');
  return signedInPage(
    { lang, user, path: `/console/cases${query ? `?${query}` : ''}`, title: t.cases, current: 'cases' },
    `<h1>${esc(t.cases)}${user.seesAllUnits ? ` · ${esc(t.allUnits)}` : ''}</h1>${flashHtml(flash)}
<form method="get" action="/console/cases"><input type="hidden" name="lang" value="${lang}">
<label>${esc(t.status)} <select name="status">${statusOptions.join('')}</select></label>
<label>${esc(t.category)} <select name="category">${categoryOptions.join('')}</select></label>
<label>${esc(t.district)} <input name="district" size="10" value="${esc(filter.district ?? '')}"></label>
<label><input type="checkbox" name="supervised" value="true"${filter.supervised ? ' checked' : ''}> ${esc(t.supervisedOnly)}</label>
<label><input type="checkbox" name="overdue" value="true"${filter.overdue ? ' checked' : ''}> ${esc(t.overdueOnly)}</label>
<button type="submit">${esc(t.filter)}</button></form>
<p>${esc(t.total(list.total))} ${paging}</p>
${list.cases.length > 0 ? caseTable(lang, list.cases) : `<p>${esc(t.none)}</p>`}`,
  );
}
