import type { StaffRefusal } from '../i18n/catalog.js';
import { render } from '../i18n/render.js';

/** A message for people, in both languages staff read. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** One problem with a request, as zod found it. */
export interface Issue {
  path: string;
  code: string;
  message: string;
}

/** Why a request was not done; the HTTP layer turns the kind into a status code. */
export type ApiFailureKind = 'bad_request' | 'forbidden' | 'not_found' | 'conflict' | 'key_reused';

/**
 * What the staff API answers, independent of HTTP: a body, or a failure with a machine-readable
 * `error` code and a message for people. Kept as JSON for idempotent retries, so plain data only.
 */
export type ApiAnswer = { kind: 'ok'; body: unknown } | { kind: ApiFailureKind; error: string; message: Bilingual; issues?: Issue[] };

/** A refusal in the words staff get over chat for the same refusal. */
export function refused(kind: ApiFailureKind, ref: string, why: StaffRefusal): ApiAnswer {
  const reply = { key: 'staff_refused', params: { ref, why } } as const;
  return { kind, error: why, message: { zh: render(reply, 'zh'), en: render(reply, 'en') } };
}

/** A request that does not have the expected shape, with each problem. */
export function badRequest(issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[]): ApiAnswer {
  return {
    kind: 'bad_request',
    error: 'bad_request',
    message: { zh: '请求格式不正确', en: 'The request is not valid' },
    issues: issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message })),
  };
}

/** A retry whose key was first used for a different request: acting would guess which one was meant. */
export const KEY_REUSED: ApiAnswer = {
  kind: 'key_reused',
  error: 'idempotency_key_reused',
  message: { zh: '该 Idempotency-Key 已用于另一个请求，请换一个新的', en: 'This Idempotency-Key was used for a different request; use a new key' },
};
