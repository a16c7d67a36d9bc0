import { CATALOGS } from '../i18n/render.js';
import type { CaseStats, StatsCounts } from './case-stats.js';
import type { Digest, PublicCase } from './digest.js';
import type { DigestFiles } from './files.js';
import { both, esc, page } from './html-page.js';
import { categoryName, countLabel, DIGEST_TEXT, districtLabel } from './text.js';

const zh = DIGEST_TEXT.zh;
const en = DIGEST_TEXT.en;
const COUNTS: (keyof StatsCounts)[] = ['received', 'accepted', 'not_accepted', 'answered', 'closed', 'on_time', 'overdue'];

function countsTable(stats: CaseStats, d: Digest, by: 'district' | 'category'): string {
  const rows = by === 'district' ? stats.byDistrict.map((r) => ({ name: districtLabel(r.district, d), counts: r.counts })) : stats.byCategory.map((r) => ({ name: categoryName(r.category), counts: r.counts }));
  const cells = (c: StatsCounts) => COUNTS.map((k) => `<td>${c[k]}</td>`).join('');
  const head = by === 'district' ? both(zh.district, en.district) : both(zh.category, en.category);
  return `<h3>${by === 'district' ? both(zh.byDistrict, en.byDistrict) : both(zh.byCategory, en.byCategory)}</h3>
<div class="scroll"><table>
<thead><tr><th>${head}</th>${COUNTS.map((k) => `<th>${both(countLabel(k, 'zh'), countLabel(k, 'en'))}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr><td>${both(r.name.zh, r.name.en === r.name.zh ? '' : r.name.en)}</td>${cells(r.counts)}</tr>`).join('\n')}</tbody>
${by === 'district' ? `<tfoot><tr><td>${both(zh.total, en.total)}</td>${cells(stats.totals)}</tr></tfoot>` : ''}
</table></div>`;
}

function closedCase(c: PublicCase): string {
  const zl = CATALOGS.zh.labels;
  const el = CATALOGS.en.labels;
  const cats = c.categories.map(categoryName);
  const rows: [string, string, string][] = [];
  if (c.finding) rows.push([zh.finding, en.finding, `${esc(zl.findings[c.finding])} <span class="muted">${esc(el.findings[c.finding])}</span>`]);
  if (c.action) rows.push([zh.action, en.action, esc(c.action)]);
  if (c.merged_into) rows.push([zh.action, en.action, `${esc(zh.mergedInto(c.merged_into))} <span class="muted">${esc(en.mergedInto(c.merged_into))}</span>`]);
  const dates = [`${zh.registered} ${c.registered}`, ...(c.answered ? [`${zh.answered} ${c.answered}`] : []), `${zh.closedOn} ${c.closed}`];
  const datesEn = [`${en.registered} ${c.registered}`, ...(c.answered ? [`${en.answered} ${c.answered}`] : []), `${en.closedOn} ${c.closed}`];
  return `<li><span class="num">${esc(c.number)}</span> · ${esc(c.place || zh.unknownPlace)} · ${cats.map((x) => `${esc(x.zh)} <span class="muted">${esc(x.en)}</span>`).join('、')}
<dl>${rows.map(([a, b, v]) => `<dt>${esc(a)}<span class="en">${esc(b)}</span></dt><dd>${v}</dd>`).join('')}</dl>
<p class="muted">${esc(dates.join(' · '))}<br>${esc(datesEn.join(' · '))}</p></li>`;
}

/** The digest as one self-contained page: figures first, then the closed cases, then what was left out. */
export function digestHtml(d: Digest, files: DigestFiles): string {
  const name = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  const t = d.stats.totals;
  const body = `<header>
<h1>${both(zh.title(d.kind, d.scope.name), en.title(d.kind, d.scope.name_en))}</h1>
<p><b>${esc(zh.period(d.period.from, d.period.to))}</b><span class="en">${esc(en.period(d.period.from, d.period.to))}</span></p>
<p class="muted">${esc(zh.cadence(d.kind))} ${esc(en.cadence(d.kind))}</p>
</header>
<section>
<h2>${both(zh.receivedHeading, en.receivedHeading)}</h2>
<div class="tiles">${COUNTS.map((k) => `<div class="tile"><b>${t[k]}</b>${esc(countLabel(k, 'zh'))}<span class="en">${esc(countLabel(k, 'en'))}</span></div>`).join('')}</div>
${countsTable(d.stats, d, 'district')}
${countsTable(d.stats, d, 'category')}
<p class="muted">${esc(zh.definitions)}</p>
<p class="muted">${esc(en.definitions)}</p>
</section>
<section>
<h2>${both(zh.closedHeading, en.closedHeading)} (${d.closed_cases.length})</h2>
${d.closed_cases.length === 0 ? `<p>${esc(zh.noClosed)}<span class="en">${esc(en.noClosed)}</span></p>` : `<ol class="cases">\n${d.closed_cases.map(closedCase).join('\n')}\n</ol>`}
</section>
<footer>
<p class="muted">${esc(zh.privacy)}</p>
<p class="muted">${esc(en.privacy)}</p>
<p>${esc(zh.downloads)} / ${esc(en.downloads)}: <a href="${esc(name(files.csv))}">CSV</a> · <a href="${esc(name(files.cases_csv))}">CSV (${esc(zh.closedHeading)})</a> · <a href="${esc(name(files.json))}">JSON</a> · <a href="../../index.html">${esc(zh.indexTitle)}</a></p>
<p class="muted">${esc(zh.generated(`${d.generated_at} (${d.time_zone})`))} · ${esc(en.generated(`${d.generated_at} (${d.time_zone})`))}</p>
</footer>`;
  return page(`${zh.title(d.kind, d.scope.name)} ${zh.period(d.period.from, d.period.to)}`, body);
}
