import type { Facts, Phrasing, UnderstandContext, Understander } from '../facts.js';
import { askValidated, type Asked } from './ask.js';
import type { LlmCounters } from './counters.js';
import { skipModel } from './gate.js';
import { textForModel } from './mask.js';
import { mergeProposal } from './merge.js';
import type { ChatModel } from './model.js';
import { fill, type Prompt } from './prompts.js';
import type { LlmCallRecorder } from './record.js';
import { acceptableQuestion, missingSlots } from './question.js';
import type { FactAndQuestion } from './schemas.js';

/** The most of a message a model reads: a complaint's facts are in its first lines; this bounds every prompt. */
export const MAX_MESSAGE_CHARS = 800;
/** The most of the conversation-so far a model reads. */
export const MAX_DIALOGUE_CHARS = 300;
/** Messages whose proposal is kept for a recomputed turn (the engine recomputes when a conversation moved on). */
const REMEMBERED = 1000;

/** Where fallbacks are logged: a pino logger fits. Never given message text. */
export interface WarnLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** What the {@link LlmUnderstander} needs. */
export interface LlmUnderstanderDeps {
  /** The floor: always run first, and the answer whenever the model's is not usable. */
  rules: Understander;
  model: ChatModel;
  /** The fact-extraction prompt (`prompts/extract-facts.md`). */
  prompt: Prompt;
  /** The missing-fact question's prompt (`prompts/ask-missing.md`), sent in the same call when a fact is missing. */
  question: Prompt;
  /** The operator's opt-in to send names and numbers unmasked. */
  sendPersonalData: boolean;
  counters: LlmCounters;
  /** Where each call is recorded; best effort. */
  recorder: LlmCallRecorder | null;
  log: WarnLog;
  clock: () => Date;
}

/** The conversation so far as the prompt shows it, masked like the message, bounded. */
function dialogueText(context: UnderstandContext, mask: (t: string) => string): string {
  const d = context.dialogue;
  if (!d) return '(no report under way)';
  const known = Object.entries(d.known).map(([k, v]) => `${k}: ${v}`);
  const lines = [`phase: ${d.phase}`, `asked for: ${d.awaiting ?? 'nothing yet'}`, ...known];
  return mask(lines.join('\n')).slice(0, MAX_DIALOGUE_CHARS);
}

/**
 * The {@link Understander} that asks an OpenAI-compatible model, with the rules as the floor. The
 * rules read every message first; messages they settle for certain (buttons, commands, choices,
 * short answers, contact questions — see `skipModel`) never reach the model. Otherwise one call
 * proposes facts, validated by zod (one repair), and {@link mergeProposal} lets it fill only what
 * the rules left empty; the same call words the question for the first fact still missing
 * ({@link Phrasing}), which the reply uses only if the state machine asks that fact. Any failure — timeout, HTTP error, refusal, cut-off or filtered answer,
 * empty or invalid answer — gives the rules' facts, silently for the reporter, counted and logged.
 * The model proposes; the state machine decides: nothing here can change a case.
 */
export class LlmUnderstander implements Understander {
  private readonly proposals = new Map<string, Promise<Asked<FactAndQuestion>>>();

  constructor(private readonly deps: LlmUnderstanderDeps) {}

  /** Reads `text`; never rejects, and answers the rules' facts whenever the model's are unusable. */
  async understand(text: string, context: UnderstandContext = {}): Promise<Facts> {
    const rules = await this.deps.rules.understand(text, context);
    const skip = skipModel(text, rules, context);
    if (skip) {
      this.deps.counters.skip(skip);
      return rules;
    }
    const asked = await this.proposal(text, rules, context);
    if (!asked.value) return rules;
    const facts = mergeProposal(rules, asked.value, text, context).facts;
    const phrasing = phrasingOf(asked.value, rules);
    return phrasing ? { ...facts, phrasing } : facts;
  }

  /** The model's proposal for a message: asked once per journal message id, however often its turn is recomputed. */
  private proposal(text: string, rules: Facts, context: UnderstandContext): Promise<Asked<FactAndQuestion>> {
    const key = context.messageId;
    const known = key ? this.proposals.get(key) : undefined;
    if (known) return known;
    const asking = this.ask(text, rules, context);
    if (key) {
      this.proposals.set(key, asking);
      if (this.proposals.size > REMEMBERED) this.proposals.delete(this.proposals.keys().next().value as string);
    }
    return asking;
  }

  private async ask(text: string, rules: Facts, context: UnderstandContext): Promise<Asked<FactAndQuestion>> {
    const { model, prompt, sendPersonalData, counters } = this.deps;
    const known = [...(context.dialogue?.personal ?? []), rules.name, rules.phone];
    const mask = (t: string): string => textForModel(t, known, sendPersonalData);
    const missing = missingSlots(rules, context);
    const facts = fill(prompt.user, { dialogue: dialogueText(context, mask), message: mask(text.trim().slice(0, MAX_MESSAGE_CHARS)) });
    // The question rides on the same call, and only when there is something to ask.
    const question = this.deps.question;
    const sent = missing.length > 0 ? `${facts}\n\n${fill(question.user, { missing: missing.join(', ') })}` : facts;
    const system = missing.length > 0 ? `${prompt.system}\n\n${question.system}` : prompt.system;
    const asked = await askValidated(model, { system, user: sent, schema: 'FactAndQuestion' });
    counters.asked(asked);
    if (asked.reason) this.deps.log.warn({ reason: asked.reason, model: model.name, mode: model.mode, conversationId: context.conversationId, messageId: context.messageId }, 'model answer not used; the rules answered');
    const used: string[] = asked.value ? mergeProposal(rules, asked.value, text, context).taken : [];
    if (asked.value && phrasingOf(asked.value, rules)) used.push('question');
    this.deps.recorder?.record({
      conversationId: context.conversationId ?? null,
      messageId: context.messageId ?? null,
      prompt: missing.length > 0 ? `${prompt.name}@${prompt.version}+${question.name}@${question.version}` : `${prompt.name}@${prompt.version}`,
      model: model.name,
      mode: model.mode,
      sent,
      personalData: sendPersonalData,
      chars: asked.chars,
      requests: asked.calls,
      outcome: asked.outcome,
      reason: asked.reason,
      used,
      latencyMs: asked.latencyMs,
      at: this.deps.clock(),
    });
    return asked;
  }
}

/** The model's question, when it is one the reporter may be shown (see {@link acceptableQuestion}). */
function phrasingOf(answer: FactAndQuestion, rules: Facts): Phrasing | null {
  const { missing, question } = answer;
  return missing && question && acceptableQuestion(question, rules.lang) ? { slot: missing, question, lang: rules.lang } : null;
}
