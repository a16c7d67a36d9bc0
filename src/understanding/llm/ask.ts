import type { z } from 'zod';
import { requestChars, type ChatModel, type FallbackReason, type ModelRequest } from './model.js';
import { OUTPUT_SCHEMAS, type SchemaName } from './schemas.js';

/** How asking a model for one validated answer went. */
export interface Asked<T> {
  /** The validated answer, or null when the caller must use its own fallback. */
  value: T | null;
  /** `ok` first time, `repaired` after the one repair, `fallback` when there is no answer. */
  outcome: 'ok' | 'repaired' | 'fallback';
  reason: FallbackReason | null;
  /** Requests made: 1, or 2 with a repair. */
  calls: number;
  /** Characters sent, over all requests. */
  chars: number;
  /** Characters of the largest single request. */
  maxChars: number;
  /** Characters of the last answer received (0 when none). */
  answerChars: number;
  latencyMs: number;
}

/** A model's JSON text as an object: code fences some models add around json_object answers are dropped. */
function parseJson(content: string): { ok: true; value: unknown } | { ok: false; problems: string } {
  const bare = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1');
  try {
    return { ok: true, value: JSON.parse(bare) };
  } catch {
    return { ok: false, problems: 'it is not valid JSON' };
  }
}

/** Validation problems as one line for the repair request: paths and messages, no values echoed. */
function problemsOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 6)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** One request's result: a valid value, a failed call, or an invalid answer to repair. */
type Try<T> = { kind: 'value'; value: T } | { kind: 'failed'; reason: FallbackReason } | { kind: 'invalid'; answer: string; problems: string };

/**
 * Asks `model` for an answer that meets `request.schema`. An answer that is not JSON or fails the
 * schema gets exactly one repair request (the answer and what was wrong with it); a second
 * invalid answer, or any failure of the call itself, gives `value: null` with the reason.
 */
export async function askValidated<N extends SchemaName>(model: ChatModel, request: Omit<ModelRequest, 'repair'> & { schema: N }, now: () => number = () => performance.now()): Promise<Asked<z.infer<(typeof OUTPUT_SCHEMAS)[N]>>> {
  type T = z.infer<(typeof OUTPUT_SCHEMAS)[N]>;
  const schema = OUTPUT_SCHEMAS[request.schema];
  const started = now();
  let chars = 0;
  let maxChars = 0;
  let answerChars = 0;
  const attempt = async (r: ModelRequest): Promise<Try<T>> => {
    const size = requestChars(r) + model.structureChars(r.schema);
    chars += size;
    maxChars = Math.max(maxChars, size);
    const reply = await model.complete(r);
    if (!reply.ok) return { kind: 'failed', reason: reply.reason };
    answerChars = reply.content.length;
    const parsed = parseJson(reply.content);
    if (!parsed.ok) return { kind: 'invalid', answer: reply.content, problems: parsed.problems };
    const checked = schema.safeParse(parsed.value);
    return checked.success ? { kind: 'value', value: checked.data as T } : { kind: 'invalid', answer: reply.content, problems: problemsOf(checked.error) };
  };
  const result = (t: Try<T>, calls: number): Asked<T> => ({
    value: t.kind === 'value' ? t.value : null,
    outcome: t.kind !== 'value' ? 'fallback' : calls === 1 ? 'ok' : 'repaired',
    reason: t.kind === 'failed' ? t.reason : t.kind === 'invalid' ? 'invalid' : null,
    calls,
    chars,
    maxChars,
    answerChars,
    latencyMs: Math.round(now() - started),
  });
  const first = await attempt(request);
  if (first.kind !== 'invalid') return result(first, 1);
  return result(await attempt({ ...request, repair: { answer: first.answer.slice(0, 2000), problems: first.problems } }), 2);
}
