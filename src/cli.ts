import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildWebChat } from '../adapters/web/server.js';
import { webSender } from '../adapters/web/sender.js';
import { runTerminalChat, terminalSender } from '../adapters/terminal/chat.js';
import { loadConfig, type Config } from './config.js';
import { openDb } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { chatMessagesAfter } from './db/repo/outbox.js';
import { addStaff, listStaff, StaffExistsError } from './db/repo/staff.js';
import { render } from './i18n/render.js';
import { createLogger } from './log.js';
import { startCore } from './main.js';
import { scheduleEscalation } from './notify/schedule.js';
import { routingReport } from './routing/check.js';
import { loadRouting } from './routing/load.js';
import { rosterCheckReport } from './routing/roster-check.js';
import { checkRegistration, isStaffRole } from './staff/registration.js';
import { triageStream } from './understanding/triage-stream.js';

const USAGE = `huiyin <command>

  start              run the web chat (and delivery) on HUIYIN_HOST:HUIYIN_PORT
  chat [--user ID]   chat in the terminal, one message per line (also reads a piped script)
  triage             read complaint texts (or JSON lines with "text") on stdin, write JSON lines
  routing check      print where a case of each category goes from every Chengdu district and zone
  roster check [--days N] [--from YYYY-MM-DD]
                     list every hour in the next N days (default 14) where a unit has nobody on duty
  staff add --handle H --name N --unit U --role R --channel C --id ACCOUNT_ID [--chat CHAT_ID]
                     register a member of staff (role: duty, chief, lead, handler or supervisor;
                     the chat to page them in defaults to their account id)
  staff list [--unit U]
                     list registered staff; account ids are shown masked
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
  const schedule = scheduleEscalation(core.escalation, config.timeZone, log);
  const url = await web.listen({ host: config.host, port: config.port });
  log.info({ url, db: config.db.kind }, 'Huiyin is running');
  process.stdout.write(`回音 Huiyin web chat: ${url}/  (database: ${config.db.kind === 'pglite' ? `PGlite in ${config.db.dataDir}` : 'PostgreSQL'})\n`);
  const stop = async (): Promise<void> => {
    schedule.stop();
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

/**
 * An account id with all but its last 4 characters hidden: enough for an operator to tell two
 * accounts apart, not enough to find the person. A short id shows at most half of itself.
 */
function maskId(id: string): string {
  const shown = Math.min(4, Math.floor(id.length / 2));
  return `${'*'.repeat(id.length - shown)}${id.slice(id.length - shown)}`;
}

// Chinese names take two terminal columns per character; padding by .length would skew the table.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
const columns = (s: string): number => [...s].reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);

/** Rows as left-aligned columns two spaces apart. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => columns(r[i]!))));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - columns(cell)))).join('  ')).join('\n');
}

type StaffOptions = Partial<Record<'handle' | 'name' | 'unit' | 'role' | 'channel' | 'id' | 'chat', string>>;

async function staffAdd(config: Config, o: StaffOptions): Promise<number> {
  const missing = (['handle', 'name', 'unit', 'role', 'channel', 'id'] as const).filter((k) => !o[k]).map((k) => `--${k}`);
  if (missing.length > 0) {
    process.stderr.write(`staff add: missing ${missing.join(', ')}\n`);
    return 2;
  }
  const entry = { handle: o.handle!, name: o.name!.trim(), unitId: o.unit!, role: o.role!, channel: o.channel!, externalId: o.id!, chatId: o.chat ?? o.id! };
  const check = checkRegistration(entry, loadRouting(config.configDir));
  // isStaffRole repeats a check already in `problems`; it is here to narrow the type, not to decide.
  if (check.problems.length > 0 || !isStaffRole(entry.role)) {
    process.stderr.write(check.problems.map((p) => `staff add: ${p}\n`).join(''));
    return 2;
  }
  for (const w of check.warnings) process.stderr.write(`warning: ${w}\n`);
  const db = await openDb(config.db);
  try {
    await migrateToLatest(db.db);
    const s = await addStaff(db.db, { ...entry, role: entry.role });
    process.stdout.write(`added ${s.handle} (${s.name}), ${s.role} at ${s.unit_id}, ${s.channel} account ${maskId(s.external_id)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof StaffExistsError)) throw err;
    process.stderr.write(`staff add: ${err.message}\n`);
    return 2;
  } finally {
    await db.close();
  }
}

async function staffList(config: Config, unitId: string | undefined): Promise<number> {
  const db = await openDb(config.db);
  try {
    await migrateToLatest(db.db);
    const staff = await listStaff(db.db, unitId);
    if (staff.length === 0) {
      process.stdout.write(`no staff registered${unitId ? ` in ${unitId}` : ''}\n`);
      return 0;
    }
    const rows = staff.map((s) => [s.handle, s.name, s.unit_id, s.role, s.channel, maskId(s.external_id) + (s.active ? '' : '  (inactive)')]);
    process.stdout.write(`${table([['handle', 'name', 'unit', 'role', 'channel', 'account'], ...rows])}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      days: { type: 'string' },
      from: { type: 'string' },
      handle: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      role: { type: 'string' },
      channel: { type: 'string' },
      id: { type: 'string' },
      chat: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
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
    case 'staff': {
      if (positionals[1] === 'add') return staffAdd(config, values);
      if (positionals[1] === 'list') return staffList(config, values.unit);
      break;
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
