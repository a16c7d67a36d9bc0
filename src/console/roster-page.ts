import type { Lang } from '../understanding/facts.js';
import { esc, signedInPage, type ConsoleUserView } from './html.js';
import { labelsFor, type UnitView } from './labels.js';
import { CONSOLE_TEXT } from './text.js';

/** One unit's cover at the moment: the shift (or on-call list) and its people in escalation order. */
export interface UnitCover {
  unit: UnitView;
  source: 'shift' | 'on_call' | null;
  shift: string | null;
  people: { handle: string; name: string | null; role: string | null }[];
}

/** Who is on duty now in each unit in the user's scope; a unit with nobody is flagged. */
export function rosterPage(lang: Lang, user: ConsoleUserView, at: string, cover: readonly UnitCover[]): string {
  const t = CONSOLE_TEXT[lang];
  const l = labelsFor(lang);
  const rows = cover.map((c) => {
    const who = c.people.map((p, i) => `${i + 1}. ${esc(p.name ?? p.handle)} <span class="muted">(${esc(p.handle)}${p.role ? `, ${esc(t.roles[p.role] ?? p.role)}` : ''})</span>`).join('<br>');
    const when = c.source === 'shift' ? esc(c.shift ?? '') : c.source === 'on_call' ? esc(t.onCall) : `<span class="flag">${esc(t.noCover)}</span>`;
    return `<tr data-unit="${esc(c.unit.id)}"><td>${esc(l.unit(c.unit))}</td><td>${when}</td><td>${who}</td></tr>`;
  });
  return signedInPage(
    { lang, user, path: '/console/roster', title: t.pages.roster, current: 'roster' },
    `<h1>${esc(t.pages.roster)}</h1><p class="muted">${esc(t.rosterIntro(at))}</p>
<table><thead><tr><th>${esc(t.unit)}</th><th>${esc(t.shift)}</th><th>${esc(t.chain)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
}
