import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildWebChat } from '../adapters/web/server.js';
import { webSender } from '../adapters/web/sender.js';
import { runTerminalChat, terminalSender } from '../adapters/terminal/chat.js';
import { loadConfig, type Config } from './config.js';
import { openDb } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { chatMessagesAfter } from './db/repo/outbox.js';
import { render } from './i18n/render.js';
import { createLogger } from './log.js';
import { startCore } from './main.js';
import { routingReport } from './routing/check.js';
import { loadRouting } from './routing/load.js';
import { rosterCheckReport } from './routing/roster-check.js';
import { triageStream } from './understanding/triage-stream.js';

const USAGE = `huiyin <command>

  start              run the web chat (and delivery) on HUIYIN_HOST:HUIYIN_PORT
  chat [--user ID]   chat in the terminal, one message per line (also reads a piped script)
  triage             read complaint texts (or JSON lines with "text") on stdin, write JSON lines
  routing check      print where a case of each category goes from every Chengdu district and zone
  roster check [--days N] [--from YYYY-MM-DD]
                     list every hour in the next N days (default 14) where a unit has nobody on duty
  migrate            bring the database schema up to date

Configuration comes from the environment and .env (see .env.example).`;

async function start(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const core = await startCore(config, log, [webSender]);
  const web = buildWebChat(
    {
      handle: (m) => core.engine.handle(m),
      messagesAfter: (chatId, after) => chatMessagesAfter(core.db.db, 'web', chatId, after),
      greeting: (lang) => render({ key: 'welcome', params: {} }, lang),
    },
    log,
  );
  core.worker.start(config.outboxPollMs);
  const url = await web.listen({ host: config.host, port: config.port });
  log.info({ url, db: config.db.kind }, 'Huiyin is running');
  process.stdout.write(`回音 Huiyin web chat: ${url}/  (database: ${config.db.kind === 'pglite' ? `PGlite in ${config.db.dataDir}` : 'PostgreSQL'})\n`);
  const stop = async (): Promise<void> => {
    await web.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function chat(config: Config, userId: string): Promise<void> {
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const core = await startCore(config, log, [terminalSender(process.stdout)]);
  try {
    await runTerminalChat({ handle: (m) => core.engine.handle(m), flush: () => core.worker.drain() }, process.stdin, process.stdout, userId, process.stdin.isTTY === true);
  } finally {
    await core.close();
  }
}

async function migrate(config: Config): Promise<void> {
  const db = await openDb(config.db);
  try {
    const applied = await migrateToLatest(db.db);
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { user: { type: 'string' }, days: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  if (command === 'triage') {
    await triageStream(process.stdin, process.stdout);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      await start(config);
      return -1;
    case 'chat':
      await chat(config, values.user ?? 'terminal-user');
      return 0;
    case 'migrate':
      await migrate(config);
      return 0;
    case 'roster': {
      if (positionals[1] !== 'check') break;
      const days = Number(values.days ?? 14);
      const from = values.from ? new Date(`${values.from}T00:00:00+08:00`) : new Date();
      if (!Number.isInteger(days) || days < 1 || days > 366 || Number.isNaN(from.getTime())) {
        process.stderr.write('roster check: --days must be 1..366 and --from a date like 2026-12-01\n');
        return 2;
      }
      const routing = loadRouting(config.configDir);
      const report = rosterCheckReport({ rosters: routing.rosters, calendar: routing.calendar, unitIds: [...routing.units.keys()], from, days, timeZone: config.timeZone });
      process.stdout.write(`${report.lines.join('\n')}\n`);
      return report.ok ? 0 : 1;
    }
    case 'routing': {
      if (positionals[1] !== 'check') break;
      const routing = loadRouting(config.configDir);
      const report = routingReport(routing.table, routing.units);
      process.stdout.write(`${report.lines.join('\n')}\n`);
      return report.unrouted.length === 0 ? 0 : 1;
    }
  }
  process.stderr.write(`unknown command: ${positionals.join(' ')}\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`huiyin: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
