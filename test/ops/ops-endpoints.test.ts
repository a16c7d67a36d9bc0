import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOps } from '../../adapters/web/ops.js';
import { openDb, type Db } from '../../src/db/connect.js';
import { HuiyinMetrics } from '../../src/ops/metrics.js';
import { readiness } from '../../src/ops/readiness.js';
import { wireCore, RecordingSender, TestClock } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';
import { startPgProxy, type PgProxy } from '../helpers/pg-proxy.js';

let db: TestDb;

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.close();
});

/** The ops endpoints on a server of their own, over `on` (the test database, or one behind the proxy). */
async function serve(on: Db['db'], channels: { name: string; connected(): boolean }[], metrics: HuiyinMetrics): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify();
  registerOps(app, { readiness: () => readiness({ db: on, channels, timeoutMs: 1000 }), metrics: () => metrics.text(), metricsContentType: metrics.contentType });
  return { app, base: await app.listen({ host: '127.0.0.1', port: 0 }) };
}

describe(`metrics after a scripted conversation on ${DB_KIND}`, () => {
  it('count the turns, their latency, the case opened, the outbox and the jobs', async () => {
    const metrics = new HuiyinMetrics(db.db, () => ({ asked: 3, requests: 4, ok: 2, repaired: 1, fallbacks: { timeout: 1 }, skipped: { button: 5 }, charsSent: 9000, maxCharsPerRequest: 3100 }));
    const sender = new RecordingSender('test');
    const { engine } = wireCore(db, new TestClock(new Date('2026-11-27T14:00:00Z')), [sender], false, { observer: metrics });
    const lines = ['青白江区大弯街道有家化工厂每天晚上排黑烟', '没有', '没有', '1', '1'];
    for (const [i, text] of lines.entries()) await engine.handle({ channel: 'test', chatId: 'chat-m', userId: 'm', messageId: `m-${i}`, text, at: new Date() });
    await engine.handle({ channel: 'test', chatId: 'chat-m', userId: 'm', messageId: 'm-0', text: lines[0]!, at: new Date() });
    metrics.jobRan('escalation', true);
    metrics.jobRan('digests', false);
    metrics.llmCall(1.2, 'ok');
    const { app, base } = await serve(db.db, [{ name: 'telegram', connected: () => true }], metrics);
    try {
      const res = await fetch(`${base}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toContain('huiyin_inbound_messages_total{channel="test",outcome="processed"} 5');
      expect(text).toContain('huiyin_inbound_messages_total{channel="test",outcome="duplicate"} 1');
      expect(text).toContain('huiyin_turn_duration_seconds_count{channel="test"} 6');
      expect(text).toContain('huiyin_cases_opened_total{category="air",district="青白江区"} 1');
      // Replies are queued, not yet delivered (no worker ran): the outbox shows them.
      expect(text).toMatch(/huiyin_outbox_depth\{channel="test",status="pending"\} [1-9]/);
      expect(text).toMatch(/huiyin_outbox_oldest_pending_seconds [0-9.e-]+/);
      expect(text).toContain('huiyin_escalations_open 0');
      expect(text).toContain('huiyin_job_runs_total{job="escalation",result="ok"} 1');
      expect(text).toContain('huiyin_job_runs_total{job="digests",result="failed"} 1');
      expect(text).toContain('huiyin_llm_messages_total{result="fallback",reason="timeout"} 1');
      expect(text).toContain('huiyin_llm_requests_total 4');
      expect(text).toContain('huiyin_llm_call_duration_seconds_count{outcome="ok"} 1');
      expect(text).toContain('huiyin_process_resident_memory_bytes');
      // Nothing personal or identifying in a label.
      expect(text).not.toMatch(/chat-m|HY-\d{8}|化工厂/);
    } finally {
      await app.close();
    }
  });
});

describe(`health and readiness on ${DB_KIND}`, () => {
  it('answers /healthz, and /readyz is red while a channel is down', async () => {
    let up = false;
    const { app, base } = await serve(db.db, [{ name: 'telegram', connected: () => up }], new HuiyinMetrics(db.db));
    try {
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'not ready', checks: [{ name: 'database', ok: true }, { name: 'migrations', ok: true }, { name: 'telegram', ok: false }] });
      up = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe.skipIf(DB_KIND !== 'postgres')('readiness when PostgreSQL goes away and comes back', () => {
  let proxy: PgProxy;
  let proxied: Db;
  beforeAll(async () => {
    const target = new URL(db.url as string);
    proxy = await startPgProxy({ host: target.hostname, port: Number(target.port || 5432) });
    proxied = await openDb({ kind: 'postgres', url: proxy.through(db.url as string) }, { poolSize: 2, onConnectionError: () => undefined });
  });
  afterAll(async () => {
    await proxied?.close();
    await proxy?.close();
  });

  it('turns red while the database is unreachable and green when it returns', async () => {
    const { app, base } = await serve(proxied.db, [], new HuiyinMetrics(proxied.db));
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      await proxy.cut();
      const red = await fetch(`${base}/readyz`);
      expect(red.status).toBe(503);
      expect(await red.json()).toMatchObject({ checks: [{ name: 'database', ok: false }] });
      // Liveness does not depend on the database, and a scrape still answers.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
      await proxy.restore();
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await fetch(`${base}/readyz`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
