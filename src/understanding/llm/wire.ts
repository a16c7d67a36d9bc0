import { fileURLToPath } from 'node:url';
import type { Understander } from '../facts.js';
import { OpenAiChatModel } from './client.js';
import { LlmCounters } from './counters.js';
import { loadPrompts, type PromptSet } from './prompts.js';
import type { LlmCallRecorder } from './record.js';
import type { LlmSettings } from './settings.js';
import { LlmUnderstander, type WarnLog } from './understander.js';

/** The prompts shipped with Huiyin: `prompts/` at the project's root. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url));

/** What {@link modelUnderstanding} wires: the understander, its counters and the prompts it loaded. */
export interface ModelUnderstanding {
  understander: Understander;
  counters: LlmCounters;
  prompts: PromptSet;
}

/**
 * The model-backed understanding for `settings`, over the rules: the OpenAI-compatible client,
 * the prompts (read now, so a broken prompt file stops the start), counters and the call recorder.
 */
export function modelUnderstanding(settings: LlmSettings, deps: { rules: Understander; recorder: LlmCallRecorder | null; log: WarnLog; clock: () => Date; promptsDir?: string; onCall?: (seconds: number, outcome: 'ok' | 'repaired' | 'fallback') => void }): ModelUnderstanding {
  const prompts = loadPrompts(deps.promptsDir ?? PROMPTS_DIR);
  const counters = new LlmCounters(deps.onCall);
  const understander = new LlmUnderstander({
    rules: deps.rules,
    model: new OpenAiChatModel(settings),
    prompt: prompts.extract,
    question: prompts.question,
    sendPersonalData: settings.sendPersonalData,
    counters,
    recorder: deps.recorder,
    log: deps.log,
    clock: deps.clock,
  });
  return { understander, counters, prompts };
}
