import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChannelSender, Inbound } from '../../src/channels/contract.js';

/** What the terminal chat needs from the core. */
export interface TerminalPorts {
  handle(m: Inbound): Promise<unknown>;
  /** Delivers everything queued, so replies print before the next line is read. */
  flush(): Promise<unknown>;
}

/** Prints delivered messages to `output`, prefixed so a transcript reads like a chat. */
export function terminalSender(output: Writable): ChannelSender {
  return {
    channel: 'terminal',
    send: async (m) => {
      output.write(`回音> ${m.text.replace(/\n/g, '\n      ')}\n`);
      return {};
    },
  };
}

const LOCATION = /^\/location\s+(-?\d+(?:\.\d+)?)[\s,]+(-?\d+(?:\.\d+)?)$/;

/**
 * Reads one message per line: plain text, `/photo [ref]` for a photo, `/location LAT LNG` for a
 * WGS-84 pin. Each line is a message with its own id, processed before the next is read.
 */
export function lineToInbound(line: string, userId: string, messageId: string, at: Date): Inbound {
  const base = { channel: 'terminal', chatId: userId, userId, messageId, at };
  const loc = LOCATION.exec(line.trim());
  if (loc) return { ...base, location: { lat: Number(loc[1]), lng: Number(loc[2]), datum: 'wgs84' } };
  const photo = /^\/photo(?:\s+(\S+))?$/.exec(line.trim());
  if (photo) return { ...base, media: [{ kind: 'photo', ref: photo[1] ?? `terminal:${messageId}` }] };
  return { ...base, text: line };
}

/** Runs a chat on `input` until it ends; resolves with the number of lines sent. */
export async function runTerminalChat(ports: TerminalPorts, input: Readable, output: Writable, userId: string, prompt: boolean): Promise<number> {
  const session = randomBytes(4).toString('hex');
  const rl = createInterface({ input, terminal: false });
  let n = 0;
  if (prompt) output.write('回音 Huiyin — 输入您要举报的问题（/photo 发照片，/location 纬度 经度 发位置，Ctrl-D 退出）\n> ');
  for await (const line of rl) {
    n++;
    await ports.handle(lineToInbound(line, userId, `${session}-${n}`, new Date()));
    await ports.flush();
    if (prompt) output.write('> ');
  }
  return n;
}
