import type { Logger } from 'pino';
import { loadCaseRules } from './cases/rules.js';
import type { ChannelSender, MediaStore } from './channels/contract.js';
import type { Config } from './config.js';
import { openDb, type Db } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { IntakeEngine } from './intake/engine.js';
import { FloodGuard } from './intake/flood-guard.js';
import { sendNowThrough } from './intake/send-now.js';
import { Spool, spoolScope } from './intake/spool.js';
import { SpoolReplayer } from './intake/spool-replayer.js';
import { JournalRecovery } from './intake/journal-recovery.js';
import { HuiyinMetrics } from './ops/metrics.js';
import { OpenAiChatModel } from './understanding/llm/client.js';
import { SummaryJob } from './understanding/llm/summary-job.js';
import { sql } from 'kysely';
import type { LifecycleDeps } from './db/repo/lifecycle.js';
import { DbMediaStore } from './media/evidence-store.js';
import { join } from 'node:path';
import { EscalationJob } from './notify/escalation-job.js';
import { CaseClockJob } from './notify/case-clock-job.js';
import { StaffApi } from './staff-api/service.js';
import { ConsoleService } from './console/service.js';
import { Open311Service } from './open311/service.js';
import { caseStats } from './db/repo/case-stats.js';
import { loadDigestConfig } from './disclosure/config.js';
import { DigestService } from './disclosure/service.js';
import { OutboxWorker } from './notify/outbox-worker.js';
import { loadEscalation } from './routing/escalation.js';
import { RetentionJob } from './db/repo/retention.js';
import { loadRetentionPolicy } from './retention/policy.js';
import { loadRouting } from './routing/load.js';
import { RulesUnderstander } from './understanding/rules/understander.js';
import { DbLlmCallRecorder } from './db/repo/llm-calls.js';
import type { LlmCounters } from './understanding/llm/counters.js';
import { modelUnderstanding } from './understanding/llm/wire.js';

/** The running core: database, intake engine and delivery worker. Adapters sit around it. */
export interface Core {
  db: Db;
  engine: IntakeEngine;
  worker: OutboxWorker;
  /** The Prometheus metrics served at `/metrics`. */
  metrics: HuiyinMetrics;
  /** Replays the messages kept in the spool while the database could not be reached. */
  replayer: SpoolReplayer;
  /** Finishes the turns a killed process left journaled but unprocessed; `huiyin start` looks every 10 s. */
  recovery: JournalRecovery;
  /** Writes the digests' public case summaries with the language model; does nothing when none is configured. */
  summaries: SummaryJob;
  /** Keeps the photos and videos reporters send; channel adapters save into it. */
  media: MediaStore;
  /** Pages people on duty; `huiyin start` runs it every minute, turns kick it at once. */
  escalation: EscalationJob;
  /** What acting on a case needs: its clocks, the calendar and the units (staff API, clock job). */
  lifecycle: LifecycleDeps;
  /** Reminds units of deadlines, flags overdue cases, asks reporters to rate; run every ten minutes. */
  caseClocks: CaseClockJob;
  /** Erases personal data past config/retention.yaml and what /forget asked for; `huiyin start` runs it hourly. */
  retention: RetentionJob;
  /** The staff actions and case views the JSON API serves. */
  staffApi: StaffApi;
  /** The staff console's sign-in and pages. */
  console: ConsoleService;
  /** The Open311 GeoReport v2 API: public reads, and reports posted through the chat's intake. */
  open311: Open311Service;
  /**
   * The public disclosure digests (config/digests.yaml): each city every 3 days, the province
   * twice a week, written to the public folder; `huiyin start` ticks it hourly, `huiyin digest`
   * publishes one on demand.
   */
  digests: DigestService;
  /** Counts of language-model calls and fallbacks when a model is configured (null: rules only). */
  llmCounters: LlmCounters | null;
  log: Logger;
  /** Stops delivery and closes the database. */
  close(): Promise<void>;
}

/**
 * Wires every piece from the configuration: the only place that knows them all. `senders` are the
 * channels this process delivers for; `clock` is injectable for tests and the benchmark.
 */
export async function startCore(config: Config, log: Logger, senders: ChannelSender[], clock: () => Date = () => new Date()): Promise<Core> {
  // Configuration files first: a broken routing table stops the start before anything opens.
  const routing = loadRouting(config.configDir);
  const caseRules = loadCaseRules(config.configDir);
  const policy = loadEscalation(join(config.configDir, 'escalation.yaml'));
  const digestConfig = loadDigestConfig(join(config.configDir, 'digests.yaml'));
  const retentionPolicy = loadRetentionPolicy(join(config.configDir, 'retention.yaml'));
  const db = await openDb(config.db, { poolSize: config.dbPoolSize, onConnectionError: (err) => log.warn({ error: err.message }, 'database connection lost') });
  let spool: Spool;
  try {
    const applied = await migrateToLatest(db.db);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
    // Kept messages are replayed only into the database they were meant for.
    spool = await Spool.open(config.spoolDir, log, spoolScope(config.db.kind === 'postgres' ? config.db.url : (config.db.dataDir ?? 'memory')));
  } catch (err) {
    await db.close();
    throw err;
  }
  const worker = new OutboxWorker(db.db, new Map(senders.map((s) => [s.channel, s])), log);
  const escalation = new EscalationJob({
    db: db.db,
    routing,
    policy,
    clock,
    timeZone: config.timeZone,
    log,
    onQueued: () => worker.kick(),
    staffGroup: config.telegram?.staffChatId ? { channel: 'telegram', chatId: config.telegram.staffChatId } : null,
  });
  // One understanding for chat messages and Open311 descriptions alike: the rules, with a model over them when configured.
  const rules = new RulesUnderstander(clock);
  // The model's counters are read at each scrape, once the model exists.
  const metrics = new HuiyinMetrics(db.db, config.llm ? () => model!.counters.snapshot() : null);
  const model = config.llm ? modelUnderstanding(config.llm, { rules, recorder: new DbLlmCallRecorder(db.db, log), log, clock, onCall: (s, outcome) => metrics.llmCall(s, outcome) }) : null;
  const understander = model?.understander ?? rules;
  if (config.llm) log.info({ model: config.llm.model, preset: config.llm.preset, mode: config.llm.mode, personalData: config.llm.sendPersonalData }, 'language model understanding on');
  const engine = new IntakeEngine({
    db: db.db,
    understander,
    clock,
    timeZone: config.timeZone,
    machine: { resumeAfterMs: config.resumeAfterMs },
    routing,
    caseRules,
    log,
    onQueued: () => worker.kick(),
    onEscalation: () => void escalation.tick().catch((err: unknown) => log.error({ err }, 'escalation failed')),
    flood: new FloodGuard(config.flood, clock),
    observer: metrics,
    spool,
    // The channels' own senders, as the outbox worker delivers through, for when the outbox cannot.
    sendNow: sendNowThrough(senders),
  });
  const replayer = new SpoolReplayer({ spool, probe: () => sql`select 1`.execute(db.db), replay: (m) => engine.replay(m), log });
  // Messages an earlier run kept and could not replay go first.
  replayer.start();
  const lifecycle: LifecycleDeps = { policy: caseRules.clocks, calendar: routing.calendar, timeZone: config.timeZone, units: routing.units };
  const staffApi = new StaffApi({ db: db.db, lifecycle, triageUnit: routing.table.fallback, kick: () => worker.kick(), clock });
  return {
    db,
    engine,
    metrics,
    replayer,
    recovery: new JournalRecovery({ db: db.db, engine, clock, log }),
    summaries: new SummaryJob({ db: db.db, llm: config.llm && model ? { model: new OpenAiChatModel(config.llm), prompt: model.prompts.summary } : null, timeZone: config.timeZone, clock, log }),
    retention: new RetentionJob({ db: db.db, policy: retentionPolicy, clock }),
    caseClocks: new CaseClockJob({ db: db.db, lifecycle, rosters: routing.rosters, escalation, clock, log, onQueued: () => worker.kick() }),
    worker,
    media: new DbMediaStore(db.db),
    escalation,
    lifecycle,
    staffApi,
    console: new ConsoleService({
      db: db.db,
      staffApi,
      routing,
      lifecycle,
      stats: (q, now) => caseStats(db.db, q, lifecycle, now),
      kick: () => worker.kick(),
      timeZone: config.timeZone,
      clock,
    }),
    open311: new Open311Service({ db: db.db, register: (r) => engine.registerReport(r), understander, lifecycle, clock }),
    digests: new DigestService({
      db: db.db,
      lifecycle,
      config: digestConfig,
      publicDir: config.publicDir,
      publicUrl: config.publicUrl,
      // Announced only where a bot can deliver; the environment's channel wins over the file's.
      telegramChat: config.telegram ? (config.telegram.digestChatId ?? digestConfig.telegramChat) : null,
      clock,
      log,
      onQueued: () => worker.kick(),
    }),
    llmCounters: model?.counters ?? null,
    log,
    close: async () => {
      await replayer.stop();
      await worker.stop();
      await spool.close();
      await db.close();
    },
  };
}
