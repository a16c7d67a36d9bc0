import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar, localTime } from '../../src/routing/calendar.js';
import { openDb } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DB_KIND, createTestDb, type TestDb } from '../helpers/db.js';
import { runHuiyin } from '../helpers/cli.js';

const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `huiyin-doctor-${name}-`));

// The shipped config/, with stand-in notices for this year and the next where the file has none:
// the command runs on today's date, and the shipped file lacks 2027.
function preparedConfig(): string {
  const dir = tmp('config');
  cpSync(resolve('config'), dir, { recursive: true });
  const file = join(dir, 'holidays.yaml');
  const { years } = loadCalendar(file);
  const year = Number(localTime(new Date(), 'Asia/Shanghai').date.slice(0, 4));
  const added = [year, year + 1].filter((y) => !years.includes(y)).map((y) => `  - { year: ${y}, source: test fixture, holidays: [], workdays: [] }\n`);
  writeFileSync(file, readFileSync(file, 'utf8') + added.join(''));
  return dir;
}

// Nothing of the developer's own channels or model may leak in: those checks must skip.
const NO_CHANNELS = { TELEGRAM_BOT_TOKEN: '', TELEGRAM_WEBHOOK_URL: '', TELEGRAM_DIGEST_CHAT_ID: '', WECHATY_PUPPET: '', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', HUIYIN_LLM_PRESET: '' };

describe('huiyin doctor', () => {
  let test: TestDb | null = null;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    let database: NodeJS.ProcessEnv;
    if (DB_KIND === 'pglite') {
      const dataDir = join(tmp('data'), 'pg');
      const db = await openDb({ kind: 'pglite', dataDir });
      await migrateToLatest(db.db);
      await db.close();
      database = { DATABASE_URL: '', HUIYIN_DATA_DIR: dataDir };
    } else {
      test = await createTestDb();
      database = { DATABASE_URL: test.url! };
    }
    env = { ...NO_CHANNELS, ...database, HUIYIN_CONFIG_DIR: preparedConfig(), HUIYIN_PUBLIC_DIR: tmp('public') };
  });
  afterAll(async () => {
    await test?.close();
  });

  it('prints one line per check and exits 0 on a good setup', async () => {
    const { code, stdout, stderr } = await runHuiyin(['doctor'], '', env);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.slice(0, 15))).toEqual([
      'ok   env       ',
      'ok   database  ',
      'ok   routing   ',
      'ok   roster    ',
      'ok   holidays  ',
      'skip telegram  ',
      'skip wechat    ',
      'skip llm       ',
      'ok   public    ',
    ]);
    expect(code).toBe(0);
  });

  it('exits 1 on a bad routing.yaml, still printing every check', async () => {
    const config = preparedConfig();
    const file = join(config, 'routing.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('unit: cd-police', 'unit: cd-polise'));
    const { code, stdout } = await runHuiyin(['doctor'], '', { ...env, HUIYIN_CONFIG_DIR: config });
    expect(stdout).toMatch(/^fail routing   .*routing\.yaml:\d+: rules\.\d+\.unit: unknown unit "cd-polise"$/m);
    expect(stdout.trimEnd().split('\n')).toHaveLength(9);
    expect(code).toBe(1);
  });

  it('exits 1 with one env line on an invalid environment instead of crashing', async () => {
    const { code, stdout } = await runHuiyin(['doctor'], '', { ...env, HUIYIN_PORT: 'eighty' });
    expect(stdout).toMatch(/^fail env       HUIYIN_PORT: .*: fix them in \.env or the environment\n$/);
    expect(code).toBe(1);
  });
});
