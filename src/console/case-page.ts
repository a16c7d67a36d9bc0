import { FINDINGS } from '../cases/lifecycle.js';
import { wgs84ToGcj02 } from '../places/geometry.js';
import type { Lang } from '../understanding/facts.js';
import { csrfField, esc, flashHtml, localStamp, signedInPage, type ConsoleUserView, type Flash } from './html.js';
import { labelsFor, type UnitView } from './labels.js';
import { CONSOLE_TEXT, type ConsoleAction } from './text.js';

/** A case as the staff API's case view gives it (the parts the page shows). */
export interface CaseView {
  case: {
    number: string;
    status: string;
    categories: string[];
    description: string;
    target: string | null;
    place: { text: string | null; district: string | null; town: string | null; zone: string | null; lat: number | null; lng: number | null; datum: string | null };
    time: string | null;
    demand: string | null;
    urgent: boolean;
    identity_mode: string;
    unit: UnitView | null;
    supervised: boolean;
    registered_at: string | Date;
    followers: number;
    evidence: { kind: string; sha256: string | null; size: number | null }[];
  };
  timeline: { type: string; at: string | Date; actor: string; reason: string | null; data: Record<string, unknown> }[];
  clocks: { running: { kind: string; due: string; overdue: boolean }[] };
  reporter: { channel: string; chat_id: string | null; contact_name: string | null; contact_phone: string | null } | null;
  may_reveal: boolean;
}

/** One message of the reporter's conversation, as the case page shows it. */
export interface TranscriptLine {
  direction: 'in' | 'out';
  at: Date;
  text: string;
}

/** What the case page shows besides the case: its conversation, what may be done, and where to. */
export interface CaseExtras {
  transcript: TranscriptLine[];
  actions: ConsoleAction[];
  /** Units a case can be forwarded to. */
  units: UnitView[];
  timeZone: string;
}

/** A map link for a pin: Amap wants GCJ-02, so a WGS-84 pin (Telegram, browsers) is converted first. */
export function mapLink(lat: number, lng: number, datum: string | null, label: string): string {
  const [x, y] = datum === 'gcj02' ? [lng, lat] : wgs84ToGcj02(lng, lat);
  return `https://uri.amap.com/marker?position=${x.toFixed(6)},${y.toFixed(6)}&name=${encodeURIComponent(label)}&coordinate=gaode&callnative=0`;
}

/** What an event's data says, in a few words (the unit forwarded to, the finding, the days). */
function eventDetail(lang: Lang, e: CaseView['timeline'][number], units: readonly UnitView[]): string {
  const l = labelsFor(lang);
  const d = e.data;
  const parts: string[] = [];
  if (typeof d.to === 'string') parts.push(`→ ${l.unit(units.find((u) => u.id === d.to) ?? { id: d.to, name: d.to, name_en: d.to })}`);
  if (typeof d.finding === 'string') parts.push(l.finding(d.finding));
  if (typeof d.action === 'string') parts.push(d.action);
  if (typeof d.days === 'number') parts.push(`+${d.days}`);
  if (typeof d.rating === 'string') parts.push(d.rating);
  if (typeof d.into === 'string') parts.push(`→ ${d.into}`);
  if (typeof d.text === 'string') parts.push(d.text);
  if (e.reason) parts.push(e.reason);
  return parts.join(' · ');
}

/** The form of one lifecycle action, with the fields that action needs. */
function actionForm(lang: Lang, user: ConsoleUserView, number: string, action: ConsoleAction, units: readonly UnitView[], key: string): string {
  const t = CONSOLE_TEXT[lang];
  const l = labelsFor(lang);
  const reason = `<label>${esc(t.reason)}<textarea name="reason" rows="2" required maxlength="1000"></textarea></label>`;
  const fields: Record<ConsoleAction, string> = {
    accept: '',
    start: '',
    not_accept: `<label>${esc(t.body)}<input name="body" required maxlength="200"></label>${reason}`,
    forward: `<label>${esc(t.toUnit)}<select name="to" required>${units.map((u) => `<option value="${esc(u.id)}">${esc(l.unit(u))}</option>`).join('')}</select></label>${reason}`,
    send_back: reason,
    extend: `<label>${esc(t.days)}<input name="days" type="number" min="1" max="366" required></label>${reason}`,
    answer: `<label>${esc(t.finding)}<select name="finding" required>${FINDINGS.map((f) => `<option value="${f}">${esc(l.finding(f))}</option>`).join('')}</select></label>
<label>${esc(t.answerText)}<textarea name="text" rows="3" required maxlength="4000"></textarea></label>`,
    supervise: reason,
    merge: `<label>${esc(t.into)}<input name="into" required pattern="[Hh][Yy]-[0-9]{8}-[0-9]{4,8}" placeholder="HY-20261127-0001"></label>`,
  };
  return `<form method="post" action="/console/cases/${esc(number)}/act?lang=${lang}" data-action="${action}">${csrfField(user)}
<input type="hidden" name="action" value="${action}"><input type="hidden" name="key" value="${esc(key)}">
<strong>${esc(t.actionNames[action])}</strong>${fields[action]}<p><button type="submit" name="go" value="${action}">${esc(t.actionNames[action])}</button></p></form>`;
}

/**
 * The case page: what was reported, where (with a map link), the photos, the clocks, the timeline,
 * the conversation and a form per action the case's status allows. The reporter's identity shows
 * only when the view carries it (a supervisor asked, and it was recorded); otherwise why not.
 */
export function casePage(lang: Lang, user: ConsoleUserView, view: CaseView, extras: CaseExtras, flash: Flash | null, formKey: () => string): string {
  const t = CONSOLE_TEXT[lang];
  const l = labelsFor(lang);
  const c = view.case;
  const at = (d: string | Date) => localStamp(d, extras.timeZone);
  const place = [c.place.district ?? c.place.zone, c.place.town, c.place.text].filter(Boolean).join(' · ');
  const pin = c.place.lat !== null && c.place.lng !== null ? `<a href="${esc(mapLink(c.place.lat, c.place.lng, c.place.datum, c.number))}" rel="noreferrer noopener" target="_blank">${esc(t.map)}</a> <span class="muted">${esc(t.pinDatum)}</span>` : '';
  const facts: [string, string | null][] = [
    [t.status, l.status(c.status)],
    [t.category, l.categories(c.categories)],
    [t.unit, l.unit(c.unit)],
    [t.registeredAt, `${at(c.registered_at)} · ${t.followers(c.followers)}`],
    [t.place, place || l.unknown],
    [t.target, c.target],
    [t.time, c.time],
    [t.description, c.description],
    [t.demand, c.demand],
    [t.identityMode, t.identityModes[c.identity_mode] ?? c.identity_mode],
  ];
  const factsHtml = facts.filter(([, v]) => v).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const photos = c.evidence.filter((e) => e.sha256);
  const photosHtml =
    photos.length > 0
      ? `<div class="photos">${photos.map((e) => (e.kind === 'photo' ? `<a href="/console/cases/${esc(c.number)}/evidence/${esc(e.sha256)}"><img alt="${esc(e.kind)}" src="/console/cases/${esc(c.number)}/evidence/${esc(e.sha256)}"></a>` : `<a href="/console/cases/${esc(c.number)}/evidence/${esc(e.sha256)}">${esc(e.kind)}</a>`)).join('')}</div>`
      : `<p class="muted">${esc(t.noPhotos)}</p>`;
  const clocks =
    view.clocks.running.length > 0
      ? `<ul>${view.clocks.running.map((d) => `<li>${esc(l.clock(d.kind))}: ${esc(t.due(d.due))}${d.overdue ? ` <span class="flag">${esc(t.overdue)}</span>` : ''}</li>`).join('')}</ul>`
      : `<p class="muted">${esc(t.noClocks)}</p>`;
  const timeline = `<table><tbody>${view.timeline.map((e) => `<tr><td>${esc(at(e.at))}</td><td>${esc(l.event(e.type))}</td><td>${esc(e.actor)}</td><td>${esc(eventDetail(lang, e, extras.units))}</td></tr>`).join('')}</tbody></table>`;
  const transcript =
    extras.transcript.length > 0
      ? `<ul class="chat">${extras.transcript.map((m) => `<li class="${m.direction}"><span class="muted">${esc(m.direction === 'in' ? t.fromReporter : t.fromBot)} ${esc(at(m.at))}</span>\n${esc(m.text)}</li>`).join('')}</ul>`
      : `<p class="muted">${esc(t.noTranscript)}</p>`;
  const identity = view.reporter
    ? `<div class="card" id="reporter"><strong>${esc(t.identityShown)}</strong><dl class="facts"><dt>${esc(t.contactName)}</dt><dd>${esc(view.reporter.contact_name ?? l.unknown)}</dd><dt>${esc(t.contactPhone)}</dt><dd>${esc(view.reporter.contact_phone ?? l.unknown)}</dd><dt>${esc(t.account)}</dt><dd>${esc(view.reporter.channel)} ${esc(view.reporter.chat_id ?? '')}</dd></dl></div>`
    : view.may_reveal
      ? `<form method="post" action="/console/cases/${esc(c.number)}/identity?lang=${lang}">${csrfField(user)}<button type="submit">${esc(t.revealIdentity)}</button> <span class="muted">${esc(t.revealNote)}</span></form>`
      : `<p class="muted">${esc(t.identityHidden[c.identity_mode === 'anonymous' ? 'anonymous' : 'role'])}</p>`;
  const forwardTo = extras.units.filter((u) => u.id !== c.unit?.id);
  const actions = extras.actions.length > 0 ? `<div class="actions">${extras.actions.map((a) => actionForm(lang, user, c.number, a, forwardTo, formKey())).join('')}</div>` : `<p class="muted">${esc(t.noActions)}</p>`;
  const flags = [c.urgent ? `<span class="flag">${esc(t.urgent)}</span>` : '', c.supervised ? `<span class="flag">${esc(t.supervised)}</span>` : '', view.clocks.running.some((d) => d.overdue) ? `<span class="flag">${esc(t.overdue)}</span>` : ''].join(' ');
  return signedInPage(
    { lang, user, path: `/console/cases/${c.number}`, title: t.caseTitle(c.number), current: 'cases' },
    `<h1>${esc(t.caseTitle(c.number))} ${flags}</h1>${flashHtml(flash)}
<div class="card"><dl class="facts">${factsHtml}</dl>${pin ? `<p>${pin}</p>` : ''}</div>
<h2>${esc(t.reporter)}</h2>${identity}
<h2>${esc(t.clocks)}</h2>${clocks}
<h2>${esc(t.actions)}</h2>${actions}
<h2>${esc(t.photos)}</h2>${photosHtml}
<h2>${esc(t.timeline)}</h2>${timeline}
<h2>${esc(t.transcript)}</h2>${transcript}`,
  );
}
