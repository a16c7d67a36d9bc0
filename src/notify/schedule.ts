import cron from 'node-cron';
import type { Logger } from 'pino';
import type { EscalationJob } from './escalation-job.js';

/**
 * Runs the escalation job every minute in local time. The schedule only says "look now": what is
 * due is derived from the database, so a missed or doubled tick, a restart or a second instance
 * changes nothing.
 */
export function scheduleEscalation(job: EscalationJob, timeZone: string, log: Logger): { stop(): void } {
  const task = cron.schedule(
    '* * * * *',
    async () => {
      try {
        const r = await job.tick();
        if (r.paged + r.climbed > 0) log.info(r, 'escalation pages sent');
      } catch (err) {
        log.error({ err }, 'escalation tick failed');
      }
    },
    { name: 'escalation', timezone: timeZone, noOverlap: true },
  );
  return { stop: () => void task.stop() };
}
