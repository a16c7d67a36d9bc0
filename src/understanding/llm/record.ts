import type { FallbackReason } from './model.js';
import type { OutputMode } from './settings.js';

/**
 * What Huiyin sent to a model about one message, and what came of it: the audit of what left the
 * building. `sent` is the user part exactly as sent (masked unless the operator opted in); the
 * system part is the named prompt file's, identical for every call.
 */
export interface LlmCallRecord {
  conversationId: string | null;
  messageId: string | null;
  /** `extract-facts@1`: the prompt file's name and version. */
  prompt: string;
  model: string;
  mode: OutputMode;
  sent: string;
  /** Whether names and numbers were sent as written (the operator's opt-in). */
  personalData: boolean;
  /** Characters sent over all requests (system, user, repair). */
  chars: number;
  requests: number;
  outcome: 'ok' | 'repaired' | 'fallback';
  reason: FallbackReason | null;
  /** Which fields of the answer were used (after the merge rules). */
  used: string[];
  latencyMs: number;
  at: Date;
}

/**
 * Keeps {@link LlmCallRecord}s. Best effort by contract: `record` never rejects and is not
 * awaited by a turn, so a failing audit write never delays or fails a reporter's message.
 */
export interface LlmCallRecorder {
  record(r: LlmCallRecord): void;
}
