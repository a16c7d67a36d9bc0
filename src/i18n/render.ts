import type { Lang } from '../understanding/facts.js';
import type { Catalogs, Reply } from './catalog.js';
import { en } from './en.js';
import { zh } from './zh.js';

/** The catalogs of every supported language. */
export const CATALOGS: Catalogs = { zh, en };

/** Renders a reply in `lang`. */
export function render(reply: Reply, lang: Lang): string {
  const catalog = CATALOGS[lang];
  const template = catalog.messages[reply.key] as (p: Reply['params'], l: typeof catalog.labels) => string;
  return template(reply.params, catalog.labels);
}
