import type { Inbound } from '../channels/contract.js';
import type { Evidence } from '../conversation/draft.js';
import type { TurnInput } from '../conversation/turn.js';
import { resolvePin } from '../places/pins.js';
import type { Facts } from '../understanding/facts.js';

const EVIDENCE_KINDS = new Set(['photo', 'video', 'file']);

/**
 * The message as it can be stored: PostgreSQL's text and jsonb cannot hold U+0000, so a NUL
 * anywhere in what a platform passed on (a web form, a forwarded binary) would fail the turn.
 * NULs carry no meaning in a complaint; they are dropped before anything is journaled.
 */
export function storable(m: Inbound): Inbound {
  return m.text?.includes('\u0000') ? { ...m, text: m.text.replaceAll('\u0000', '') } : m;
}

/** The text of an inbound message as the conversation reads it. */
export function inboundText(m: Inbound): string {
  return (m.text ?? '').trim();
}

/** Translates a normalised inbound message plus its facts into the state machine's input. */
export function toTurnInput(m: Inbound, facts: Facts): TurnInput {
  const text = inboundText(m);
  const media = m.media ?? [];
  const evidence: Evidence[] = media
    .filter((x) => EVIDENCE_KINDS.has(x.kind))
    .map((x) => ({ kind: x.kind as Evidence['kind'], ref: x.ref, ...(x.sha256 ? { sha256: x.sha256, size: x.size } : {}) }));
  if (m.location) return { kind: 'location', text, facts, pin: { ...m.location }, pinPlace: resolvePin(m.location) };
  if (evidence.length > 0) return { kind: 'media', text, facts, media: evidence };
  if (media.length > 0 && text.length === 0) return { kind: 'unsupported', text, facts, unsupported: media[0]?.kind ?? 'other' };
  return { kind: 'text', text, facts };
}
