import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUIYIN_BIN, runHuiyin } from '../helpers/cli.js';
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

describe('huiyin start with a Telegram webhook', () => {
  it('registers the webhook with its secret, takes updates that carry it, and refuses the rest', async () => {
    const webhookChild = await childDb('start-tg-hook');
    const secret = 'test-secret-0123456789abcdef';
    const proc = spawn(process.execPath, [HUIYIN_BIN, 'start'], {
      env: {
        ...process.env, ...webhookChild.env, LOG_LEVEL: 'warn', HUIYIN_PORT: '0',
        TELEGRAM_BOT_TOKEN: '123456:TEST-token-for-the-fake-api', TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://huiyin.example.org/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: secret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    proc.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    try {
      for (const until = Date.now() + 40_000; !out.includes('Telegram: webhook'); ) {
        if (Date.now() > until) throw new Error(`no start banner: ${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(fake.webhookUrl).toBe('https://huiyin.example.org/telegram/webhook');
      expect(fake.webhookSecret).toBe(secret);
      const base = /web chat: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)![1]!;
      const update = (id: number, text: string) => ({
        update_id: id,
        message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: 5151, type: 'private' }, from: { id: 5151, is_bot: false, first_name: 'x' }, text },
      });
      const post = (body: unknown, token: string) =>
        fetch(`${base}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token }, body: JSON.stringify(body) });
      expect((await post(update(1, '在吗'), 'wrong-secret')).status).toBe(401);
      expect((await post(update(2, '在吗'), secret)).status).toBe(200);
      await fake.waitFor(() => fake.textsFor(5151).length > 0, 15_000, 'a reply');
      expect(fake.textsFor(5151)).toHaveLength(1);
      // Telegram retries a webhook it thinks failed: the same message again is not answered twice.
      expect((await post(update(2, '在吗'), secret)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      expect(fake.textsFor(5151)).toHaveLength(1);
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('close', r));
      await webhookChild.dispose();
    }
  }, 60_000);
});

describe('Telegram configuration', () => {
  it('refuses a webhook URL without a secret', async () => {
    const out = await runHuiyin(['migrate'], '', { ...child.env, TELEGRAM_BOT_TOKEN: '123456:TEST-token-for-the-fake-api', TELEGRAM_WEBHOOK_URL: 'https://huiyin.example.org/telegram/webhook' });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/TELEGRAM_WEBHOOK_SECRET: required/);
  });
});
