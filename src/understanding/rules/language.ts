import type { Lang } from '../facts.js';

// Tokens that say nothing about the writer's language: commands, case numbers, links, e-mail.
const NEUTRAL = /\/[a-z]+\b|\bHY-\d{8}-\d{4}\b|https?:\/\/\S+|\b[\w.+-]{1,64}@[\w-]{1,64}\.[\w.]{1,64}\b/gi;

/**
 * The language a message is written in: `en` when Latin letters clearly outnumber Chinese
 * characters (a Chinese character carries about as much as three letters, so "有个KTV很吵" stays
 * `zh`), `zh` when there are Chinese characters, and `fallback` when there is neither (emoji,
 * digits, empty).
 */
export function detectLang(text: string, fallback: Lang = 'zh'): Lang {
  const cleaned = text.replace(NEUTRAL, ' ');
  const han = cleaned.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = cleaned.match(/[A-Za-z]/g)?.length ?? 0;
  if (han === 0 && latin === 0) return fallback;
  return latin > han * 3 ? 'en' : 'zh';
}
