import type { Lang } from '../facts.js';
import { askValidated, type Asked } from './ask.js';
import { textForModel } from './mask.js';
import type { ChatModel } from './model.js';
import { fill, type Prompt } from './prompts.js';
import type { ReplyProposal } from './schemas.js';

/** What a warm question is written from. */
export interface WarmQuestionInput {
  lang: Lang;
  /** The one slot to ask for (`place`, `target`...). */
  slot: string;
  /** What the report already holds, by slot. */
  known: Record<string, string>;
  /** The catalog's question for the slot: the fallback, and a guide for the model. */
  fallback: string;
  /** Names and numbers of the reporter, masked from what is sent. */
  personal: readonly string[];
  sendPersonalData: boolean;
}

/** A case number, a link, a long digit run (a phone, an ID) or the ××× marker: never in a reply we did not write. */
const FORBIDDEN = /HY-?\d{8}|https?:\/\/|www\.|\d{5,}|×××/i;

/**
 * Whether a model's reply may be shown: in the reporter's language, a question, and free of case
 * numbers, links and numbers that could be someone's phone or ID.
 */
export function acceptableReply(reply: string, lang: Lang): boolean {
  if (FORBIDDEN.test(reply) || !/[?？]/.test(reply)) return false;
  const han = /\p{Script=Han}/u.test(reply);
  return lang === 'zh' ? han : !han;
}

/**
 * A short, warm question for the one missing fact (prompts/ask-missing.md), or the catalog's
 * question when the model fails or its reply is not {@link acceptableReply}. It only rewords:
 * the state machine still decides which slot is asked and which buttons come with it. Not wired
 * into the engine: each turn may make one model call, and the understanding call uses it.
 */
export async function warmQuestion(model: ChatModel, prompt: Prompt, input: WarmQuestionInput): Promise<{ text: string; asked: Asked<ReplyProposal> }> {
  const mask = (t: string): string => textForModel(t, input.personal, input.sendPersonalData);
  const known = Object.entries(input.known).map(([k, v]) => `${k}: ${v}`).join('\n') || '(nothing yet)';
  const user = fill(prompt.user, { lang: input.lang === 'zh' ? 'Simplified Chinese' : 'English', known: mask(known), slot: input.slot, fallback: input.fallback });
  const asked = await askValidated(model, { system: prompt.system, user, schema: 'ReplyProposal' });
  const text = asked.value && acceptableReply(asked.value.reply, input.lang) ? asked.value.reply : input.fallback;
  return { text, asked };
}
