/**
 * How Huiyin talks to an OpenAI-compatible model: which server, which model, how it asks for
 * structured output, how long it waits. Presets carry what each provider needs so an operator
 * sets a key and a preset name, not five variables.
 */

/**
 * How the model is asked for structured output:
 * - `json_schema`: `response_format` with our JSON schema (OpenAI, Ollama, vLLM);
 * - `json_object`: `response_format: {type: 'json_object'}`, the prompt shows the shape (DeepSeek, Qwen);
 * - `tools`: one forced function call whose parameters are the schema (servers with tools but no response_format).
 */
export const OUTPUT_MODES = ['json_schema', 'json_object', 'tools'] as const;

/** One of {@link OUTPUT_MODES}. */
export type OutputMode = (typeof OUTPUT_MODES)[number];

/** Providers with a known-good preset. */
export const LLM_PRESETS = ['openai', 'deepseek', 'qwen', 'ollama', 'vllm'] as const;

/** One of {@link LLM_PRESETS}. */
export type LlmPreset = (typeof LLM_PRESETS)[number];

/** What a preset fills in when the operator leaves it empty. */
export interface PresetDefaults {
  baseURL: string;
  model: string;
  mode: OutputMode;
  /** Local servers take any key; hosted ones refuse a request without theirs. */
  needsKey: boolean;
}

/**
 * The presets. DeepSeek accepts only `json_object`; Qwen's compatible mode has `json_object` on
 * every model but `json_schema` on a few, so both use `json_object` (validated by zod, one repair).
 */
export const PRESETS: Record<LlmPreset, PresetDefaults> = {
  openai: { baseURL: 'https://api.openai.com/v1', model: 'gpt-4o-mini', mode: 'json_schema', needsKey: true },
  deepseek: { baseURL: 'https://api.deepseek.com/v1', model: 'deepseek-chat', mode: 'json_object', needsKey: true },
  qwen: { baseURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1', model: 'qwen-plus', mode: 'json_object', needsKey: true },
  ollama: { baseURL: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b', mode: 'json_schema', needsKey: false },
  vllm: { baseURL: 'http://127.0.0.1:8000/v1', model: 'Qwen/Qwen2.5-7B-Instruct', mode: 'json_schema', needsKey: false },
};

/** Everything the model client and the LLM understander need. */
export interface LlmSettings {
  preset: LlmPreset | null;
  baseURL: string;
  /** Sent as the bearer token; a placeholder for local servers that ignore it. */
  apiKey: string;
  model: string;
  mode: OutputMode;
  /** One call's whole budget; past it the rules answer alone. */
  timeoutMs: number;
  /**
   * The operator opted in to sending names, phone and ID numbers as written. Off by default:
   * they are masked first (src/understanding/llm/mask.ts).
   */
  sendPersonalData: boolean;
}

/** The environment's say, already type-checked by the configuration schema. */
export interface LlmEnv {
  apiKey?: string;
  baseURL?: string;
  model?: string;
  preset?: LlmPreset;
  mode?: OutputMode;
  timeoutMs: number;
  sendPersonalData: boolean;
}

/**
 * The model settings, or null when no model is configured (no key, no base URL, no preset): the
 * rules then work alone. Throws a configuration message when a hosted preset has no key, or a
 * base URL comes without a model and without a preset to name one.
 */
export function llmSettings(env: LlmEnv): LlmSettings | null {
  if (!env.apiKey && !env.baseURL && !env.preset) return null;
  const preset = env.preset ?? (env.baseURL ? null : 'openai');
  const defaults = preset ? PRESETS[preset] : null;
  if (defaults?.needsKey && !env.apiKey) throw new Error(`OPENAI_API_KEY: required with HUIYIN_LLM_PRESET=${preset}`);
  const model = env.model ?? defaults?.model;
  if (!model) throw new Error('OPENAI_MODEL: required with OPENAI_BASE_URL unless HUIYIN_LLM_PRESET names a provider');
  return {
    preset,
    baseURL: env.baseURL ?? (defaults as PresetDefaults).baseURL,
    apiKey: env.apiKey ?? 'not-needed',
    model,
    mode: env.mode ?? defaults?.mode ?? 'json_schema',
    timeoutMs: env.timeoutMs,
    sendPersonalData: env.sendPersonalData,
  };
}
