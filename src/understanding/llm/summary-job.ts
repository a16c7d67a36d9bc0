import type { Kysely } from 'kysely';
import { casesToSummarise, storeSummary } from '../../db/repo/case-summaries.js';
import type { Database } from '../../db/schema.js';
import { CATALOGS } from '../../i18n/render.js';
import type { Tickable } from '../../notify/schedule.js';
import { publicCase, type ClosedCaseRecord } from '../../reports/digest.js';
import { CATCH_UP_DAYS } from '../../reports/period.js';
import { categoryName } from '../../reports/text.js';
import type { ChatModel } from './model.js';
import type { Prompt } from './prompts.js';
import { publicSummary, type SummaryInput } from './summary.js';

/** Cases summarised per tick at most: one model call each, one after the other, so a tick stays short. */
export const SUMMARY_BATCH = 20;

/** What one pass did: summaries stored, cases stored without one (the digest keeps the staff's text), cases another instance stored first, and whether the model could not be reached. */
export type SummaryTick = { written: number; fallback: number; taken: number; unavailable: number };

/** What the {@link SummaryJob} needs. */
export interface SummaryJobDeps {
  db: Kysely<Database>;
  /** The model and `prompts/public-summary.md`; null when no model is configured, and the job does nothing. */
  llm: { model: ChatModel; prompt: Prompt } | null;
  timeZone: string;
  clock: () => Date;
  log: { warn(fields: Record<string, unknown>, message: string): void };
  /** Cases per tick; {@link SUMMARY_BATCH} unless a test says otherwise. */
  batch?: number;
}

/**
 * What the model is told about a case: what a city digest publishes of it (category names,
 * district and town, the finding's name) and the staff's text to summarise, with the case's
 * people for {@link publicSummary} to clean out of what is sent and to refuse in what comes back.
 */
export function summaryInput(c: ClosedCaseRecord, timeZone: string): SummaryInput {
  const published = publicCase({ ...c, summary: null }, 'city', timeZone);
  return {
    categories: published.categories.map((k) => categoryName(k).zh),
    place: published.place,
    finding: published.finding ? CATALOGS.zh.labels.findings[published.finding] : null,
    action: c.answer?.action ?? '',
    personal: c.personal,
  };
}

/**
 * Writes the public summaries the digests publish (issue 7): for each recently closed case whose
 * last answer has none, asks the model, outside any transaction, and stores the summary — or
 * null when the model gave nothing acceptable (invalid, refused, filtered, or a name or number the
 * redaction would remove), so the digest keeps the staff's cleaned text and the case is not sent
 * again. Digests never wait for this: a case not summarised by publication time is published as
 * before. Only cases closed within the digests' catch-up window are looked at, so a backlog of
 * old cases never delays the new ones. Two instances may both ask about a case; the first store
 * wins and the other's answer is dropped (`taken`).
 */
export class SummaryJob implements Tickable {
  private running: Promise<SummaryTick> | null = null;

  constructor(private readonly deps: SummaryJobDeps) {}

  /** One pass; concurrent calls in one process share the pass under way. */
  tick(): Promise<SummaryTick> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<SummaryTick> {
    const tick: SummaryTick = { written: 0, fallback: 0, taken: 0, unavailable: 0 };
    const { db, llm, log, timeZone } = this.deps;
    if (!llm) return tick;
    const since = new Date(this.deps.clock().getTime() - CATCH_UP_DAYS * 86_400_000);
    for (const c of await casesToSummarise(db, since, this.deps.batch ?? SUMMARY_BATCH)) {
      const { text, sent, asked } = await publicSummary(llm.model, llm.prompt, summaryInput(c, timeZone), null);
      if (asked.reason === 'timeout' || asked.reason === 'connection') {
        // The model is down or too slow: nothing is stored, so the case is asked about again next
        // tick, and the rest of the batch does not wait out a timeout each.
        tick.unavailable = 1;
        log.warn({ case: c.number, reason: asked.reason }, 'public summary: model unreachable, trying again later');
        break;
      }
      const stored = await storeSummary(db, c.caseId, {
        answer_event_id: c.answerEventId,
        summary: text,
        prompt: `${llm.prompt.name}@${llm.prompt.version}`,
        model: llm.model.name,
        sent,
        chars: asked.chars,
        requests: asked.calls,
        outcome: text === null ? 'fallback' : asked.outcome,
        // A valid answer refused by the redaction check has no reason of its own.
        reason: text === null ? (asked.reason ?? 'personal_data') : null,
        latency_ms: asked.latencyMs,
        written_at: this.deps.clock(),
      });
      tick[!stored ? 'taken' : text === null ? 'fallback' : 'written']++;
      // An HTTP error is stored as a fallback (it may be a content check on this case's text, which
      // must not block the cases behind it), but the rest wait: a rate limit costs one summary, not a batch.
      if (asked.reason === 'http_error') break;
    }
    return tick;
  }
}
