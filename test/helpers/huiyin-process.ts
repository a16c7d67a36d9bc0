import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { HUIYIN_BIN } from './cli.js';

/** A running `huiyin start` child, as a test drives it. */
export interface HuiyinProcess {
  readonly proc: ChildProcessWithoutNullStreams;
  /** The web chat's base URL from the banner (`http://127.0.0.1:PORT`). */
  readonly url: string;
  /** Everything the child wrote on stdout and stderr so far. */
  output(): string;
  /** Sends `signal` and resolves once the child has exited (at once if it already had). */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** How to start a child: its environment on top of ours, and the banner text that means "ready". */
export interface HuiyinStart {
  env: NodeJS.ProcessEnv;
  /** Text the banner must contain, e.g. `Telegram: long polling`. */
  ready: string;
  timeoutMs?: number;
}

/**
 * Spawns `huiyin start` on a free port and resolves once its banner shows `ready`. A child that
 * exits or stays silent first is killed and reported with its output, so a broken start fails the
 * test with the reason instead of a timeout somewhere later.
 */
export async function startHuiyin(o: HuiyinStart): Promise<HuiyinProcess> {
  const proc = spawn(process.execPath, [HUIYIN_BIN, 'start'], { env: { ...process.env, LOG_LEVEL: 'warn', HUIYIN_PORT: '0', ...o.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  proc.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (!gone) proc.kill(signal);
    await exited;
  };
  // The banner is on the child's stdout, which nothing else wakes us for: poll it.
  for (const until = Date.now() + (o.timeoutMs ?? 30_000); !out.includes(o.ready); ) {
    if (gone || Date.now() > until) {
      await stop('SIGKILL');
      throw new Error(`huiyin start did not become ready (${gone ? 'exited' : 'timed out'}):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /web chat: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
  if (!url) throw new Error(`no web chat URL in the banner:\n${out}`);
  return { proc, url, output: () => out, stop };
}
