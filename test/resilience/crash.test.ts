import { sql } from 'kysely';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/db/repo/api-tokens.js';
import type { Db } from '../../src/db/connect.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { childDb, type ChildDb } from '../helpers/child-db.js';
import { DB_KIND } from '../helpers/db.js';
import { startHuiyin, type HuiyinProcess } from '../helpers/huiyin-process.js';

// Issue 8 item 1: reporters chat with `huiyin start` over a fake Telegram while the process is
// SIGKILLed at random moments and restarted; afterwards the database and the fake must agree that
// nothing a reporter was told, said or was owed went missing or happened twice.

const REPORTERS = 20;
/**
 * When each kill falls, after a random 0.3–3 s of traffic: at once, or at the next moment a crash
 * is most likely to hurt — just after getUpdates confirmed updates the process is about to
 * process, or just after a sendMessage the process has not yet marked sent. Waiting for chance
 * alone, a run rarely kills inside those few milliseconds.
 */
const KILL_POINTS = ['update-confirmed', 'random', 'message-sent', 'update-confirmed'] as const;
const KILLS = KILL_POINTS.length;
/**
 * Reporters arrive in one wave per process that will be killed. A kill stalls every chat whose
 * reply the dead process had claimed for delivery until the outbox lease ends (30 s), so with
 * everyone starting at once the later rounds would find nothing in flight to kill.
 */
const WAVE = Math.ceil(REPORTERS / KILLS);
/** A reporter who is owed an answer waits this long after the last restart: the outbox lease (30 s) plus the rest of the form. */
const SETTLE_MS = 50_000;
const TOKEN = '123456:TEST-token-for-the-fake-api';
const STAFF_CHAT = '990001';

// Every reporter a different district, so each report opens its own case instead of being offered a join.
const PLACES = ['锦江区春熙路街道', '青羊区草市街街道', '金牛区茶店子街道', '武侯区簇桥街道', '成华区建设路街道', '龙泉驿区洛带镇', '青白江区大弯街道', '新都区大丰街道', '温江区万春镇', '双流区东升街道', '郫都区犀浦街道', '新津区五津街道', '都江堰市灌口街道', '彭州市天彭街道', '邛崃市临邛街道', '崇州市崇阳街道', '简阳市射洪坝街道', '金堂县赵镇街道', '大邑县晋原街道', '蒲江县鹤山街道'];
const PROBLEMS = ['有家化工厂每天晚上排黑烟', '的养猪场把粪水直接排进河里', '有个工地凌晨两点还在打桩', '有人在山上偷倒建筑垃圾', '有家火锅店油烟直接往小区里排'];
const DEMAND = '尽快查处';
/** What a reporter answers to each question the bot asks (src/i18n/zh.ts). */
const ANSWERS: { kind: string; asks: RegExp; answer: string }[] = [
  { kind: 'target', asks: /被举报的是哪个单位/, answer: '不知道' },
  { kind: 'time', asks: /什么时候发生/, answer: '每天晚上' },
  { kind: 'evidence', asks: /有照片或视频吗/, answer: '没有' },
  { kind: 'demand', asks: /您希望怎样处理/, answer: DEMAND },
  { kind: 'identity', asks: /以什么方式举报/, answer: '1' },
  { kind: 'confirm', asks: /请核对您的举报/, answer: '1' },
];
const CASE_NUMBER = /HY-\d{8}-\d{4,}/g;

/** A small seeded generator, so a failing run's kill timing can be replayed with CRASH_SEED. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One simulated citizen and what happened to them. */
interface Reporter {
  chatId: number;
  district: string;
  opener: string;
  /** Question kinds answered, to notice one asked again after it was answered (slots lost). */
  answered: Set<string>;
  reasked: string[];
  /** Messages that were neither a question, an acknowledgement, nor the case's notices. */
  unexpected: string[];
  /** Messages Telegram had handed to a process that died without processing them. */
  lost: { text: string; journal: string }[];
  told: Set<string>;
  accepted: boolean;
}

/** A message a reporter sent and has had no reply to yet. */
interface Pending {
  update: Update;
  text: string;
  /** How many kills were already checked for this message. */
  checked: number;
}

let child: ChildDb;
let db: Db;
let fake: FakeTelegramApi;

beforeAll(async () => {
  if (DB_KIND !== 'postgres') return;
  child = await childDb('crash');
  db = await child.open();
  fake = await FakeTelegramApi.start();
}, 60_000);
afterAll(async () => {
  await fake?.close();
  await child?.dispose();
});

describe.skipIf(DB_KIND !== 'postgres')('huiyin start killed with SIGKILL under load (PostgreSQL)', () => {
  it('keeps every report, slot, case and notice exactly once across kills and restarts', async () => {
    const t0 = Date.now();
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const random = seeded(seed);
    // Staff who accept every case as it opens: lifecycle transitions and their notices run under the kills too.
    await db.db.insertInto('staff').values({ handle: 'crash.triage', name: '值班', unit_id: 'cd-city-eeb', role: 'handler', channel: 'telegram', external_id: STAFF_CHAT, chat_id: STAFF_CHAT }).execute();
    const token = await issueToken(db.db, 'crash.triage', new Date());
    // A fast outbox poll: rows a dead process had claimed come back when their lease ends, not up to a second later.
    const env = { ...child.env, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, HUIYIN_OUTBOX_POLL_MS: '200' };
    const start = () => startHuiyin({ env, ready: 'Telegram: long polling' });

    let current: HuiyinProcess | null = await start();
    /** Where the Bot API calls of dead processes end: a call before the last mark came from a process that is gone. */
    const killMarks: { calls: number; sent: number; at: number }[] = [];
    let settleBy = Number.POSITIVE_INFINITY;

    /**
     * Resolves at the next moment of the kind asked for, or after 3 s without one. The fake's
     * listeners run right after a call is answered, in the same tick (a sendMessage the process
     * is about to mark sent); a getUpdates that confirms is a long poll answered much later, so
     * the call log is also polled every millisecond.
     */
    const dangerousMoment = (point: (typeof KILL_POINTS)[number]): Promise<void> => {
      if (point === 'random') return Promise.resolve();
      const offsetOf = (i: number) => Number(fake.calls[i]!.params.offset ?? 0);
      let from = fake.calls.length;
      let highest = Math.max(0, ...fake.calls.map((c, i) => (c.method === 'getUpdates' ? offsetOf(i) : 0)));
      const happened = (): boolean => {
        for (; from < fake.calls.length; from++) {
          const c = fake.calls[from]!;
          if (point === 'message-sent' && c.method === 'sendMessage') return true;
          if (point === 'update-confirmed' && c.method === 'getUpdates' && offsetOf(from) > highest) return true;
          if (c.method === 'getUpdates') highest = Math.max(highest, offsetOf(from));
        }
        return false;
      };
      return new Promise<void>((resolve) => {
        const poll = setInterval(() => happened() && done(), 1);
        const done = (): void => {
          clearInterval(poll);
          resolve();
        };
        fake.waitFor(happened, 3000, point).then(done, done);
      });
    };

    const send = (r: Reporter, text: string): Pending => ({ update: fake.text({ id: r.chatId, firstName: '市民' }, text), text, checked: 0 });

    /**
     * Whether a message is gone for good: Telegram confirmed it to a process that has since been
     * killed (getUpdates with a higher offset) and the journal does not have it, so neither
     * Telegram nor the database will ever bring it back. One journaled but unprocessed is not
     * lost: the journal recovery of the next process finishes its turn.
     */
    const lostForGood = async (p: Pending): Promise<string | null> => {
      const mark = killMarks.at(-1);
      // A turn's statement sent just before the kill may still commit: look a moment later.
      if (!mark || p.checked === killMarks.length || Date.now() - mark.at < 1000) return null;
      p.checked = killMarks.length;
      const confirmed = fake.calls.findIndex((c) => c.method === 'getUpdates' && Number(c.params.offset ?? 0) > p.update.update_id);
      if (confirmed < 0 || confirmed >= mark.calls) return null;
      const m = p.update.message!;
      const row = await db.db.selectFrom('messages').select('status').where('channel', '=', 'telegram').where('direction', '=', 'in').where('external_id', '=', `${m.chat.id}:${m.message_id}`).executeTakeFirst();
      return row ? null : 'not journaled';
    };

    /** Staff accept a case over the API of whichever process is up; a refusal is noted on the reporter, not thrown. */
    const accept = async (r: Reporter, number: string): Promise<void> => {
      // The same key on every retry: a retry after a commit whose answer was lost must not act twice.
      while (Date.now() < settleBy) {
        const base = current?.url;
        const res = base
          ? await fetch(`${base}/api/v1/cases/${number}/actions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `accept-${number}` }, body: JSON.stringify({ action: 'accept' }) }).catch(() => null)
          : null;
        if (res?.ok) return;
        if (res && res.status < 500) return void r.unexpected.push(`accept ${number}: ${res.status} ${await res.text()}`);
        await sleep(200);
      }
      r.unexpected.push(`accept ${number}: no process took it`);
    };

    /** Chats like a person: answers each question once it arrives, and waits as long as it takes. */
    const report = async (r: Reporter): Promise<void> => {
      let pending: Pending | null = send(r, r.opener);
      let seen = 0;
      let previous = '';
      const acceptance: Promise<void>[] = [];
      while (!r.accepted && Date.now() < settleBy) {
        const texts = fake.textsFor(r.chatId);
        if (texts.length === seen) {
          const journal = pending && (await lostForGood(pending));
          if (pending && journal) {
            // What a citizen does when the bot never answers: says it again.
            r.lost.push({ text: pending.text, journal });
            pending = send(r, pending.text);
          }
          await sleep(100);
          continue;
        }
        const text = texts[seen++]!;
        // The same notice twice in a row is a redelivery (counted against the outbox below), not a new question.
        if (text === previous) continue;
        previous = text;
        pending = null;
        const numbers = text.match(CASE_NUMBER) ?? [];
        if (/^已登记，案件编号/.test(text)) {
          for (const n of numbers) r.told.add(n);
          acceptance.push(...numbers.map((n) => accept(r, n)));
          continue;
        }
        if (/已受理/.test(text)) {
          r.accepted = true;
          continue;
        }
        if (/^收到。已记录/.test(text)) continue;
        const q = ANSWERS.find((a) => a.asks.test(text));
        if (!q) {
          r.unexpected.push(text);
          continue;
        }
        if (r.answered.has(q.kind)) r.reasked.push(q.kind);
        r.answered.add(q.kind);
        pending = send(r, q.answer);
      }
      await Promise.all(acceptance);
    };

    const reporters: Reporter[] = Array.from({ length: REPORTERS }, (_, i) => ({
      chatId: 880_001 + i,
      district: PLACES[i % PLACES.length]!.replace(/(区|市|县).*$/, '$1'),
      opener: `${PLACES[i % PLACES.length]}${PROBLEMS[i % PROBLEMS.length]}`,
      answered: new Set(),
      reasked: [],
      unexpected: [],
      lost: [],
      told: new Set(),
      accepted: false,
    }));
    const chatting: Promise<void>[] = [];
    let stopped: number | null = null;
    const rounds: string[] = [];

    try {
      for (const [k, point] of KILL_POINTS.entries()) {
        const began = Date.now();
        chatting.push(...reporters.slice(k * WAVE, (k + 1) * WAVE).map((r) => sleep(random() * 300).then(() => report(r))));
        await sleep(300 + random() * 2700);
        await dangerousMoment(point);
        await current!.stop('SIGKILL');
        current = null;
        rounds.push(`${point} after ${((Date.now() - began) / 1000).toFixed(1)} s`);
        // Let the fake read whatever the dead process had already written to its sockets.
        await sleep(50);
        killMarks.push({ calls: fake.calls.length, sent: fake.sent.length, at: Date.now() });
        current = await start();
        rounds[rounds.length - 1] += `, up again in ${((Date.now() - killMarks.at(-1)!.at) / 1000).toFixed(1)} s`;
      }
      settleBy = Date.now() + SETTLE_MS;
      await Promise.all(chatting);
    } finally {
      const last = current;
      current = null;
      if (last) {
        // A clean stop after the crashes: it must still drain and exit on its own.
        await Promise.race([last.stop('SIGTERM'), sleep(10_000)]);
        stopped = last.proc.exitCode;
        if (stopped === null) await last.stop('SIGKILL');
      }
    }
    const seconds = (Date.now() - t0) / 1000;

    // 1. Every number a reporter was told is exactly one case, that reporter's only one.
    const cases = await db.db
      .selectFrom('cases')
      .innerJoin('reporters', 'reporters.id', 'cases.reporter_id')
      .select(['cases.id', 'cases.number', 'cases.status', 'cases.district_name', 'cases.demand', 'cases.identity_mode', 'reporters.external_id'])
      .execute();
    const byNumber = new Map(cases.map((c) => [c.number, c]));
    // 2. Turns, the journal and the conversations: nothing left half-done.
    const turns = await db.db.selectFrom('messages').select([sql<number>`count(*)::int`.as('n'), 'status']).where('direction', '=', 'in').groupBy('status').execute();
    const conversations = await db.db.selectFrom('conversations').select(['chat_id', sql<string>`state->>'phase'`.as('phase')]).execute();
    // 3. Every outbox row delivered, and what the fake received per chat and text against it.
    const outbox = await db.db.selectFrom('outbox').select(['chat_id', 'text', 'status', 'attempts']).where('channel', '=', 'telegram').execute();
    // Claimed by a process that died, and sent only once the 30-s lease ran out: the crash's delay, not a loss.
    const relet = outbox.filter((o) => o.attempts > 1).length;
    const owed = new Map<string, number>();
    for (const o of outbox) owed.set(`${o.chat_id}\n${o.text}`, (owed.get(`${o.chat_id}\n${o.text}`) ?? 0) + 1);
    const got = new Map<string, number>();
    for (const s of fake.sent) got.set(`${s.chatId}\n${s.text}`, (got.get(`${s.chatId}\n${s.text}`) ?? 0) + 1);
    let duplicates = 0;
    const missing: string[] = [];
    const unexplained: string[] = [];
    for (const [key, n] of owed) {
      const d = (got.get(key) ?? 0) - n;
      if (d < 0) missing.push(key.replace('\n', ': ').slice(0, 80));
      if (d <= 0) continue;
      duplicates += d;
      // A repeat is explained only by a process that sent the row, died before marking it sent,
      // and left it to be claimed again: its first copy went out before a kill.
      const first = fake.sent.findIndex((x) => `${x.chatId}\n${x.text}` === key);
      const relets = outbox.some((o) => `${o.chat_id}\n${o.text}` === key && o.attempts > 1);
      if (!relets || d > killMarks.filter((m) => m.sent > first).length) unexplained.push(key.replace('\n', ': ').slice(0, 80));
    }
    const phantom = [...got.keys()].filter((k) => !owed.has(k));
    // 4. Each case's status agrees with its audit trail.
    const events = await db.db.selectFrom('case_events').select(['case_id', 'type', sql<number>`count(*)::int`.as('n')]).groupBy(['case_id', 'type']).execute();
    const followers = await db.db.selectFrom('case_reporters').select(['case_id', sql<number>`count(*)::int`.as('n')]).groupBy('case_id').execute();
    const trail = (id: string, type: string) => events.find((e) => e.case_id === id && e.type === type)?.n ?? 0;

    const lost = reporters.flatMap((r) => r.lost.map((l) => ({ chat: r.chatId, ...l })));
    console.log(
      `crash consistency (seed ${seed}): ${KILLS} kills (${rounds.join(', ')}), ${REPORTERS} reporters, ` +
        `${turns.map((t) => `${t.n} ${t.status}`).join(', ')} inbound, ${cases.length} cases, ${outbox.length} notices ` +
        `(${relet} delivered only after a dead process's lease ran out), ${duplicates} duplicate deliveries, ${lost.length} messages lost by a killed process ` +
        `(${lost.map((l) => `${l.chat} "${l.text}" journal: ${l.journal}`).join('; ') || 'none'}), ${seconds.toFixed(1)} s`,
    );

    // Soft: one run reports every broken invariant, not only the first.
    for (const r of reporters) {
      const who = `reporter ${r.chatId} (${r.opener})`;
      expect.soft({ who, accepted: r.accepted, unexpected: r.unexpected, reasked: r.reasked }).toEqual({ who, accepted: true, unexpected: [], reasked: [] });
      expect.soft(r.told.size, who).toBe(1);
      const number = [...r.told][0]!;
      const c = byNumber.get(number);
      expect.soft(c?.external_id, `${who}: case ${number}`).toBe(String(r.chatId));
      // The slots answered before any kill are the case's: nothing reset to an earlier draft.
      expect.soft({ district: c?.district_name, demand: c?.demand, identity: c?.identity_mode, status: c?.status }).toEqual({ district: r.district, demand: DEMAND, identity: 'anonymous', status: 'accepted' });
      expect.soft(cases.filter((x) => x.external_id === String(r.chatId)).map((x) => x.number), `${who}: one case per report`).toEqual([number]);
    }
    expect.soft(cases).toHaveLength(REPORTERS);
    expect.soft(stopped, 'exit code after SIGTERM').toBe(0);
    expect.soft(conversations.filter((c) => c.phase !== 'idle')).toEqual([]);
    for (const c of cases) {
      expect.soft({ number: c.number, registered: trail(c.id, 'registered'), routed: trail(c.id, 'routed'), accepted: trail(c.id, 'accepted'), followers: followers.find((f) => f.case_id === c.id)?.n }).toEqual({ number: c.number, registered: 1, routed: 1, accepted: 1, followers: 1 });
    }
    expect.soft(outbox.filter((o) => o.status !== 'sent')).toEqual([]);
    expect.soft(missing, 'notices in the outbox the chat never received').toEqual([]);
    expect.soft(phantom, 'messages the chat received that no outbox row asked for').toEqual([]);
    // A notice repeats only when a process died between sendMessage and marking it sent: rarely more than one per kill.
    expect.soft(unexplained, 'notices delivered twice without a kill between the send and its record').toEqual([]);
    expect.soft(duplicates).toBeLessThanOrEqual(KILLS);
    // Every message a reporter sent was journaled and processed: none left received or failed.
    expect.soft(turns.filter((t) => t.status !== 'processed')).toEqual([]);
    // A message Telegram handed to a process that died before its turn committed must come back.
    expect.soft(lost, 'messages lost with a killed process (Telegram updates confirmed before their turn committed)').toEqual([]);
  }, 150_000);
});
