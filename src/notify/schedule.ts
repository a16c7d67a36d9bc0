import cron from 'node-cron';
import type { Logger } from 'pino';

/** A job that looks at the database and does what is due; it reports counts of what it did. */
export interface Tickable {
  tick(): Promise<Record<string, number>>;
}

/**
 * Runs a job on a cron schedule in local time, and once at once. The schedule only says "look
 * now": what is due is derived from the database, so a missed or doubled tick, a restart or a
 * second instance changes nothing — and looking at start means what fell due while the process
 * was down (a page, a digest) is done now, not at the next tick. Every minute for escalation;
 * every ten for case clocks.
 */
export function scheduleJob(name: string, expression: string, job: Tickable, timeZone: string, log: Logger, ran?: (job: string, ok: boolean) => void): { stop(): void } {
  const look = async (): Promise<void> => {
    try {
      const r = await job.tick();
      ran?.(name, true);
      if (Object.values(r).some((n) => n > 0)) log.info({ job: name, ...r }, 'scheduled job acted');
    } catch (err) {
      ran?.(name, false);
      log.error({ err, job: name }, 'scheduled job failed');
    }
  };
  const task = cron.schedule(expression, look, { name, timezone: timeZone, noOverlap: true });
  void look();
  return { stop: () => void task.stop() };
}
