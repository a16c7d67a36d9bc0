import type { Lang } from '../understanding/facts.js';
import { CONSOLE_TEXT } from './text.js';

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

/** A whole console page: the layout every page shares, with no script and no outside resources. */
export function layout(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font: 15px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1d2a24; background: #f5f7f6; }
header { display: flex; gap: 16px; align-items: center; padding: 10px 20px; background: #1f6f4a; color: #fff; }
header a, header button { color: #fff; }
header .grow { flex: 1; }
main { padding: 20px; max-width: 1100px; margin: 0 auto; }
form.inline { display: inline; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { padding: 6px 8px; border-bottom: 1px solid #dde5e0; text-align: left; vertical-align: top; }
.flag { display: inline-block; padding: 0 6px; border-radius: 3px; background: #b3261e; color: #fff; font-size: 12px; }
.error { color: #b3261e; }
.login { max-width: 340px; margin: 60px auto; background: #fff; padding: 24px; border-radius: 6px; }
.login label { display: block; margin: 10px 0 4px; }
.login input { width: 100%; padding: 6px; box-sizing: border-box; }
button { padding: 6px 14px; }
</style></head><body>${body}</body></html>`;
}
