import type { Lang } from '../understanding/facts.js';
import { CONSOLE_TEXT, type ConsolePage } from './text.js';

/** Escapes text for HTML: everything shown comes from people (complaints, names) and is untrusted. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A link to the same page in the other language. */
export function langSwitch(path: string, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const sep = path.includes('?') ? '&' : '?';
  return `<a class="lang" href="${esc(`${path}${sep}lang=${other}`)}">${esc(CONSOLE_TEXT[lang].otherLanguage)}</a>`;
}

/** Who is signed in, as every page's header shows them. */
export interface ConsoleUserView {
  name: string;
  handle: string;
  csrf: string;
  seesAllUnits: boolean;
}

/** The hidden field every form carries: the session's CSRF token. */
export function csrfField(user: ConsoleUserView): string {
  return `<input type="hidden" name="csrf" value="${esc(user.csrf)}">`;
}

/** A message above a page's content: what an action did, or why it was refused. */
export interface Flash {
  ok: boolean;
  text: string;
}

/** A flash message as HTML (a role the screen reader announces). */
export function flashHtml(flash: Flash | null): string {
  return flash ? `<p class="${flash.ok ? 'ok' : 'error'}" role="${flash.ok ? 'status' : 'alert'}">${esc(flash.text)}</p>` : '';
}

/** What a page is: where it is, its title, what the navigation marks, and whether it reloads itself. */
export interface PageFrame {
  lang: Lang;
  user: ConsoleUserView;
  /** The path and query of this page, for the language switch. */
  path: string;
  title: string;
  current: ConsolePage | null;
  /** Seconds between reloads of a live page (no script: the console's policy forbids it). */
  refresh?: number;
}

/** A signed-in page: the header with navigation, who is signed in, the language switch and sign-out. */
export function signedInPage(frame: PageFrame, body: string): string {
  const { lang, user, path, current } = frame;
  const t = CONSOLE_TEXT[lang];
  const pages: ConsolePage[] = user.seesAllUnits ? ['escalations', 'triage', 'cases', 'roster', 'dashboard'] : ['escalations', 'cases', 'roster', 'dashboard'];
  const nav = pages.map((p) => `<a href="/console/${p}?lang=${lang}"${p === current ? ' aria-current="page"' : ''}>${esc(t.pages[p])}</a>`).join('');
  const header = `<header><strong>${esc(t.title)}</strong><nav>${nav}</nav><span class="grow"></span><span>${esc(user.name)} (${esc(user.handle)})</span>${langSwitch(path, lang)}
<form class="inline" method="post" action="/console/logout?lang=${lang}">${csrfField(user)}<button type="submit">${esc(t.signOut)}</button></form></header>`;
  return layout(lang, `${frame.title} · ${t.title}`, `${header}<main>${body}</main>`, frame.refresh);
}

/** A whole console page: the layout every page shares, with no script and no outside resources. */
export function layout(lang: Lang, title: string, body: string, refresh?: number): string {
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? `<meta http-equiv="refresh" content="${refresh}">` : ''}<title>${esc(title)}</title>
<style>
body { font: 15px/1.5 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1d2a24; background: #f5f7f6; }
header { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; padding: 10px 20px; background: #1f6f4a; color: #fff; }
header a, header button { color: #fff; }
header nav { display: flex; gap: 14px; }
header nav a[aria-current] { font-weight: bold; text-decoration: underline; }
header .grow { flex: 1; }
header button { background: transparent; border: 1px solid #fff; border-radius: 3px; }
main { padding: 20px; max-width: 1100px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 17px; margin: 22px 0 8px; }
form.inline { display: inline; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { padding: 6px 8px; border-bottom: 1px solid #dde5e0; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.flag { display: inline-block; padding: 0 6px; border-radius: 3px; background: #b3261e; color: #fff; font-size: 12px; }
.flag.soft { background: #8a6d00; }
.error { color: #b3261e; font-weight: bold; }
.ok { color: #1f6f4a; font-weight: bold; }
.muted { color: #5b6b63; }
.card { background: #fff; border-radius: 6px; padding: 14px 16px; margin: 12px 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; }
.facts dt { color: #5b6b63; }
.facts dd { margin: 0; white-space: pre-wrap; }
.actions { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
.actions form { background: #fff; border: 1px solid #dde5e0; border-radius: 6px; padding: 10px 12px; }
.actions label { display: block; margin: 6px 0 2px; font-size: 13px; color: #5b6b63; }
.actions input, .actions select, .actions textarea, .reply textarea { width: 100%; box-sizing: border-box; padding: 5px; }
.chat { list-style: none; padding: 0; }
.chat li { margin: 6px 0; padding: 6px 10px; border-radius: 6px; max-width: 80%; white-space: pre-wrap; }
.chat li.in { background: #e4efe9; }
.chat li.out { background: #fff; margin-left: auto; }
.photos img { max-width: 240px; max-height: 240px; margin: 4px; border: 1px solid #dde5e0; }
.login { max-width: 340px; margin: 60px auto; background: #fff; padding: 24px; border-radius: 6px; }
.login label { display: block; margin: 10px 0 4px; }
.login input { width: 100%; padding: 6px; box-sizing: border-box; }
button { padding: 6px 14px; }
svg text { font: 12px system-ui, "Noto Sans CJK SC", sans-serif; fill: #1d2a24; }
</style></head><body>${body}</body></html>`;
}

/** A local time as staff read it: `2026-11-27 22:05`. */
export function localStamp(at: Date | string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
