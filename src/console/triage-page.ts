import type { Lang } from '../understanding/facts.js';
import { caseTable, type CaseListItem } from './cases-page.js';
import { csrfField, esc, flashHtml, signedInPage, type ConsoleUserView, type Flash } from './html.js';
import { labelsFor, type UnitView } from './labels.js';
import { CONSOLE_TEXT } from './text.js';

/**
 * The triage queue: registered cases awaiting acceptance, each with a one-step forward to the unit
 * that owns it (the reason is required, as the reporter is told it).
 */
export function triagePage(lang: Lang, user: ConsoleUserView, cases: readonly CaseListItem[], units: readonly UnitView[], flash: Flash | null, formKey: () => string): string {
  const t = CONSOLE_TEXT[lang];
  const l = labelsFor(lang);
  // A case cannot be forwarded to the unit that has it.
  const options = (c: CaseListItem) => units.filter((u) => u.id !== c.unit?.id).map((u) => `<option value="${esc(u.id)}">${esc(l.unit(u))}</option>`).join('');
  const forward = (c: CaseListItem) =>
    `<form method="post" action="/console/cases/${esc(c.number)}/act?lang=${lang}&amp;back=triage">${csrfField(user)}<input type="hidden" name="action" value="forward"><input type="hidden" name="key" value="${esc(formKey())}">
<select name="to" aria-label="${esc(t.toUnit)}">${options(c)}</select> <input name="reason" required maxlength="1000" placeholder="${esc(t.reason)}" aria-label="${esc(t.reason)}"> <button type="submit">${esc(t.assign)}</button></form>`;
  return signedInPage(
    { lang, user, path: '/console/triage', title: t.pages.triage, current: 'triage' },
    `<h1>${esc(t.pages.triage)}</h1>${flashHtml(flash)}<p class="muted">${esc(t.triageIntro)}</p>
${cases.length > 0 ? caseTable(lang, cases, { head: t.assign, cell: forward }) : `<p>${esc(t.none)}</p>`}`,
  );
}
