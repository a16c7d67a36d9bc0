import type { Lang } from '../understanding/facts.js';
import type { Catalogs, Reply } from './catalog.js';
import { en } from './en.js';
import { zh } from './zh.js';

/** The catalogs of every supported language. */
export const CATALOGS: Catalogs = { zh, en };

/** Renders for staff: Simplified Chinese first, English second. */
export function renderForStaff(reply: Reply): string {
  return `${render(reply, 'zh')}\n—\n${render(reply, 'en')}`;
}

/** Renders a reply in `lang`. */
export function render(reply: Reply, lang: Lang): string {
  const catalog = CATALOGS[lang];
  const template = catalog.messages[reply.key] as (p: Reply['params'], l: typeof catalog.labels) => string;
  return template(reply.params, catalog.labels);
}
