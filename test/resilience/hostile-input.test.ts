import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/channels/contract.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

/*
 * Hostile input through the real engine: thousands of generated messages — random Unicode,
 * control characters, 100 KB texts, nested markup, SQL, template strings, fake staff commands,
 * made-up and other people's case numbers, forged button presses, impossible pins — from many
 * reporters at once. Nothing may throw, every message is answered, and no reply tells anyone
 * about a case they do not follow.
 */

const REPORTERS = 100;
// The full 10,000 on PostgreSQL, the production database; a tenth on PGlite (one connection,
// so the same run takes twice as long there and adds nothing the larger run does not cover).
const MESSAGES_EACH = Number(process.env.HUIYIN_FUZZ_EACH ?? (DB_KIND === 'postgres' ? 100 : 10));
const NUMBER = /HY-\d{8}-\d{4,8}/g;

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SQL = ["'; drop table cases; --", "1' or '1'='1", 'HY-20261130-0001\'); delete from case_events; --', '$$; select pg_sleep(10); $$', '\\x00\\\\'];
const TEMPLATES = ['${process.exit(1)}', '{{7*7}}', '<%= system("id") %>', '#{1+1}', '%s%s%s%n', '${{constructor.constructor("return process")()}}'];
const COMMANDS = ['/start', '/forget', '/help', '受理 HY-20261130-0001', '办结 HY-20261130-0001 属实 已处理', '接管 #1', '回复 #1 你好', '督办 HY-20261130-0001 超期', '查询', '查询 HY-20990101-0001', '满意 HY-20261130-0001', '不满意', '免打扰', '恢复通知', '1', '2', '3', '99', '-1'];
const COMPLAINTS = ['郫都区犀浦街道有家化工厂每天晚上排黑烟', '温江区万春镇工地半夜打桩', '金牛区有条河发黑发臭', '锦江区烧烤油烟很大', '有家工厂排放刺鼻的废气'];

/** One generated message text of a random kind; `others` are real case numbers of other reporters. */
function hostileText(next: () => number, others: readonly string[]): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const codePoints = (n: number, lo: number, hi: number) => String.fromCodePoint(...Array.from({ length: n }, () => lo + Math.floor(next() * (hi - lo))));
  switch (Math.floor(next() * 12)) {
    case 0:
      return codePoints(1 + Math.floor(next() * 80), 0x20, 0x2fff);
    case 1:
      // Control characters, lone surrogates' neighbours, zero-width and direction marks.
      return Array.from({ length: 20 }, () => pick(['\u0000', '\u0007', '\u001b[2J', '\r', '\n', '\u200b', '\u202e', '\ufeff', '\ud83d\ude00', '\u0301', '\t'])).join('');
    case 2:
      return `${pick(COMPLAINTS)}${'很臭'.repeat(25_000 + Math.floor(next() * 1000))}`;
    case 3:
      return `${'<div><b>'.repeat(500)}<script>alert(1)</script>${'</b></div>'.repeat(500)}${'> '.repeat(300)}**${'['.repeat(400)}`;
    case 4:
      return pick(SQL);
    case 5:
      return pick(TEMPLATES);
    case 6:
      return pick(COMMANDS);
    case 7:
      return `查询 ${others.length > 0 ? pick(others) : 'HY-20261130-0001'}`;
    case 8:
      return `${pick(['满意', '不满意', '受理', '合并', '督办'])} ${others.length > 0 ? pick(others) : 'HY-20261130-0002'}`;
    case 9:
      return `HY-${Math.floor(next() * 1e8)}-${Math.floor(next() * 1e6)}`;
    case 10:
      return codePoints(5 + Math.floor(next() * 40), 0x1f300, 0x1faff);
    default:
      return pick(COMPLAINTS);
  }
}

let db: TestDb;
let core: ReturnType<typeof buildCore>;

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db);
  core.clock.now = new Date('2026-11-30T02:00:00Z');
});
afterAll(async () => {
  await db?.close();
});

describe(`hostile input on ${DB_KIND}`, () => {
  it(`answers ${REPORTERS * MESSAGES_EACH} hostile messages from ${REPORTERS} reporters without a crash or a leak`, { timeout: 600_000 }, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    // Some real cases first, whose numbers the others will try.
    for (const [i, district] of ['郫都区犀浦街道', '温江区万春镇', '金牛区茶店子街道', '锦江区春熙路街道', '新都区大丰街道'].entries()) {
      for (const line of [`${district}有家化工厂每天晚上排黑烟`, '没有', '没有', '1', '1']) await core.say(`seed${i}`, line);
    }
    const known = (await db.db.selectFrom('cases').select('number').execute()).map((c) => c.number);
    expect(known.length).toBeGreaterThan(0);

    const failures: string[] = [];
    const unanswered: string[] = [];
    await Promise.all(
      Array.from({ length: REPORTERS }, async (_, r) => {
        const next = rng(1000 + r);
        for (let i = 0; i < MESSAGES_EACH; i++) {
          const kind = next();
          const m: Inbound = { channel: 'test', chatId: `chat-f${r}`, userId: `f${r}`, messageId: `f${r}-${i}`, at: core.clock.now };
          if (kind < 0.06) m.location = { lat: [Number.NaN, 91, -200, 30.7, Infinity][i % 5]!, lng: [104.06, Number.NaN, 1e308, -181, 0][i % 5]! } as Inbound['location'];
          else if (kind < 0.1) m.media = [{ kind: 'photo', ref: `p-${r}-${i}` }];
          else m.text = hostileText(next, known);
          // A forged button press: any version, any text.
          if (next() < 0.1) m.choiceVersion = Math.floor(next() * 1000) - 500;
          const outcome = await core.engine.handle(m);
          if (outcome.status === 'failed') failures.push(`${m.messageId}: ${JSON.stringify(m.text ?? m.location ?? m.media).slice(0, 120)}`);
          else if (outcome.outboxIds.length === 0) unanswered.push(`${m.messageId}: ${JSON.stringify(m.text ?? m.location ?? m.media).slice(0, 120)}`);
        }
      }),
    );
    process.off('unhandledRejection', onUnhandled);
    expect(failures).toEqual([]);
    expect(unanswered).toEqual([]);
    expect(unhandled).toEqual([]);

    // No reply names a case its recipient does not follow, unless they typed that number themselves.
    const follows = await db.db
      .selectFrom('case_reporters')
      .innerJoin('cases', 'cases.id', 'case_reporters.case_id')
      .innerJoin('reporters', 'reporters.id', 'case_reporters.reporter_id')
      .select(['reporters.external_id', 'cases.number'])
      .execute();
    const followed = new Map<string, Set<string>>();
    for (const f of follows) followed.set(f.external_id, (followed.get(f.external_id) ?? new Set()).add(f.number));
    const typed = await db.db.selectFrom('messages').select(['chat_id', 'text']).where('direction', '=', 'in').execute();
    const typedBy = new Map<string, string>();
    for (const t of typed) typedBy.set(t.chat_id, `${typedBy.get(t.chat_id) ?? ''}\n${t.text ?? ''}`);
    const out = await db.db.selectFrom('outbox').select(['chat_id', 'text']).execute();
    const leaks = out.flatMap((o) => {
      const user = o.chat_id.replace(/^chat-/, '');
      return [...o.text.matchAll(NUMBER)].map((x) => x[0]).filter((n) => !followed.get(user)?.has(n) && !typedBy.get(o.chat_id)?.includes(n) && known.includes(n)).map((n) => `${o.chat_id} was told about ${n}`);
    });
    expect(leaks).toEqual([]);
    // Every stored text is bounded: a 100 KB message is cut, not kept whole.
    const longest = await db.db.selectFrom('messages').select((eb) => eb.fn.max('text_length').as('n')).executeTakeFirstOrThrow();
    expect(Number(longest.n)).toBeGreaterThan(50_000);
    const kept = await db.db.selectFrom('messages').select((eb) => eb.fn.max(eb.fn('length', ['text'])).as('n')).executeTakeFirstOrThrow();
    expect(Number(kept.n)).toBeLessThan(50_000);
  });
});
