import { sql, type Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/schema.js';
import type { TurnObserver, TurnOutcome } from '../intake/engine.js';
import type { LlmCountersSnapshot } from '../understanding/llm/counters.js';

/** Turn latency buckets, seconds: a rules turn is milliseconds, a model turn about one second. */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16];

/**
 * Why a delivery failed, from the platform's words in `outbox.last_error`: few enough classes to
 * be a label, and none of them carries a chat id or text.
 */
const FAILURE_REASON = sql<string>`case
  when last_error ~* '403|forbidden|blocked|deactivated|kicked' then 'blocked'
  when last_error ~* 'chat not found|user not found|400' then 'chat_not_found'
  when last_error ~* '429|too many|retry after|flood' then 'rate_limited'
  when last_error ~* 'held' then 'outside_reply_window'
  when last_error ~* 'econn|timeout|timed out|network|fetch failed|socket|5[0-9][0-9]' then 'network'
  else 'other' end`;

/**
 * Huiyin's Prometheus metrics (prom-client), served at `/metrics`. Counted in this process as
 * things happen: inbound messages and turns by channel and outcome, turn latency, cases opened by
 * category and district, scheduled job runs and failures, model calls and latency. Read from the
 * database at each scrape, so every instance reports the same truth: open escalations and the
 * oldest one's age, outbox depth and the oldest undelivered message's age, delivery failures by
 * reason. No label ever carries a chat id, a case number or text.
 */
export class HuiyinMetrics implements TurnObserver {
  /** Every metric below, plus Node's process metrics. */
  readonly registry = new Registry();
  private readonly inbound: Counter<'channel' | 'outcome'>;
  private readonly turnSeconds: Histogram<'channel'>;
  private readonly casesOpened: Counter<'category' | 'district'>;
  private readonly jobRuns: Counter<'job' | 'result'>;
  private readonly llmLatency: Histogram<'outcome'>;

  constructor(db: Kysely<Database>, llm: (() => LlmCountersSnapshot) | null = null) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'huiyin_' });
    this.inbound = new Counter({ name: 'huiyin_inbound_messages_total', help: 'Inbound messages by channel and how their turn ended.', labelNames: ['channel', 'outcome'], registers });
    this.turnSeconds = new Histogram({ name: 'huiyin_turn_duration_seconds', help: 'Time from a message arriving to its turn ending.', labelNames: ['channel'], buckets: TURN_BUCKETS, registers });
    this.casesOpened = new Counter({ name: 'huiyin_cases_opened_total', help: 'Cases opened by this process, by primary category and district.', labelNames: ['category', 'district'], registers });
    this.jobRuns = new Counter({ name: 'huiyin_job_runs_total', help: 'Scheduled job runs by job and result (ok, failed).', labelNames: ['job', 'result'], registers });
    this.llmLatency = new Histogram({ name: 'huiyin_llm_call_duration_seconds', help: 'Language-model calls by outcome (ok, repaired, fallback).', labelNames: ['outcome'], buckets: [0.25, 0.5, 1, 2, 4, 8, 16], registers });
    fromDatabase(db, registers);
    if (llm) fromLlmCounters(llm, registers);
  }

  /** A turn ended. */
  turn(channel: string, status: TurnOutcome['status'], seconds: number): void {
    this.inbound.inc({ channel, outcome: status });
    this.turnSeconds.observe({ channel }, seconds);
  }

  /** A case was opened. */
  caseOpened(categories: readonly string[], district: string | null): void {
    this.casesOpened.inc({ category: categories[0] ?? 'other', district: district ?? 'unknown' });
  }

  /** A scheduled job ran. */
  jobRan(job: string, ok: boolean): void {
    this.jobRuns.inc({ job, result: ok ? 'ok' : 'failed' });
  }

  /** A model call finished, after `seconds`. */
  llmCall(seconds: number, outcome: string): void {
    this.llmLatency.observe({ outcome }, seconds);
  }

  /** The exposition text for a scrape. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of {@link text}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The gauges read from the database at each scrape; a scrape during an outage leaves them out. */
function fromDatabase(db: Kysely<Database>, registers: Registry[]): void {
  new Gauge({
    name: 'huiyin_escalations_open',
    help: 'Pages not yet acknowledged.',
    registers,
    async collect() {
      const r = await sql<{ n: number }>`select count(*)::int as n from pages where acked_at is null`.execute(db).catch(() => null);
      if (r) this.set(r.rows[0]?.n ?? 0);
    },
  });
  new Gauge({
    name: 'huiyin_escalation_oldest_open_seconds',
    help: 'Age of the oldest page not yet acknowledged (0 when none).',
    registers,
    async collect() {
      const r = await sql<{ s: number | null }>`select extract(epoch from now() - min(sent_at))::float8 as s from pages where acked_at is null`.execute(db).catch(() => null);
      if (r) this.set(r.rows[0]?.s ?? 0);
    },
  });
  new Gauge({
    name: 'huiyin_outbox_depth',
    help: 'Messages waiting to be delivered, by channel (pending, or held for a reply window).',
    labelNames: ['channel', 'status'],
    registers,
    async collect() {
      const r = await sql<{ channel: string; status: string; n: number }>`select channel, status, count(*)::int as n from outbox where status in ('pending', 'held') group by channel, status`.execute(db).catch(() => null);
      if (!r) return;
      this.reset();
      for (const row of r.rows) this.set({ channel: row.channel, status: row.status }, row.n);
    },
  });
  new Gauge({
    name: 'huiyin_outbox_oldest_pending_seconds',
    help: 'Age of the oldest message still pending delivery (0 when none).',
    registers,
    async collect() {
      const r = await sql<{ s: number | null }>`select extract(epoch from now() - min(created_at))::float8 as s from outbox where status = 'pending'`.execute(db).catch(() => null);
      if (r) this.set(r.rows[0]?.s ?? 0);
    },
  });
  new Gauge({
    name: 'huiyin_delivery_failures',
    help: 'Messages whose last delivery failed, by channel and reason; final when given up, else retrying.',
    labelNames: ['channel', 'reason', 'state'],
    registers,
    async collect() {
      const r = await sql<{ channel: string; reason: string; state: string; n: number }>`
        select channel, ${FAILURE_REASON} as reason, case when status = 'failed' then 'final' else 'retrying' end as state, count(*)::int as n
        from outbox where status = 'failed' or (status = 'pending' and last_error is not null)
        group by 1, 2, 3`.execute(db).catch(() => null);
      if (!r) return;
      this.reset();
      for (const row of r.rows) this.set({ channel: row.channel, reason: row.reason, state: row.state }, row.n);
    },
  });
}

/** The model counters of this process (see `LlmCounters`), as Prometheus counters. */
function fromLlmCounters(snapshot: () => LlmCountersSnapshot, registers: Registry[]): void {
  new Counter({
    name: 'huiyin_llm_messages_total',
    help: 'Messages by what the model did for them: ok, repaired, fallback (by reason), skipped (by reason).',
    labelNames: ['result', 'reason'],
    registers,
    collect() {
      const s = snapshot();
      this.reset();
      this.inc({ result: 'ok', reason: '' }, s.ok);
      this.inc({ result: 'repaired', reason: '' }, s.repaired);
      for (const [reason, n] of Object.entries(s.fallbacks)) this.inc({ result: 'fallback', reason }, n ?? 0);
      for (const [reason, n] of Object.entries(s.skipped)) this.inc({ result: 'skipped', reason }, n ?? 0);
    },
  });
  new Counter({
    name: 'huiyin_llm_requests_total',
    help: 'HTTP requests made to the model, repairs included.',
    registers,
    collect() {
      this.reset();
      this.inc(snapshot().requests);
    },
  });
  new Counter({
    name: 'huiyin_llm_characters_sent_total',
    help: 'Characters sent to the model.',
    registers,
    collect() {
      this.reset();
      this.inc(snapshot().charsSent);
    },
  });
}
