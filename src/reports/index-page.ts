import type { DigestKind } from './digest.js';
import type { DigestFiles } from './files.js';
import { both, esc, page } from './html-page.js';
import { DIGEST_TEXT } from './text.js';

/** One published digest in the index. */
export interface IndexEntry {
  kind: DigestKind;
  scope: string;
  from: string;
  to: string;
  /** Relative to the public folder. */
  files: DigestFiles;
  published_at: string;
}

/** The index as JSON, newest period first, for anyone who republishes the figures. */
export function indexJson(entries: readonly IndexEntry[]): string {
  return `${JSON.stringify({ digests: sorted(entries) }, null, 1)}\n`;
}

const sorted = (entries: readonly IndexEntry[]): IndexEntry[] => [...entries].sort((a, b) => b.to.localeCompare(a.to) || a.kind.localeCompare(b.kind) || a.scope.localeCompare(b.scope, 'zh'));

/**
 * The index page: the province first, then each city, newest period first. It lives in the
 * digests folder, so links are the files' paths without that first segment.
 */
export function indexHtml(entries: readonly IndexEntry[]): string {
  const zh = DIGEST_TEXT.zh;
  const en = DIGEST_TEXT.en;
  const groups = new Map<string, IndexEntry[]>();
  for (const e of sorted(entries).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'province' ? -1 : 1))) {
    const key = `${e.kind}:${e.scope}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const link = (p: string) => esc(p.slice(p.indexOf('/') + 1));
  const sections = [...groups.values()].map((list) => {
    const first = list[0]!;
    return `<h2>${both(zh.title(first.kind, first.scope), en.cadence(first.kind))}</h2>
<ul>${list.map((e) => `<li><a href="${link(e.files.html)}">${esc(zh.period(e.from, e.to))}</a> · <a href="${link(e.files.csv)}">CSV</a> · <a href="${link(e.files.json)}">JSON</a></li>`).join('\n')}</ul>`;
  });
  const body = `<h1>${both(zh.indexTitle, en.indexTitle)}</h1>
<p>${esc(zh.indexIntro)}<span class="en">${esc(en.indexIntro)}</span></p>
${sections.length === 0 ? `<p>${esc(zh.indexEmpty)}<span class="en">${esc(en.indexEmpty)}</span></p>` : sections.join('\n')}
<footer><p class="muted">${esc(zh.privacy)}</p><p class="muted">${esc(en.privacy)}</p><p><a href="index.json">JSON</a></p></footer>`;
  return page(zh.indexTitle, body);
}
