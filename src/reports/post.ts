import type { Digest } from './digest.js';
import { DIGEST_TEXT } from './text.js';

/** The short channel post that announces a digest: Chinese, then English, with the link when the public URL is known. */
export function announcement(d: Digest, url: string | null): string {
  const p = { kind: d.kind, from: d.period.from, to: d.period.to, counts: d.stats.totals, closedCases: d.closed_cases.length, url };
  return `${DIGEST_TEXT.zh.post({ ...p, scope: d.scope.name })}\n—\n${DIGEST_TEXT.en.post({ ...p, scope: d.scope.name_en })}`;
}
