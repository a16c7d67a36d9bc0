import type { Lang } from '../understanding/facts.js';
import { csrfField, esc, flashHtml, localStamp, signedInPage, type ConsoleUserView, type Flash } from './html.js';
import { labelsFor } from './labels.js';
import { CONSOLE_TEXT } from './text.js';

/** A page waiting for someone, as the escalations page lists it (no reporter identity in it). */
export interface EscalationItem {
  ref: string;
  reason: string;
  level: number;
  unit: string;
  /** Who was paged, by name; null when nobody was on duty. */
  pagedTo: string | null;
  sentAt: Date;
  ackDueAt: Date;
  categories: string[];
  place: string | null;
  target: string | null;
  description: string | null;
}

/** A conversation the user holds, with its latest messages. */
export interface HeldItem {
  ref: string;
  number: string | null;
  reason: string | null;
  lines: { direction: 'in' | 'out'; at: Date; text: string }[];
}

/** How often the page reloads itself while nothing is being typed into it. */
const REFRESH_SECONDS = 20;

/**
 * Live escalations: every unacknowledged page in the user's scope with a button to take it over,
 * and the conversations the user holds with their latest messages, a reply box and a hand-back
 * button. The page reloads itself only while the user holds nothing, so a reply being typed is
 * never thrown away.
 */
export function escalationsPage(lang: Lang, user: ConsoleUserView, open: readonly EscalationItem[], held: readonly HeldItem[], flash: Flash | null, timeZone: string): string {
  const t = CONSOLE_TEXT[lang];
  const l = labelsFor(lang);
  const at = (d: Date) => localStamp(d, timeZone);
  const post = (path: string, ref: string, label: string, extra = '') =>
    `<form class="inline" method="post" action="/console/escalations/${path}?lang=${lang}">${csrfField(user)}<input type="hidden" name="ref" value="${esc(ref)}">${extra}<button type="submit">${esc(label)}</button></form>`;
  const rows = open.map(
    (e) => `<tr data-ref="${esc(e.ref)}"><td>${e.ref.startsWith('HY-') ? `<a href="/console/cases/${esc(e.ref)}?lang=${lang}">${esc(e.ref)}</a>` : esc(t.conversation(e.ref.slice(1)))}<br><span class="flag${e.reason === 'urgent' ? '' : ' soft'}">${esc(t.reasons[e.reason] ?? e.reason)}</span></td>
<td>${esc(l.categories(e.categories))}<br>${esc(e.place ?? l.unknown)}${e.target ? `<br>${esc(e.target)}` : ''}</td><td>${esc(e.description ?? '')}</td>
<td>${esc(e.unit)}<br>${esc(t.level(e.level))}: ${esc(e.pagedTo ?? t.nobodyOnDuty)}<br><span class="muted">${esc(at(e.sentAt))}</span></td>
<td>${esc(t.ackDue)}<br>${esc(at(e.ackDueAt))}</td><td>${post('claim', e.ref, t.claim)}</td></tr>`,
  );
  const heldHtml = held.map(
    (h) => `<div class="card" data-ref="${esc(h.ref)}"><strong>${esc(t.conversation(h.ref.slice(1)))}</strong>${h.number ? ` · <a href="/console/cases/${esc(h.number)}?lang=${lang}">${esc(h.number)}</a>` : ''}${h.reason ? ` · ${esc(t.reasons[h.reason] ?? h.reason)}` : ''}
<ul class="chat">${h.lines.map((m) => `<li class="${m.direction}"><span class="muted">${esc(m.direction === 'in' ? t.fromReporter : t.fromBot)} ${esc(at(m.at))}</span>\n${esc(m.text)}</li>`).join('')}</ul>
<form class="reply" method="post" action="/console/escalations/reply?lang=${lang}">${csrfField(user)}<input type="hidden" name="ref" value="${esc(h.ref)}">
<label>${esc(t.reply)}<textarea name="text" rows="3" required maxlength="2000"></textarea></label><p><button type="submit">${esc(t.send)}</button></p></form>
${post('release', h.ref, t.release)}</div>`,
  );
  return signedInPage(
    { lang, user, path: '/console/escalations', title: t.pages.escalations, current: 'escalations', ...(held.length === 0 ? { refresh: REFRESH_SECONDS } : {}) },
    `<h1>${esc(t.pages.escalations)}</h1>${flashHtml(flash)}<p class="muted">${esc(t.escalationsIntro)}</p>
${rows.length > 0 ? `<table id="open-pages"><tbody>${rows.join('')}</tbody></table>` : `<p>${esc(t.noEscalations)}</p>`}
<h2>${esc(t.held)}</h2>${heldHtml.length > 0 ? heldHtml.join('') : `<p class="muted">${esc(t.heldNone)}</p>`}`,
  );
}
