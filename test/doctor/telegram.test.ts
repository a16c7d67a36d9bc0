import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { checkTelegram } from '../../src/doctor/telegram.js';

const TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SECRET = 'doctor-test-secret-0123';
const HOOK = 'https://huiyin.example.org/telegram/webhook';

// test/fakes/telegram-api.ts has getMe but no getWebhookInfo (it answers 404), so this stub
// serves the two methods doctor calls: getMe refuses any token but TOKEN, as Telegram does.
let webhook: { url: string; last_error_message?: string };
let server: Server;
let apiRoot: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const [, token, method] = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '') ?? [];
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (token !== TOKEN) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (method === 'getMe') return send(200, { ok: true, result: { id: 1, is_bot: true, first_name: 'Huiyin', username: 'HuiyinTestBot' } });
    if (method === 'getWebhookInfo') return send(200, { ok: true, result: { has_custom_certificate: false, pending_update_count: 0, ...webhook } });
    send(404, { ok: false, error_code: 404, description: 'Not Found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  webhook = { url: '' };
});

const telegram = (env: NodeJS.ProcessEnv = {}) => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, ...env }).telegram;

describe('doctor: telegram', () => {
  it('skips without a token', async () => {
    expect(await checkTelegram(loadConfig({}).telegram)).toEqual({ status: 'skip', name: 'telegram', message: 'TELEGRAM_BOT_TOKEN not set' });
  });

  it('fails with the API description on a token Telegram refuses', async () => {
    const r = await checkTelegram(telegram({ TELEGRAM_BOT_TOKEN: '654321:ZYXWVUTSRQPONMLKJIHGFEDCBA' }));
    expect(r).toEqual({ status: 'fail', name: 'telegram', message: 'getMe: 401 Unauthorized: check TELEGRAM_BOT_TOKEN (from @BotFather)' });
  });

  it('fails naming TELEGRAM_API_ROOT when nothing answers there', async () => {
    const r = await checkTelegram(telegram({ TELEGRAM_API_ROOT: 'http://127.0.0.1:1' }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:1: .*TELEGRAM_API_ROOT$/);
  });

  it('is ok when polling and no webhook is set', async () => {
    expect(await checkTelegram(telegram())).toEqual({ status: 'ok', name: 'telegram', message: '@HuiyinTestBot, long polling (no webhook set)' });
  });

  it('is ok in webhook mode when Telegram holds TELEGRAM_WEBHOOK_URL', async () => {
    webhook = { url: HOOK };
    const r = await checkTelegram(telegram({ TELEGRAM_WEBHOOK_URL: HOOK, TELEGRAM_WEBHOOK_SECRET: SECRET }));
    expect(r).toEqual({ status: 'ok', name: 'telegram', message: `@HuiyinTestBot, webhook ${HOOK}` });
  });

  it('warns when the webhook Telegram holds differs from TELEGRAM_WEBHOOK_URL', async () => {
    webhook = { url: 'https://old.example.org/telegram/webhook' };
    const r = await checkTelegram(telegram({ TELEGRAM_WEBHOOK_URL: HOOK, TELEGRAM_WEBHOOK_SECRET: SECRET }));
    expect(r.status).toBe('warn');
    expect(r.message).toContain(`Telegram posts to https://old.example.org/telegram/webhook but TELEGRAM_WEBHOOK_URL is ${HOOK}`);
  });

  it('warns when a webhook is set while polling is configured', async () => {
    webhook = { url: HOOK };
    const r = await checkTelegram(telegram());
    expect(r.status).toBe('warn');
    expect(r.message).toContain(`a webhook is set (${HOOK}) while polling is configured`);
  });

  it("warns with Telegram's last delivery error", async () => {
    webhook = { url: HOOK, last_error_message: 'Wrong response from the webhook: 502 Bad Gateway' };
    const r = await checkTelegram(telegram({ TELEGRAM_WEBHOOK_URL: HOOK, TELEGRAM_WEBHOOK_SECRET: SECRET }));
    expect(r).toEqual({ status: 'warn', name: 'telegram', message: "@HuiyinTestBot: Telegram's last delivery error: Wrong response from the webhook: 502 Bad Gateway" });
  });
});
