import cron from 'node-cron';
import type { Logger } from 'pino';

/** A job that looks at the database and does what is due; it reports counts of what it did. */
export interface Tickable {
  tick(): Promise<Record<string, number>>;
}

/**
 * Runs a job on a cron schedule in local time. The schedule only says "look now": what is due is
 * derived from the database, so a missed or doubled tick, a restart or a second instance changes
 * nothing. Every minute for escalation; every ten for case clocks.
 */
export function scheduleJob(name: string, expression: string, job: Tickable, timeZone: string, log: Logger): { stop(): void } {
  const task = cron.schedule(
    expression,
    async () => {
      try {
        const r = await job.tick();
        if (Object.values(r).some((n) => n > 0)) log.info({ job: name, ...r }, 'scheduled job acted');
      } catch (err) {
        log.error({ err, job: name }, 'scheduled job failed');
      }
    },
    { name, timezone: timeZone, noOverlap: true },
  );
  return { stop: () => void task.stop() };
}
