import { bilingual, type Bilingual } from './text.js';

/** One error as the spec writes it: `[{"code":403,"description":"…"}]`. */
export interface Open311Error {
  code: number;
  description: string;
}

/** Which XML document a body becomes: its root element. */
export type XmlRoot = 'discovery' | 'services' | 'service_definition' | 'service_requests';

/**
 * What a use case answers, before it is written as JSON or XML: a body with its XML root, or
 * errors with the HTTP status they share.
 */
export type Open311Answer = { ok: true; body: unknown; root: XmlRoot } | { ok: false; status: number; errors: Open311Error[] };

/** A refusal with one or more reasons, each told in both languages. */
export function refuse(status: number, ...reasons: Bilingual[]): Open311Answer {
  return { ok: false, status, errors: reasons.map((r) => ({ code: status, description: bilingual(r) })) };
}

/** A successful answer. */
export function answer(root: XmlRoot, body: unknown): Open311Answer {
  return { ok: true, body, root };
}
