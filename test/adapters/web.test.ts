import type { FastifyInstance } from 'fastify';
import { webChatPorts } from '../../src/commands/web-ports.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebChat } from '../../adapters/web/server.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  db = await createTestDb();
  const core = buildCore(db, undefined, ['web']);
  app = buildWebChat(webChatPorts(core.engine, db.db), core.log);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const post = (body: unknown, raw?: string) =>
  fetch(`${base}/api/chat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });

describe(`web chat over HTTP on ${DB_KIND}`, () => {
  it('serves the chat page', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('/api/chat/messages');
  });

  it('serves the greeting in either language and refuses an unknown one', async () => {
    expect(((await (await fetch(`${base}/api/chat/greeting?lang=zh`)).json()) as { text: string }).text).toMatch(/24小时在线/);
    expect(((await (await fetch(`${base}/api/chat/greeting?lang=en`)).json()) as { text: string }).text).toMatch(/online 24 hours/);
    expect((await fetch(`${base}/api/chat/greeting?lang=fr`)).status).toBe(400);
  });

  it('runs a whole report through the page API and returns the case number', async () => {
    const chatId = 'web-chat-0001';
    let after = '0';
    let last: { id: string; text: string }[] = [];
    const lines = ['温江区万春镇的养猪场把粪水直接排进江安河，河水发黑发臭', '每天晚上', '没有', '没有', '1', '1'];
    for (const [i, text] of lines.entries()) {
      const res = await post({ chatId, messageId: `msg-web-${i}`, text, after });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; messages: { id: string; text: string }[] };
      expect(body.status).toBe('processed');
      expect(body.messages.length).toBeGreaterThan(0);
      last = body.messages;
      after = body.messages.at(-1)!.id;
    }
    expect(last.map((m) => m.text).join('\n')).toMatch(/HY-\d{8}-\d{4}/);
    const polled = await (await fetch(`${base}/api/chat/messages?chatId=${chatId}&after=0`)).json();
    expect((polled as { messages: unknown[] }).messages.length).toBeGreaterThanOrEqual(lines.length);
  });

  it('treats a network retry of the same message id as one message', async () => {
    const body = { chatId: 'web-chat-0002', messageId: 'retry-0001', text: '成华区有家烧烤店每天晚上在人行道上烤串，烟很大' };
    const first = (await (await post(body)).json()) as { status: string };
    const second = (await (await post(body)).json()) as { status: string };
    expect([first.status, second.status]).toEqual(['processed', 'duplicate']);
  });

  it('answers bad requests with a clear 400 and never a crash', async () => {
    for (const [body, raw] of [
      [null, '{not json'],
      [{ chatId: 'x', messageId: 'retry-0003', text: 'hi' }, undefined],
      [{ chatId: 'web-chat-0003', messageId: 'm-0000003', text: 5 }, undefined],
      [{ chatId: 'web-chat-0003', messageId: 'm-0000004', location: { lat: 200, lng: 0 } }, undefined],
      [{ chatId: 'web-chat-0003', messageId: 'm-0000005', text: 'a', admin: true }, undefined],
      [{ chatId: "'; drop table cases;--", messageId: 'm-0000006', text: 'a' }, undefined],
    ] as const) {
      const res = await post(body, raw);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/请求格式不正确/);
    }
    expect((await fetch(`${base}/api/chat/messages?chatId=bad`)).status).toBe(400);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await post({ chatId: 'web-chat-0004', messageId: 'm-0000007', text: '在吗' })).status).toBe(200);
  });

  it('takes a pin from the page as a WGS-84 location', async () => {
    const res = await post({ chatId: 'web-chat-0005', messageId: 'pin-000001', location: { lat: 30.68, lng: 103.85 } });
    expect(res.status).toBe(200);
    const row = await db.db.selectFrom('messages').select(['kind', 'payload']).where('external_id', '=', 'pin-000001').executeTakeFirstOrThrow();
    expect(row.kind).toBe('location');
    expect(row.payload).toMatchObject({ location: { lat: 30.68, lng: 103.85, datum: 'wgs84' } });
  });
});
