import { redactPersonal } from '../../privacy/redact.js';

/**
 * Text as it may leave for a model. Unless the operator opted in (`HUIYIN_LLM_SEND_PERSONAL_DATA`),
 * the same rules as the public digests apply (src/privacy/redact.ts): phone, ID and account
 * numbers, e-mail and chat handles, house numbers, names after a label or before an honorific, and
 * every occurrence of the names and numbers in `known` (the reporter's own contact, a name they
 * gave) become ×××. A model needs none of these to tell a smell from a noise or to find a town.
 */
export function textForModel(text: string, known: readonly (string | null | undefined)[], sendPersonalData: boolean): string {
  return sendPersonalData ? text : redactPersonal(text, known);
}
