import type { Kysely } from 'kysely';
import type { LlmCallRecord, LlmCallRecorder } from '../../understanding/llm/record.js';
import type { Database } from '../schema.js';

/** Where a failed write is reported: a pino logger fits. */
interface ErrorLog {
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * Keeps {@link LlmCallRecord}s in `llm_calls`. Each write runs on its own, after the model call and
 * without the turn waiting for it: a failure is logged, never passed on. {@link settle} waits for
 * the writes under way (tests, shutdown).
 */
export class DbLlmCallRecorder implements LlmCallRecorder {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: ErrorLog,
  ) {}

  /** Starts the write and returns at once. */
  record(r: LlmCallRecord): void {
    const write = this.db
      .insertInto('llm_calls')
      .values({
        conversation_id: r.conversationId,
        message_id: r.messageId,
        prompt: r.prompt,
        model: r.model,
        mode: r.mode,
        sent: r.sent,
        personal_data: r.personalData,
        chars: r.chars,
        requests: r.requests,
        outcome: r.outcome,
        reason: r.reason,
        used: JSON.stringify(r.used),
        latency_ms: r.latencyMs,
        created_at: r.at,
      })
      .execute()
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err, conversationId: r.conversationId, messageId: r.messageId }, 'could not record a model call'),
      )
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Resolves when every write started so far has finished (or failed and been logged). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
