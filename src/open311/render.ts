import type { Open311Answer } from './answer.js';
import { xmlDocument } from './xml.js';

/** The formats the API serves, by the extension a URL ends with. */
export const FORMATS = ['json', 'xml'] as const;

/** A format the API serves. */
export type Format = (typeof FORMATS)[number];

/** Whether a URL's extension is a format the API serves. */
export function isFormat(format: string): format is Format {
  return (FORMATS as readonly string[]).includes(format);
}

/** An answer ready for HTTP: status, content type and body text. */
export interface Open311Response {
  status: number;
  contentType: string;
  body: string;
}

/** Writes an answer as JSON or as the spec's XML; errors too are written in the format asked. */
export function renderAnswer(a: Open311Answer, format: Format): Open311Response {
  const [status, root, body] = a.ok ? [200, a.root, a.body] : [a.status, 'errors', a.errors];
  return format === 'xml'
    ? { status, contentType: 'text/xml; charset=utf-8', body: xmlDocument(root, body) }
    : { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}
