import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The `huiyin` command as a newcomer runs it. */
export const HUIYIN_BIN = resolve('bin/huiyin.js');

/** Runs `huiyin args...` with `stdin`, resolving with its exit code and output. */
export function runHuiyin(args: string[], stdin: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [HUIYIN_BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`huiyin ${args.join(' ')} timed out\n${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}
