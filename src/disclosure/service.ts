import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { claimSlot, finishRun, lastScheduled, recordCommandRun } from '../db/repo/digests.js';
import type { LifecycleDeps } from '../db/repo/lifecycle.js';
import { enqueue } from '../db/repo/outbox.js';
import type { Database } from '../db/schema.js';
import type { Tickable } from '../notify/schedule.js';
import type { DigestKind, DigestScope } from '../reports/digest.js';
import type { DigestFiles } from '../reports/files.js';
import { duePeriods, type Period } from '../reports/period.js';
import { announcement } from '../reports/post.js';
import { localTime } from '../routing/calendar.js';
import type { DigestConfig } from './config.js';
import { readDigest, writeDigest, writeIndex } from './publish.js';

/** What the digests need. */
export interface DigestDeps {
  db: Kysely<Database>;
  lifecycle: LifecycleDeps;
  config: DigestConfig;
  /** The folder served at `/public/` (HUIYIN_PUBLIC_DIR). */
  publicDir: string;
  /** The public address of that folder (HUIYIN_PUBLIC_URL), for links in announcements; null when unknown. */
  publicUrl: string | null;
  /** Where a scheduled digest is announced on Telegram; null for nowhere. */
  telegramChat: string | null;
  clock: () => Date;
  log: Logger;
  /** Called when an announcement was queued, to wake delivery. */
  onQueued?: () => void;
}

/** What one scheduled pass did: digests this instance published, and slots it found taken by another run. */
export type DigestTick = { published: number; taken: number; failed: number };

/**
 * The public disclosure digests: on schedule (`tick`, for every city and the province, each
 * period once across instances, missed periods caught up) and on demand (`publish`, for
 * `huiyin digest`). A scheduled slot is claimed, its digest read, written and recorded, and its
 * announcement queued in one transaction: if anything fails, nothing is recorded and the next
 * tick tries again; the announcement is delivered only once the files exist.
 */
export class DigestService implements Tickable {
  private running: Promise<DigestTick> | null = null;

  constructor(private readonly deps: DigestDeps) {}

  /** The scope of a city or the province by its name, or null when the configuration has no such digest. */
  scope(kind: DigestKind, name: string): DigestScope | null {
    const { config } = this.deps;
    if (kind === 'province') return config.province.name === name ? config.province : null;
    return config.cities.find((c) => c.name === name) ?? null;
  }

  /**
   * The cron expression that wakes the schedule: every hour at the publication minutes, so a
   * period is published at its time and, after downtime, within the hour.
   */
  cron(): string {
    const { citySchedule, provinceSchedule } = this.deps.config;
    return `${[...new Set([citySchedule.minute % 60, provinceSchedule.minute % 60])].sort((a, b) => a - b).join(',')} * * * *`;
  }

  /** One scheduled pass; concurrent calls in one process share the pass under way. */
  tick(): Promise<DigestTick> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Publishes one digest now, whatever the schedule (no announcement); resolves with its files. */
  async publish(scope: DigestScope, period: Period): Promise<DigestFiles> {
    const { db, publicDir, lifecycle } = this.deps;
    const now = this.deps.clock();
    const files = await db.transaction().execute(async (trx) => {
      const id = await recordCommandRun(trx, { kind: scope.kind, scope: scope.name, period }, now);
      const written = await writeDigest(publicDir, scope, await readDigest(trx, scope, period, lifecycle, now));
      await finishRun(trx, id, written, now);
      return written;
    });
    await writeIndex(db, publicDir, lifecycle.timeZone);
    return files;
  }

  private async pass(): Promise<DigestTick> {
    const { db, config, lifecycle, log } = this.deps;
    const now = this.deps.clock();
    const local = localTime(now, lifecycle.timeZone);
    const tick: DigestTick = { published: 0, taken: 0, failed: 0 };
    const scopes = [config.province, ...config.cities];
    for (const scope of scopes) {
      const schedule = scope.kind === 'city' ? config.citySchedule : config.provinceSchedule;
      for (const period of duePeriods(schedule, await lastScheduled(db, scope.kind, scope.name), local)) {
        try {
          tick[(await this.publishSlot(scope, period, now)) ? 'published' : 'taken']++;
        } catch (err) {
          // One digest failing (a full disk) must not hold up the others; the next tick retries it.
          tick.failed++;
          log.error({ err, digest: scope.kind, scope: scope.name, period }, 'digest failed');
        }
      }
    }
    if (tick.published > 0) {
      await writeIndex(db, this.deps.publicDir, lifecycle.timeZone);
      if (this.deps.telegramChat) this.deps.onQueued?.();
    }
    return tick;
  }

  /** Claims, builds, writes, records and announces one scheduled digest; false when the slot was taken. */
  private async publishSlot(scope: DigestScope, period: Period, now: Date): Promise<boolean> {
    const { db, lifecycle, publicDir, telegramChat } = this.deps;
    return db.transaction().execute(async (trx) => {
      const id = await claimSlot(trx, { kind: scope.kind, scope: scope.name, period }, now);
      if (id === null) return false;
      const digest = await readDigest(trx, scope, period, lifecycle, now);
      const files = await writeDigest(publicDir, scope, digest);
      await finishRun(trx, id, files, now);
      if (telegramChat) {
        const url = this.deps.publicUrl ? `${this.deps.publicUrl.replace(/\/+$/, '')}/${files.html}` : null;
        await enqueue(trx, [{ channel: 'telegram', chatId: telegramChat, reporterId: null, inReplyTo: null, text: announcement(digest, url) }]);
      }
      return true;
    });
  }
}
