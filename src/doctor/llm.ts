import type { Config } from '../config.js';
import { OpenAiChatModel } from '../understanding/llm/client.js';
import type { CheckResult } from './result.js';

/**
 * One tiny chat completion through the same client and timeout as understanding uses. Only a
 * failure to get an answer fails (timeout, connection, HTTP error); an answer the model cut off
 * or refused still proves the endpoint, key and model work, and only warns.
 */
export async function checkLlm(llm: Config['llm']): Promise<CheckResult> {
  const name = 'llm';
  if (!llm) return { status: 'skip', name, message: 'no model configured (OPENAI_API_KEY, OPENAI_BASE_URL, HUIYIN_LLM_PRESET unset)' };
  const model = new OpenAiChatModel(llm);
  const started = Date.now();
  const reply = await model.complete({ system: 'Answer with the facts in the message as JSON.', user: 'ping', schema: 'FactProposal' });
  const ms = Date.now() - started;
  const where = `${llm.model} at ${llm.baseURL}`;
  if (reply.ok) return { status: 'ok', name, message: `${where} answered in ${ms} ms (${llm.mode})` };
  const detail = reply.detail ? ` (${reply.detail})` : '';
  if (reply.reason === 'timeout') return { status: 'fail', name, message: `${where}: no answer within HUIYIN_LLM_TIMEOUT_MS=${llm.timeoutMs}${detail}: check the server, or raise the timeout` };
  if (reply.reason === 'connection') return { status: 'fail', name, message: `${where}: cannot connect${detail}: check OPENAI_BASE_URL` };
  if (reply.reason === 'http_error') return { status: 'fail', name, message: `${where}: HTTP error${detail}: check OPENAI_API_KEY and OPENAI_MODEL` };
  return { status: 'warn', name, message: `${where} answered in ${ms} ms but gave no usable answer: ${reply.reason}${detail}; check HUIYIN_LLM_MODE (${llm.mode})` };
}
