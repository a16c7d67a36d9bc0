import { CATALOGS } from '../i18n/render.js';
import type { Lang } from '../understanding/facts.js';
import { CONSOLE_TEXT } from './text.js';

/** A unit as the staff API gives it. */
export interface UnitView {
  id: string;
  name: string;
  name_en: string;
}

/** Names of things in the console's language: the citizens' catalog's labels, with staff-only extras. */
export function labelsFor(lang: Lang) {
  const l = CATALOGS[lang].labels;
  const t = CONSOLE_TEXT[lang];
  const pick = (map: Record<string, string>, key: string): string => map[key] ?? key;
  return {
    status: (s: string) => pick(l.statuses, s),
    category: (c: string) => pick(l.categories, c),
    categories: (cs: readonly string[]) => cs.map((c) => pick(l.categories, c)).join(lang === 'zh' ? '、' : ', '),
    clock: (k: string) => pick(l.clocks, k),
    finding: (f: string) => pick(l.findings, f),
    event: (e: string) => l.events[e] ?? t.eventNames[e] ?? e,
    unit: (u: UnitView | null) => (u ? (lang === 'zh' ? u.name : u.name_en) : l.unknown),
    unknown: l.unknown,
  };
}
