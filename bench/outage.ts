/**
 * A database outage under load, by hand: starts a real `huiyin start` on this machine's PostgreSQL
 * (a fresh schema in DATABASE_URL's database, default postgres://postgres@127.0.0.1:5432/test)
 * with the fake Telegram Bot API, has N reporters each file a report over ~15 s, STOPS THE REAL
 * POSTGRESQL SERVER for 10 s in the middle (pg_ctlcluster, as in STACK.md) and starts it again,
 * then prints what happened: messages sent, sent during the outage, "kept" replies, processed
 * afterwards, reports that became cases, lost. The server is started again in a `finally`.
 *
 * Other test runs on this machine fail while the server is down: run it when no one is mid-test.
 *
 *   npx tsx bench/outage.ts                  # 12 reporters, 10 s outage
 *   npx tsx bench/outage.ts --reporters 20 --outage 10
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDb } from '../src/db/connect.js';
import { render } from '../src/i18n/render.js';
import { FakeTelegramApi } from '../test/fakes/telegram-api.js';
import { createTestDb } from '../test/helpers/db.js';

const { values: args } = parseArgs({
  options: {
    reporters: { type: 'string', default: '12' },
    outage: { type: 'string', default: '10' },
    gap: { type: 'string', default: '3' },
  },
});
const REPORTERS = Number(args.reporters);
const OUTAGE_MS = Number(args.outage) * 1000;
const GAP_MS = Number(args.gap) * 1000;
const DISTRICTS = ['锦江区', '青羊区', '金牛区', '武侯区', '成华区', '龙泉驿区', '青白江区', '新都区', '温江区', '双流区', '郫都区', '新津区', '都江堰市', '彭州市', '邛崃市', '崇州市', '简阳市', '金堂县', '大邑县', '蒲江县'];
const SCRIPT = (district: string) => [`${district}有家化工厂每天晚上排黑烟`, '没有', '没有', '1', '1'];
const KEPT = render({ key: 'kept_for_later', params: {} }, 'zh');

process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const version = readdirSync('/etc/postgresql')[0]!;
const cluster = (action: 'start' | 'stop') => execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action], { stdio: 'inherit' });

async function main(): Promise<void> {
  if (REPORTERS > DISTRICTS.length) throw new Error(`at most ${DISTRICTS.length} reporters (one district each, so no report joins another)`);
  const db = await createTestDb();
  const fake = await FakeTelegramApi.start();
  const spoolDir = mkdtempSync(join(tmpdir(), 'huiyin-bench-spool-'));
  const proc = spawn(process.execPath, [resolve('bin/huiyin.js'), 'start'], {
    env: { ...process.env, DATABASE_URL: db.url as string, HUIYIN_PORT: '0', HUIYIN_SPOOL_DIR: spoolDir, LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: '123456:BENCH-token-for-the-fake-api', TELEGRAM_API_ROOT: fake.apiRoot },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited: number | null | undefined;
  proc.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  proc.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  proc.once('exit', (code) => (exited = code));
  let stopped = false;
  try {
    for (const until = Date.now() + 40_000; !out.includes('Telegram: long polling'); ) {
      if (Date.now() > until || exited !== undefined) throw new Error(`huiyin did not start:\n${out}`);
      await sleep(100);
    }
    const sent: { user: number; at: number }[] = [];
    let down = { from: Infinity, to: Infinity };
    const reporter = async (i: number) => {
      const user = { id: 7000 + i, firstName: `市民${i}` };
      await sleep(i * 150);
      for (const text of SCRIPT(DISTRICTS[i]!)) {
        fake.text(user, text);
        sent.push({ user: user.id, at: Date.now() });
        await sleep(GAP_MS);
      }
    };
    const outage = (async () => {
      await sleep(1_500);
      const from = Date.now();
      stopped = true;
      cluster('stop');
      await sleep(OUTAGE_MS);
      cluster('start');
      stopped = false;
      down = { from, to: Date.now() };
    })();
    await Promise.all([...Array.from({ length: REPORTERS }, (_, i) => reporter(i)), outage]);
    const t = Date.now();
    // Until every report is a case and its last reply delivered, or a minute has passed.
    const check = await openDb({ kind: 'postgres', url: db.url as string }, { poolSize: 1 });
    const registered = (id: number) => fake.textsFor(id).some((x) => x.includes('已登记，案件编号'));
    const unprocessed = async () => (await check.db.selectFrom('messages').select(sql<number>`count(*)::int`.as('n')).where('direction', '=', 'in').where('status', '!=', 'processed').executeTakeFirstOrThrow()).n;
    let processedAfterS = NaN;
    for (let ok = false; !ok && Date.now() - t < 60_000; ) {
      await sleep(250);
      if (Number.isNaN(processedAfterS) && (await unprocessed()) === 0) processedAfterS = (Date.now() - t) / 1000;
      ok = Array.from({ length: REPORTERS }, (_, i) => registered(7000 + i)).every(Boolean);
    }
    const journal = await check.db.selectFrom('messages').select(['status']).where('direction', '=', 'in').execute();
    const cases = await check.db.selectFrom('cases').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    await check.close();
    const during = sent.filter((s) => s.at >= down.from && s.at <= down.to);
    const kept = Array.from({ length: REPORTERS }, (_, i) => fake.textsFor(7000 + i).filter((x) => x.includes(KEPT)).length);
    const processed = journal.filter((j) => j.status === 'processed').length;
    const report = {
      reporters: REPORTERS,
      outageSeconds: Math.round((down.to - down.from) / 100) / 10,
      messagesSent: sent.length,
      sentDuringOutage: during.length,
      chatsThatSentDuringOutage: new Set(during.map((s) => s.user)).size,
      keptReplies: kept.reduce((a, b) => a + b, 0),
      keptRepliesPerChat: [...new Set(kept)].join('/'),
      journaled: journal.length,
      processedAfter: processed,
      otherStatuses: journal.length - processed,
      casesOpened: cases.n,
      reportsRegistered: Array.from({ length: REPORTERS }, (_, i) => registered(7000 + i)).filter(Boolean).length,
      secondsUntilAllProcessed: Math.round(processedAfterS * 10) / 10,
      secondsUntilLastReplyDelivered: Math.round((Date.now() - t) / 100) / 10,
      // The same reply delivered twice to a chat (the outbox re-sends a row whose delivery it could not record).
      repliesDeliveredTwice: Array.from({ length: REPORTERS }, (_, i) => fake.textsFor(7000 + i)).reduce((n, texts) => n + texts.length - new Set(texts).size, 0),
      lost: sent.length - processed,
      huiyinStillRunning: exited === undefined,
      spoolFilesLeft: readdirSync(spoolDir).filter((f) => f.endsWith('.jsonl')).length,
    };
    console.log(JSON.stringify(report, null, 2));
    const warnings = out.split('\n').filter((l) => /"level":(40|50|60)/.test(l));
    console.log(`huiyin logged ${warnings.length} warnings/errors; distinct messages: ${[...new Set(warnings.map((l) => (/"msg":"([^"]*)"/.exec(l) ?? [])[1]))].join(' | ')}`);
  } finally {
    if (stopped) cluster('start');
    proc.kill('SIGTERM');
    await new Promise((r) => (exited === undefined ? proc.once('close', r) : r(null)));
    await fake.close();
    await db.close();
    rmSync(spoolDir, { recursive: true, force: true });
  }
}

await main();
