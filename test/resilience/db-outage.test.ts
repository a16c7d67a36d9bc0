import { mkdtempSync, readdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildWebChat } from '../../adapters/web/server.js';
import { webChatPorts } from '../../src/commands/web-ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/channels/contract.js';
import { openDb, type Db } from '../../src/db/connect.js';
import type { IntakeEngine, TurnOutcome } from '../../src/intake/engine.js';
import { FloodGuard } from '../../src/intake/flood-guard.js';
import { sendNowThrough } from '../../src/intake/send-now.js';
import { Spool } from '../../src/intake/spool.js';
import { SpoolReplayer } from '../../src/intake/spool-replayer.js';
import type { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { sql } from 'kysely';
import { pino } from 'pino';
import { RecordingSender, TestClock, wireCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';
import { startPgProxy, type PgProxy } from '../helpers/pg-proxy.js';

/*
 * PostgreSQL goes away for 10 s while twelve reporters are mid-report, and comes back. The real
 * engine, outbox worker, spool and replayer, wired as main.ts wires them, reach the server through
 * a proxy the test cuts. Every message sent meanwhile is kept and its reporter told so once; after
 * the restore every message is processed in order and every report ends as a case.
 */

const DISTRICTS = ['锦江区', '青羊区', '金牛区', '武侯区', '成华区', '龙泉驿区', '青白江区', '新都区', '温江区', '双流区', '郫都区', '新津区'];
const SCRIPT = (district: string) => [`${district}有家化工厂每天晚上排黑烟`, '没有', '没有', '1', '1'];
const GAP_MS = 3_000;
const CUT_AT_MS = 2_000;
const OUTAGE_MS = 10_000;
const KEPT = '消息已保存，恢复后会自动继续处理';

let db: TestDb;
let proxied: Db;
let proxy: PgProxy;
let engine: IntakeEngine;
let web: FastifyInstance;
let webUrl: string;
let worker: OutboxWorker;
let replayer: SpoolReplayer;
let spool: Spool;
let spoolDir: string;
const sender = new RecordingSender('web');
const clock = new TestClock(new Date('2026-11-30T02:00:00Z'));
const connectionErrors: Error[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

beforeAll(async () => {
  if (DB_KIND !== 'postgres') return;
  db = await createTestDb();
  const target = new URL(db.url as string);
  proxy = await startPgProxy({ host: target.hostname, port: Number(target.port || 5432) });
  proxied = await openDb({ kind: 'postgres', url: proxy.through(db.url as string) }, { poolSize: 8, onConnectionError: (err) => connectionErrors.push(err) });
  spoolDir = mkdtempSync(join(tmpdir(), 'huiyin-outage-'));
  spool = await Spool.open(spoolDir, pino({ level: 'silent' }));
  // As main.ts: the flood guard, the spool, and the channels' senders for the words that cannot wait.
  ({ engine, worker } = wireCore({ ...proxied, url: null }, clock, [sender], true, { flood: new FloodGuard({ perMinute: 30, burst: 20 }, clock.read), spool, sendNow: sendNowThrough([sender]) }));
  replayer = new SpoolReplayer({ spool, probe: () => sql`select 1`.execute(proxied.db), replay: (m) => engine.replay(m), log: pino({ level: 'silent' }) });
  replayer.start();
  worker.start(250);
  web = buildWebChat(webChatPorts(engine, proxied.db), pino({ level: 'silent' }));
  webUrl = await web.listen({ host: '127.0.0.1', port: 0 });
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await web?.close();
  await replayer?.stop();
  await worker?.stop();
  await spool?.close();
  await proxied?.close();
  await proxy?.close();
  await db?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the web chat answered to a message, with what its page would show. */
const webAnswers: { status: number; body: { status: string; notice?: string } }[] = [];

/** Posts `m` to the web chat as its page does; the answer's status stands for the outcome. */
async function overHttp(m: Inbound): Promise<TurnOutcome> {
  const res = await fetch(`${webUrl}/api/chat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: m.chatId, messageId: m.messageId, text: m.text }) });
  const body = (await res.json()) as { status: string; notice?: string };
  webAnswers.push({ status: res.status, body });
  return { status: body.status as TurnOutcome['status'], messageId: null, outboxIds: [], opened: [], joined: [] };
}

describe.skipIf(DB_KIND !== 'postgres')('PostgreSQL stopping for 10 s under load', () => {
  it('keeps every message, tells each reporter once, and afterwards processes all of them in order', async () => {
    const t0 = Date.now();
    const sent: { chat: string; at: number; outcome: TurnOutcome }[] = [];
    let down: { from: number; to: number } | null = null;
    const reporter = async (i: number) => {
      const chat = `reporter${i}`;
      // Staggered, so messages arrive all through the outage rather than in waves.
      await sleep(i * 100);
      for (const [n, text] of SCRIPT(DISTRICTS[i]!).entries()) {
        const m: Inbound = { channel: 'web', chatId: chat, userId: chat, messageId: `${chat}-${n}`, text, at: clock.now };
        const at = Date.now();
        // The last reporter uses the web chat's own HTTP API, which must answer even while the database is away.
        sent.push({ chat, at, outcome: i === DISTRICTS.length - 1 ? await overHttp(m) : await engine.handle(m) });
        await sleep(GAP_MS);
      }
    };
    const outage = (async () => {
      await sleep(CUT_AT_MS);
      await proxy.cut();
      const from = Date.now();
      await sleep(OUTAGE_MS);
      await proxy.restore();
      down = { from, to: Date.now() };
    })();
    await Promise.all([...DISTRICTS.map((_, i) => reporter(i)), outage]);
    await replayer.drained(20_000);
    // Replies queued by replayed turns go out through the outbox as usual.
    for (let i = 0; i < 100; i++) {
      const waiting = await db.db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
      if (waiting.n === 0) break;
      await sleep(100);
    }
    const during = sent.filter((s) => down && s.at > down.from + 100 && s.at < down.to);

    expect(Date.now() - t0).toBeLessThan(35_000);
    expect(unhandled).toEqual([]);
    expect(connectionErrors.length).toBeGreaterThan(0);
    // Sent while the server was away: kept, not lost and not failed.
    expect(during.length).toBeGreaterThanOrEqual(DISTRICTS.length * 2);
    expect(during.map((s) => s.outcome.status)).toEqual(during.map(() => 'spooled'));
    expect(sent.some((s) => s.outcome.status === 'failed')).toBe(false);
    // The web chat answered every message, and said "kept" when the database was away.
    expect(webAnswers.map((a) => a.status)).toEqual(webAnswers.map(() => 200));
    const keptOverHttp = webAnswers.filter((a) => a.body.status === 'spooled');
    expect(keptOverHttp.length).toBeGreaterThanOrEqual(2);
    for (const a of keptOverHttp) expect(a.body.notice).toContain(KEPT);
    for (const chat of new Set(during.map((s) => s.chat))) {
      const kept = sender.textsFor(chat).filter((t) => t.includes(KEPT));
      expect(kept, chat).toHaveLength(1);
      expect(kept[0]).toContain('no need to send it again');
    }
    // Afterwards: every message journaled once and processed, every report a case.
    const journal = await db.db.selectFrom('messages').select(['chat_id', 'external_id', 'status']).where('direction', '=', 'in').execute();
    expect(journal).toHaveLength(DISTRICTS.length * 5);
    expect(journal.filter((j) => j.status !== 'processed')).toEqual([]);
    const cases = await db.db.selectFrom('cases').select(['district_name']).execute();
    expect(cases.map((c) => c.district_name).sort()).toEqual([...DISTRICTS].sort());
    // Each conversation went as it would have without the outage: the same replies in the same order.
    const normal = (chat: string, district: string) =>
      sender
        .textsFor(chat)
        .filter((t) => !t.includes(KEPT))
        .map((t) => t.replaceAll(district, '某区').replace(/HY-\d{8}-\d{4}/, 'HY-#').replace(/成都市\S+?生态环境局/, '某局'));
    const reference = normal('reporter0', DISTRICTS[0]!);
    expect(reference).toHaveLength(6);
    expect(reference[0]).toMatch(/^收到。已记录/);
    expect(reference.at(-1)).toMatch(/已登记，案件编号 HY-#/);
    for (const [i, d] of DISTRICTS.entries()) expect(normal(`reporter${i}`, d), `reporter${i}`).toEqual(reference);
    expect(spool.size).toBe(0);
    expect(readdirSync(spoolDir).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
  }, 45_000);
});
