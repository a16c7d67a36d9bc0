import { createTelegramBot, TelegramSender } from '../../adapters/telegram/index.js';
import { buildWebChat } from '../../adapters/web/server.js';
import { webSender } from '../../adapters/web/sender.js';
import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { startCore } from '../main.js';
import { webChatPorts } from './web-ports.js';
import { telegramStaffActions } from './telegram-staff.js';
import { scheduleJob, type Tickable } from '../notify/schedule.js';
import { registerStaffApi } from '../../adapters/web/api.js';
import { registerConsole } from '../../adapters/web/console.js';
import { registerOpen311 } from '../../adapters/web/open311.js';
import { registerPublic } from '../../adapters/web/public.js';
import { registerOps } from '../../adapters/web/ops.js';
import { readiness } from '../ops/readiness.js';

/** Where Telegram posts updates in webhook mode; TELEGRAM_WEBHOOK_URL must end with it. */
const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/**
 * `huiyin start`: the web chat, Telegram when a token is set, delivery, the escalation,
 * case-clock, digest and journal-recovery schedules, and the public folder at /public/, until SIGINT or SIGTERM.
 */
export async function start(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const tg = config.telegram;
  const wx = config.wechat;
  // Built before the core, which needs its sender; `core` is read only once messages arrive, after start.
  // Wechaty is heavy to load: only when WeChat is configured.
  const wechat = wx ? (await import('../../adapters/wechat/index.js')).createWechatBot({ ...wx, handle: (m) => core.engine.handle(m), media: { save: (f) => core.media.save(f) }, log }) : null;
  const senders = [webSender, ...(tg ? [TelegramSender.create({ token: tg.token, apiRoot: tg.apiRoot })] : []), ...(wechat ? [wechat.sender] : [])];
  const core = await startCore(config, log, senders);
  const telegram = tg ? createTelegramBot({ token: tg.token, apiRoot: tg.apiRoot, handle: (m) => core.engine.handle(m), receive: (batch) => core.engine.receive(batch), media: core.media, staffActions: telegramStaffActions(core.db.db, tg.staffChatId), log }) : null;
  const web = buildWebChat(webChatPorts(core.engine, core.db.db), log);
  core.worker.start(config.outboxPollMs);
  const jobs: [string, string, Tickable][] = [
    ['escalation', '* * * * *', core.escalation],
    ['case-clocks', '*/10 * * * *', core.caseClocks],
    ['digests', core.digests.cron(), core.digests],
    ['journal-recovery', '*/10 * * * * *', core.recovery],
    ['summaries', '*/5 * * * *', core.summaries],
    ['retention', '23 * * * *', core.retention],
  ];
  const schedules = jobs.map(([name, cron, job]) => scheduleJob(name, cron, job, config.timeZone, log, (j, ok) => core.metrics.jobRan(j, ok)));
  // Webhook mode: Telegram posts updates to this same server; the secret header is checked.
  const hook = tg?.webhook;
  if (telegram && hook) web.post(TELEGRAM_WEBHOOK_PATH, telegram.webhook(hook.secret));
  const channels = [...(telegram ? [{ name: 'telegram', connected: () => telegram.connected() }] : []), ...(wechat ? [{ name: 'wechat', connected: () => wechat.bot.isLoggedIn }] : [])];
  registerOps(web, { readiness: () => readiness({ db: core.db.db, channels }), metrics: () => core.metrics.text(), metricsContentType: core.metrics.contentType });
  registerStaffApi(web, core.staffApi);
  registerConsole(web, core.console);
  registerOpen311(web, core.open311);
  await registerPublic(web, config.publicDir);
  const url = await web.listen({ host: config.host, port: config.port });
  if (telegram && hook) await telegram.startWebhook(hook.url, hook.secret);
  else await telegram?.start();
  await wechat?.start();
  log.info({ url, db: config.db.kind }, 'Huiyin is running');
  process.stdout.write(`回音 Huiyin web chat: ${url}/  (database: ${config.db.kind === 'pglite' ? `PGlite in ${config.db.dataDir}` : 'PostgreSQL'}${telegram ? `; Telegram: ${hook ? `webhook at ${TELEGRAM_WEBHOOK_PATH}` : 'long polling'}` : ''}${wx ? `; WeChat: ${wx.puppet}` : ''})\n` + `  staff console: ${url}/console/   public digests: ${url}/public/digests/index.html   Open311: ${url}/open311/v2/discovery.json\n`);
  const stop = async (): Promise<void> => {
    for (const s of schedules) s.stop();
    await telegram?.stop();
    await wechat?.stop();
    await web.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
