import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chat } from './commands/chat.js';
import { rosterCheck, routingCheck } from './commands/checks.js';
import { migrate } from './commands/database.js';
import { escalateOnce } from './commands/escalate.js';
import { digestCommand } from './commands/digest.js';
import { retentionCommand } from './commands/retention.js';
import { staffAdd, staffList } from './commands/staff.js';
import { importCases } from './commands/import.js';
import { staffToken } from './commands/staff-token.js';
import { staffPassword } from './commands/staff-password.js';
import { open311Key } from './commands/open311-key.js';
import { loadConfig } from './config.js';
import { triageStream } from './understanding/triage-stream.js';

const USAGE = `huiyin <command>

  start              run the web chat (and Telegram when TELEGRAM_BOT_TOKEN is set, WeChat when
                     WECHATY_PUPPET is set), delivery and escalation, on HUIYIN_HOST:HUIYIN_PORT
  chat [--user ID]   chat in the terminal, one message per line (also reads a piped script)
  triage             read complaint texts (or JSON lines with "text") on stdin, write JSON lines
  routing check      print where a case of each category goes from every Chengdu district and zone
  roster check [--days N] [--from YYYY-MM-DD]
                     list every hour in the next N days (default 14) where a unit has nobody on duty
  staff add --handle H --name N --unit U --role R --channel C --id ACCOUNT_ID [--chat CHAT_ID]
                     register a member of staff (role: duty, chief, lead, handler, supervisor or admin;
                     the chat to page them in defaults to their account id)
  staff list [--unit U]
                     list registered staff; account ids are shown masked
  staff token --handle H [--revoke]
                     print a new staff API token for H once (only its hash is kept), or revoke H's tokens
  staff password --handle H
                     set H's web console password from the first line of stdin (ends H's sessions)
  import FILE.csv    load unfinished cases handed over from another system (number, description,
                     district, type, received date, status); bad rows are listed with line numbers
  open311 key add --name CLIENT [--revoke]
                     print a new Open311 api_key for CLIENT once (only its hash is kept), or revoke CLIENT's keys
  escalate           run one pass of the escalation job now (pages due and climbs), print the counts
  digest --city NAME | --province NAME --from YYYY-MM-DD --to YYYY-MM-DD
                     publish one public disclosure digest (HTML, CSV, JSON) into HUIYIN_PUBLIC_DIR now,
                     print the file paths
  retention --dry-run | --apply
                     one pass of config/retention.yaml now: print what would be erased (counts by
                     kind, case numbers), or erase it as the hourly job does
  migrate            bring the database schema up to date
  doctor             check the configuration (database, config/ files, roster cover, holidays,
                     Telegram, WeChat, language model, public folder): one ok/warn/fail/skip line each

Configuration comes from the environment and .env (see .env.example).`;

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      days: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      city: { type: 'string' },
      province: { type: 'string' },
      handle: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      role: { type: 'string' },
      channel: { type: 'string' },
      id: { type: 'string' },
      chat: { type: 'string' },
      revoke: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      apply: { type: 'boolean' },
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
  if (command === 'doctor') {
    // Before loadConfig: doctor reports an invalid environment as its first line instead of dying.
    // Loaded only here, like start: it pulls in the Telegram and model SDKs.
    const { doctor } = await import('./commands/doctor.js');
    return doctor();
  }
  const config = loadConfig();
  switch (command) {
    case 'start': {
      // Loaded only here: the channel SDKs it pulls in would slow every other command's start.
      const { start } = await import('./commands/serve.js');
      await start(config);
      return -1;
    }
    case 'chat':
      await chat(config, values.user ?? 'terminal-user');
      return 0;
    case 'escalate':
      return escalateOnce(config);
    case 'digest':
      return digestCommand(config, values);
    case 'retention':
      return retentionCommand(config, values);
    case 'import':
      return importCases(config, positionals[1]);
    case 'migrate':
      await migrate(config);
      return 0;
    case 'roster':
      if (positionals[1] === 'check') return rosterCheck(config, values);
      break;
    case 'staff': {
      if (positionals[1] === 'add') return staffAdd(config, values);
      if (positionals[1] === 'list') return staffList(config, values.unit);
      if (positionals[1] === 'token') return staffToken(config, values);
      if (positionals[1] === 'password') return staffPassword(config, values);
      break;
    }
    case 'routing':
      if (positionals[1] === 'check') return routingCheck(config);
      break;
    case 'open311':
      if (positionals[1] === 'key') return open311Key(config, { action: positionals[2], name: values.name, revoke: values.revoke });
      break;
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
