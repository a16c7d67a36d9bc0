import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUIYIN_BIN } from '../helpers/cli.js';
import { childDb, type ChildDb } from '../helpers/child-db.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';

let child: ChildDb;
let fake: FakeTelegramApi;

beforeAll(async () => {
  child = await childDb('start-tg');
  fake = await FakeTelegramApi.start();
});
afterAll(async () => {
  await fake?.close();
  await child?.dispose();
});

describe('huiyin start with a Telegram token', () => {
  it('long-polls the Bot API and answers a Telegram user through the outbox', async () => {
    const proc = spawn(process.execPath, [HUIYIN_BIN, 'start'], {
      env: { ...process.env, ...child.env, LOG_LEVEL: 'warn', HUIYIN_PORT: '0', TELEGRAM_BOT_TOKEN: '123456:TEST-token-for-the-fake-api', TELEGRAM_API_ROOT: fake.apiRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    proc.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    try {
      // fake.waitFor wakes on Bot API calls only; the banner is on our stdout, so poll for it.
      for (const until = Date.now() + 40_000; !out.includes('Telegram: long polling'); ) {
        if (Date.now() > until) throw new Error(`no start banner: ${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      fake.text({ id: 4242, firstName: '市民' }, '在吗');
      await fake.waitFor(() => fake.textsFor(4242).length > 0, 15_000, 'a reply');
      expect(fake.textsFor(4242)[0]).toMatch(/回音环境投诉举报助手/);
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('close', r));
    }
  }, 60_000);
});
