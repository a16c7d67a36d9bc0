/**
 * Start-up time of `huiyin start`, spawned the way the CLI tests spawn it (`node bin/huiyin.js
 * start`, port 0, warnings only): from spawn until the start banner, and until the web chat
 * answers `GET /`. The process is then stopped with SIGTERM, as a service manager would.
 */
import { spawn } from 'node:child_process';
import { HUIYIN_BIN } from '../test/helpers/cli.js';

/** Milliseconds from spawn to the banner and to the first HTTP answer, and how it stopped. */
export interface StartTiming {
  bannerMs: number;
  httpMs: number;
  status: number;
  exitCode: number | null;
}

// Variables a developer's shell may carry that would start Telegram, WeChat or a model here.
const CHANNEL_VARS = ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_URL', 'TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_STAFF_CHAT_ID', 'TELEGRAM_DIGEST_CHAT_ID', 'WECHATY_PUPPET', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'HUIYIN_LLM_PRESET'];

/** Starts `huiyin start` with `env` and times it; rejects with its output if it does not come up in `timeoutMs`. */
export async function timeStart(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<StartTiming> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of CHANNEL_VARS) delete base[k];
  const t0 = performance.now();
  const proc = spawn(process.execPath, [HUIYIN_BIN, 'start'], { env: { ...base, LOG_LEVEL: 'warn', HUIYIN_PORT: '0', HUIYIN_HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise<number | null>((r) => proc.once('close', (code) => r(code)));
  let out = '';
  proc.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  proc.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  let exited = false;
  void closed.then(() => (exited = true));
  try {
    let url: string | undefined;
    for (const until = t0 + timeoutMs; !(url = /web chat: (http:\/\/\S+?)\/\s/.exec(out)?.[1]); ) {
      if (exited || performance.now() > until) throw new Error(`huiyin start did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const bannerMs = performance.now() - t0;
    let status = 0;
    for (;;) {
      try {
        status = (await fetch(`${url}/`)).status;
        break;
      } catch (err) {
        if (performance.now() > t0 + timeoutMs) throw err;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const httpMs = performance.now() - t0;
    proc.kill('SIGTERM');
    return { bannerMs, httpMs, status, exitCode: await closed };
  } finally {
    if (!exited) proc.kill('SIGKILL');
  }
}
