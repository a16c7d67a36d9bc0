import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { repairInstruction, type ChatModel, type ModelReply, type ModelRequest } from './model.js';
import { jsonSchemaOf } from './schemas.js';
import type { LlmSettings, OutputMode } from './settings.js';

/** The longest answer asked for: a fact proposal or a two-sentence reply fits easily. */
const MAX_ANSWER_TOKENS = 400;

/** The name of the single function in `tools` mode. */
const TOOL_NAME = 'answer';

/** The request body's structured-output part for `mode`. */
function structured(mode: OutputMode, schema: ModelRequest['schema']): Partial<ChatCompletionCreateParamsNonStreaming> {
  if (mode === 'json_object') return { response_format: { type: 'json_object' } };
  if (mode === 'json_schema') return { response_format: { type: 'json_schema', json_schema: { name: schema, strict: true, schema: jsonSchemaOf(schema) } } };
  return {
    tools: [{ type: 'function', function: { name: TOOL_NAME, description: `Give the ${schema}.`, strict: true, parameters: jsonSchemaOf(schema) } }],
    tool_choice: { type: 'function', function: { name: TOOL_NAME } },
  };
}

/** Maps what the SDK threw to a fallback reason; the SDK's classes tell timeouts from HTTP errors. */
function failure(err: unknown): ModelReply {
  const detail = err instanceof Error ? err.message.slice(0, 200) : String(err);
  if (err instanceof OpenAI.APIConnectionTimeoutError || err instanceof OpenAI.APIUserAbortError) return { ok: false, reason: 'timeout', detail };
  if (err instanceof OpenAI.APIConnectionError) return { ok: false, reason: 'connection', detail };
  if (err instanceof OpenAI.APIError) return { ok: false, reason: 'http_error', detail: `${err.status ?? ''} ${detail}`.trim() };
  return { ok: false, reason: 'connection', detail };
}

/**
 * The {@link ChatModel} over the `openai` SDK (6.x) with a `baseURL`, so any OpenAI-compatible
 * server works. Retries are off (`maxRetries: 0`): a failed call falls back to the rules at once
 * instead of keeping a reporter waiting, and the whole call, body included, is bounded by the timeout.
 */
export class OpenAiChatModel implements ChatModel {
  readonly name: string;
  readonly mode: OutputMode;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(settings: Pick<LlmSettings, 'apiKey' | 'baseURL' | 'model' | 'mode' | 'timeoutMs'>) {
    this.name = settings.model;
    this.mode = settings.mode;
    this.timeoutMs = settings.timeoutMs;
    this.client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, timeout: settings.timeoutMs, maxRetries: 0 });
  }

  /** The JSON size of what {@link structured} adds to a request in this mode. */
  structureChars(schema: ModelRequest['schema']): number {
    return JSON.stringify(structured(this.mode, schema)).length;
  }

  /** Sends one chat completion; never rejects. */
  async complete(request: ModelRequest): Promise<ModelReply> {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ];
    if (request.repair) {
      messages.push({ role: 'assistant', content: request.repair.answer }, { role: 'user', content: repairInstruction(request.repair.problems) });
    }
    const body: ChatCompletionCreateParamsNonStreaming = { model: this.name, messages, temperature: 0, max_tokens: MAX_ANSWER_TOKENS, ...structured(this.mode, request.schema) };
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      // The SDK's timeout covers the wait for headers; the signal also bounds a slow body.
      completion = await this.client.chat.completions.create(body, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      return failure(err);
    }
    const choice = completion.choices?.[0];
    if (!choice) return { ok: false, reason: 'empty' };
    if (choice.finish_reason === 'length') return { ok: false, reason: 'length' };
    if (choice.finish_reason === 'content_filter') return { ok: false, reason: 'content_filter' };
    if (choice.message?.refusal) return { ok: false, reason: 'refusal', detail: choice.message.refusal.slice(0, 200) };
    const call = choice.message?.tool_calls?.find((c) => c.type === 'function');
    const content = this.mode === 'tools' && call?.type === 'function' ? call.function.arguments : choice.message?.content;
    if (!content || content.trim() === '') return { ok: false, reason: 'empty' };
    return { ok: true, content };
  }
}
