import type { SchemaName } from './schemas.js';
import type { OutputMode } from './settings.js';

/**
 * Why a model's answer was not used, so the rules answered alone. The reporter never sees any of
 * these; each is counted (see {@link LlmCounters}) and recorded with the call.
 */
export type FallbackReason =
  /** No answer within the timeout. */
  | 'timeout'
  /** The server answered with an HTTP error (401, 429, 500…). */
  | 'http_error'
  /** The server could not be reached. */
  | 'connection'
  /** The model refused (`message.refusal`). */
  | 'refusal'
  /** `finish_reason: length`: the answer was cut off. */
  | 'length'
  /** `finish_reason: content_filter`. */
  | 'content_filter'
  /** No content, no tool call, or only blanks (DeepSeek's json_object can do that). */
  | 'empty'
  /** The answer failed validation twice (the answer and its one repair). */
  | 'invalid';

/** One request to a chat model: our system and user texts and the schema the answer must meet. */
export interface ModelRequest {
  system: string;
  user: string;
  schema: SchemaName;
  /** Set for the one repair attempt: the invalid answer and what was wrong with it. */
  repair?: { answer: string; problems: string };
}

/** What a chat model gave back: the answer's JSON text, or why there is none. */
export type ModelReply = { ok: true; content: string } | { ok: false; reason: Exclude<FallbackReason, 'invalid'>; detail?: string };

/**
 * A chat model behind an OpenAI-compatible API. One implementation talks HTTP (client.ts, the only
 * file that imports the SDK); everything else is written against this, and never throws for a
 * model's failure — it returns it.
 */
export interface ChatModel {
  /** The model's name, as recorded with each call. */
  readonly name: string;
  readonly mode: OutputMode;
  /** Sends one request; resolves with the answer text or the failure, never rejects. */
  complete(request: ModelRequest): Promise<ModelReply>;
  /** Characters of the structured-output definition (a JSON schema or a tool) each request carries besides the messages. */
  structureChars(schema: SchemaName): number;
}

/** The words of a repair request: the answer came back, it did not fit, here is why. */
export function repairInstruction(problems: string): string {
  return `That answer is not valid: ${problems}. Answer again with only the json object, with exactly the keys shown and nothing else.`;
}

/** How many characters a request sends (system, user, and a repair's extra turns): what is bounded and benchmarked. */
export function requestChars(r: ModelRequest): number {
  return r.system.length + r.user.length + (r.repair ? r.repair.answer.length + repairInstruction(r.repair.problems).length : 0);
}
