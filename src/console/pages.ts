import { CASE_STATUSES } from '../cases/status.js';
import { CATALOGS } from '../i18n/render.js';
import type { Lang } from '../understanding/facts.js';
import { esc, langSwitch, layout } from './html.js';
import { CONSOLE_TEXT } from './text.js';

/** A case as the console's list shows it (the staff API's list item). */
export interface CaseListItem {
  number: string;
  status: string;
  categories: string[];
  district: string | null;
  unit: { name: string; name_en: string } | null;
  supervised: boolean;
  next_deadline: { kind: string; due: string; overdue: boolean } | null;
  overdue: boolean;
}

/** The filters of the case list, as the query string gave them. */
export interface CaseFilter {
  status?: string;
  supervised?: boolean;
  overdue?: boolean;
}

/** Who is signed in, as every page's header shows them. */
export interface ConsoleUserView {
  name: string;
  handle: string;
  csrf: string;
  seesAllUnits: boolean;
}

/** The sign-in page; `error` is shown above the form. `csrf` is the pre-session token. */
export function loginPage(lang: Lang, csrf: string, error: string | null, handle = ''): string {
  const t = CONSOLE_TEXT[lang];
  return layout(
    lang,
    t.title,
    `<main><form class="login" method="post" action="/console/login?lang=${lang}">
<h1>${esc(t.title)}</h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="handle">${esc(t.handle)}</label><input id="handle" name="handle" autocomplete="username" required value="${esc(handle)}">
<label for="password">${esc(t.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">${esc(t.signIn)}</button> ${langSwitch('/console/login', lang)}</p>
</form></main>`,
  );
}

/** The header of a signed-in page: who, the language switch, and sign-out (a form: it changes state). */
function header(lang: Lang, user: ConsoleUserView, path: string): string {
  const t = CONSOLE_TEXT[lang];
  return `<header><strong>${esc(t.title)}</strong><span class="grow"></span><span>${esc(user.name)} (${esc(user.handle)})</span>${langSwitch(path, lang)}
<form class="inline" method="post" action="/console/logout?lang=${lang}"><input type="hidden" name="csrf" value="${esc(user.csrf)}"><button type="submit">${esc(t.signOut)}</button></form></header>`;
}

/** The case list: the user's unit's cases (or all, for the triage desk and supervisors), with filters. */
export function casesPage(lang: Lang, user: ConsoleUserView, filter: CaseFilter, list: { total: number; cases: CaseListItem[] }): string {
  const t = CONSOLE_TEXT[lang];
  const l = CATALOGS[lang].labels;
  const label = (map: Record<string, string>, key: string): string => map[key] ?? key;
  const options = [`<option value="">${esc(t.anyStatus)}</option>`, ...CASE_STATUSES.map((s) => `<option value="${s}"${filter.status === s ? ' selected' : ''}>${esc(label(l.statuses, s))}</option>`)];
  const rows = list.cases.map(
    (c) => `<tr><td>${esc(c.number)}${c.supervised ? ` <span class="flag">${esc(t.supervised)}</span>` : ''}</td><td>${esc(label(l.statuses, c.status))}</td>
<td>${esc(c.categories.map((x) => label(l.categories, x)).join(lang === 'zh' ? '、' : ', '))}</td><td>${esc(c.district ?? l.unknown)}</td><td>${esc(c.unit ? (lang === 'zh' ? c.unit.name : c.unit.name_en) : l.unknown)}</td>
<td>${c.next_deadline ? `${esc(label(l.clocks, c.next_deadline.kind))} ${esc(c.next_deadline.due)}${c.next_deadline.overdue ? ` <span class="flag">${esc(t.overdue)}</span>` : ''}` : ''}</td></tr>`,
  );
  const path = `/console/cases${filter.status ? `?status=${filter.status}` : ''}`;
  return layout(
    lang,
    `${t.cases} · ${t.title}`,
    `${header(lang, user, path)}<main><h1>${esc(t.cases)}${user.seesAllUnits ? ` · ${esc(t.allUnits)}` : ''}</h1>
<form method="get" action="/console/cases"><input type="hidden" name="lang" value="${lang}">
<label>${esc(t.status)} <select name="status">${options.join('')}</select></label>
<label><input type="checkbox" name="supervised" value="true"${filter.supervised ? ' checked' : ''}> ${esc(t.supervisedOnly)}</label>
<label><input type="checkbox" name="overdue" value="true"${filter.overdue ? ' checked' : ''}> ${esc(t.overdueOnly)}</label>
<button type="submit">${esc(t.filter)}</button></form>
<p>${esc(t.total(list.total))}</p>
${rows.length > 0 ? `<table><thead><tr><th>${esc(t.number)}</th><th>${esc(t.status)}</th><th>${esc(t.category)}</th><th>${esc(t.place)}</th><th>${esc(t.unit)}</th><th>${esc(t.next)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : `<p>${esc(t.none)}</p>`}
</main>`,
  );
}
