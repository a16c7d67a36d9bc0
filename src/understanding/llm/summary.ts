import { redactPersonal } from '../../privacy/redact.js';
import { askValidated, type Asked } from './ask.js';
import type { ChatModel } from './model.js';
import { fill, type Prompt } from './prompts.js';
import type { PublicSummary } from './schemas.js';

/** A closed case as its public summary is written from: never the complaint text or the reporter. */
export interface SummaryInput {
  /** Category names as published. */
  categories: readonly string[];
  /** District and town only. */
  place: string;
  /** The finding's published name, or null. */
  finding: string | null;
  /** The unit's answer: what was done. */
  action: string;
  /** Names and numbers of the people of the case. */
  personal: readonly (string | null)[];
}

/**
 * A one-line public summary of a closed case (prompts/public-summary.md), or `fallback`. What is
 * sent is already cleaned by the digest's redaction, whatever the operator's opt-in, since the
 * result is published; and an answer that the same redaction would change (the model wrote a name
 * or a number back in) is refused for the fallback. `sent` is the user part exactly as sent, for
 * the audit. The summary job (summary-job.ts) passes null, to store "no acceptable summary".
 */
export async function publicSummary<F extends string | null>(model: ChatModel, prompt: Prompt, input: SummaryInput, fallback: F): Promise<{ text: string | F; sent: string; asked: Asked<PublicSummary> }> {
  const clean = (t: string): string => redactPersonal(t, input.personal);
  const user = fill(prompt.user, {
    categories: input.categories.join('、') || '—',
    place: clean(input.place) || '—',
    finding: input.finding ?? '—',
    action: clean(input.action).slice(0, 1000),
  });
  const asked = await askValidated(model, { system: prompt.system, user, schema: 'PublicSummary' });
  const summary = asked.value?.summary;
  return { text: summary && clean(summary) === summary ? summary : fallback, sent: user, asked };
}
