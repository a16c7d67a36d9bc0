import { runTerminalChat, terminalSender } from '../../adapters/terminal/chat.js';
import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { startCore } from '../main.js';

/** `huiyin chat`: a conversation on stdin and stdout, each reply printed before the next line is read. */
export async function chat(config: Config, userId: string): Promise<void> {
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const core = await startCore(config, log, [terminalSender(process.stdout)]);
  try {
    await runTerminalChat({ handle: (m) => core.engine.handle(m), flush: () => core.worker.drain() }, process.stdin, process.stdout, userId, process.stdin.isTTY === true);
  } finally {
    await core.close();
  }
}
