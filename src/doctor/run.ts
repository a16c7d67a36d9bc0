import { loadConfig } from '../config.js';
import { checkDatabase } from './database.js';
import { checkHolidays } from './holidays.js';
import { checkLlm } from './llm.js';
import { checkPublicDir } from './public-dir.js';
import type { CheckResult } from './result.js';
import { checkRoster } from './roster.js';
import { checkRouting } from './routing.js';
import { checkTelegram } from './telegram.js';
import { checkWechat } from './wechat.js';

/**
 * Every check, in the order an operator fixes things: the environment first (nothing else can
 * run without it), then the database, the operator files, the channels, the model, the public
 * folder. `now` is when "the next 14 days" and "this year" start; tests pass their own.
 */
export async function runDoctor(env: NodeJS.ProcessEnv, now: Date): Promise<CheckResult[]> {
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    // loadConfig lists every problem on its own line under a heading; one doctor line holds them.
    const problems = (err as Error).message.split('\n').slice(1).map((l) => l.trim());
    return [{ status: 'fail', name: 'env', message: `${problems.join('; ')}: fix them in .env or the environment` }];
  }
  return [
    { status: 'ok', name: 'env', message: 'environment and .env valid' },
    await checkDatabase(config),
    checkRouting(config.configDir),
    checkRoster(config.configDir, now, config.timeZone),
    checkHolidays(config.configDir, now, config.timeZone),
    await checkTelegram(config.telegram),
    checkWechat(config.wechat),
    await checkLlm(config.llm),
    await checkPublicDir(config.publicDir),
  ];
}
