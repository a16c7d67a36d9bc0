import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRouting } from '../../src/routing/load.js';
import { FakeTelegramApi, type FakeFrom } from '../fakes/telegram-api.js';
import { WebhookDelivery } from '../fakes/telegram-webhook.js';
import { BULK_PLACES } from '../helpers/bulk-cases.js';
import { childDb, type ChildDb } from '../helpers/child-db.js';
import { DB_KIND } from '../helpers/db.js';
import { startHuiyin, type HuiyinProcess } from '../helpers/huiyin-process.js';

/**
 * Telegram's webhook as it behaves on a bad day: every update posted several times, interleaved
 * with other people's, to whichever instance the load balancer picks. Real `huiyin start`
 * processes, the real grammY webhook handler, the fake Bot API on 127.0.0.1.
 */

const TOKEN = '123456:TEST-token-for-the-fake-api';
const SECRET = 'webhook-secret-0123456789abcdef';
const NUMBER = /HY-\d{8}-\d{4,}/g;

/** One report in distinct places and words, so each opens its own case; the last one is urgent. */
function reportLines(i: number, urgent: boolean): string[] {
  const [district, town] = BULK_PLACES[i % BULK_PLACES.length]!;
  const opener = urgent ? `${district}${town}有家化工厂正在往河里偷排，一股刺鼻味，好多人头晕` : `${district}${town}有家化工厂每天晚上排黑烟`;
  return [opener, '没有', '没有', '1', '1'];
}

/** A reporter who sends each line once the bot has answered the one before, as a person does. */
async function report(fake: FakeTelegramApi, from: FakeFrom, lines: string[]): Promise<void> {
  for (const line of lines) {
    const before = fake.textsFor(from.id).length;
    fake.text(from, line);
    await fake.waitFor(() => fake.textsFor(from.id).length > before, 30_000, `a reply to ${from.id}: ${line}`);
  }
  await fake.waitFor(() => fake.textsFor(from.id).some((t) => (t.match(NUMBER) ?? []).length > 0), 30_000, `a case number for ${from.id}`);
}

/** Case numbers a chat was told, each once. */
function numbersTold(fake: FakeTelegramApi, chat: number): string[] {
  return [...new Set(fake.textsFor(chat).flatMap((t) => t.match(NUMBER) ?? []))];
}

/** Every staff handle of the rosters as a Telegram account, so a page to whoever is on duty lands in the fake. */
async function enrolRosters(child: ChildDb, firstChat: number): Promise<Set<string>> {
  const db = await child.open();
  const chats = new Set<string>();
  let chat = firstChat;
  for (const roster of loadRouting('config').rosters.values()) {
    const handles = new Set([...roster.shifts.flatMap((s) => s.staff), ...roster.onCall]);
    for (const handle of handles) {
      const id = String(chat++);
      await db.db.insertInto('staff').values({ handle, name: handle, unit_id: roster.unit, role: 'duty', channel: 'telegram', external_id: id, chat_id: id }).onConflict((oc) => oc.doNothing()).execute();
      chats.add(id);
    }
  }
  if (!child.shared) await db.close();
  return chats;
}

/** What the database says about the run, for the assertions. */
async function tally(child: ChildDb) {
  const db = await child.open();
  try {
    const count = async (q: Promise<{ n: number }>) => (await q).n;
    const one = <T>(q: { executeTakeFirstOrThrow(): Promise<T> }) => q.executeTakeFirstOrThrow();
    return {
      cases: await count(one(db.db.selectFrom('cases').select(sql<number>`count(*)::int`.as('n')))),
      inbound: await db.db.selectFrom('messages').select(['external_id', 'status']).where('channel', '=', 'telegram').where('direction', '=', 'in').execute(),
      outbox: await db.db.selectFrom('outbox').select(['chat_id', 'status', 'text']).orderBy('id').execute(),
      pages: await db.db.selectFrom('pages').select(['case_id', 'level']).execute(),
      digests: await db.db.selectFrom('digest_runs').select(['kind', 'scope', 'period_from']).where('trigger', '=', 'schedule').execute(),
    };
  } finally {
    if (!child.shared) await db.close();
  }
}

describe('a Telegram redelivery storm on one instance', () => {
  let child: ChildDb;
  let fake: FakeTelegramApi;
  let huiyin: HuiyinProcess;

  beforeAll(async () => {
    child = await childDb('storm');
    fake = await FakeTelegramApi.start();
    huiyin = await startHuiyin({ env: { ...child.env, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_URL: 'https://huiyin.example.org/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: SECRET }, ready: 'Telegram: webhook' });
  }, 60_000);
  afterAll(async () => {
    await huiyin?.stop('SIGTERM');
    await fake?.close();
    await child?.dispose();
  });

  it('processes each update once though every one arrives three times, interleaved', async () => {
    const delivery = WebhookDelivery.attach(fake, { urls: [`${huiyin.url}/telegram/webhook`], secret: SECRET, copies: 3, spreadMs: 150 });
    const reporters = Array.from({ length: 8 }, (_, i) => ({ id: 810_000 + i, firstName: '市民' }));
    await Promise.all(reporters.map((r, i) => report(fake, r, reportLines(i, false))));
    await delivery.settled();
    // Let the worker send whatever a late copy might have queued, then look.
    await new Promise((r) => setTimeout(r, 1500));
    await huiyin.stop('SIGTERM');

    const lines = reporters.length * 5;
    expect(delivery.delivered).toBe(lines * 3);
    const t = await tally(child);
    console.log(`storm: ${lines} updates posted ${delivery.delivered} times, ${t.inbound.length} journaled, ${t.cases} cases, ${t.outbox.length} replies sent once each`);
    expect(t.inbound).toHaveLength(lines);
    expect(t.inbound.every((m) => m.status === 'processed')).toBe(true);
    expect(t.cases).toBe(reporters.length);
    const told = reporters.map((r) => numbersTold(fake, r.id));
    for (const numbers of told) expect(numbers).toHaveLength(1);
    expect(new Set(told.flat()).size).toBe(reporters.length);
    // Every reply was queued once and sent once: the fake received exactly the outbox, no more.
    for (const r of reporters) {
      const queued = t.outbox.filter((o) => o.chat_id === String(r.id));
      expect(queued.every((o) => o.status === 'sent')).toBe(true);
      expect(fake.textsFor(r.id)).toEqual(queued.map((o) => o.text));
    }
  }, 120_000);
});

describe.skipIf(DB_KIND !== 'postgres')('two instances behind the webhook, one PostgreSQL', () => {
  let child: ChildDb;
  let fake: FakeTelegramApi;
  let instances: HuiyinProcess[] = [];
  let staffChats: Set<string>;
  const DIGEST_CHAT = '-1009999';

  beforeAll(async () => {
    child = await childDb('two-hooks');
    fake = await FakeTelegramApi.start();
    const env = { ...child.env, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_URL: 'https://huiyin.example.org/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_DIGEST_CHAT_ID: DIGEST_CHAT };
    // The first start migrates; the second then starts on the migrated schema, as in a rolling deploy.
    const first = await startHuiyin({ env, ready: 'Telegram: webhook' });
    staffChats = await enrolRosters(child, 920_000);
    instances = [first, await startHuiyin({ env, ready: 'Telegram: webhook' })];
  }, 90_000);
  afterAll(async () => {
    for (const i of instances) await i.stop('SIGTERM');
    await fake?.close();
    await child?.dispose();
  });

  it('opens no case twice and sends no reply, page or digest twice', async () => {
    const delivery = WebhookDelivery.attach(fake, { urls: instances.map((i) => `${i.url}/telegram/webhook`), secret: SECRET, copies: 2, spreadMs: 150 });
    const reporters = Array.from({ length: 8 }, (_, i) => ({ id: 830_000 + i, firstName: '市民' }));
    await Promise.all(reporters.map((r, i) => report(fake, r, reportLines(i, i === reporters.length - 1))));
    await delivery.settled();
    const sentToStaff = () => fake.sent.filter((s) => staffChats.has(s.chatId));
    // The urgent report pages whoever is on duty at once (each instance's engine kicks its job).
    await fake.waitFor(() => sentToStaff().length > 0, 30_000, 'a page');
    // Both instances published the missed digest slots at start; give their announcements time to go out.
    await new Promise((r) => setTimeout(r, 3000));
    for (const i of instances) await i.stop('SIGTERM');

    const t = await tally(child);
    console.log(`two instances: ${delivery.delivered} posts (${delivery.retried} retried), ${t.inbound.length} journaled, ${t.cases} cases, ${t.pages.length} page(s), ${t.digests.length} digest slots, ${t.outbox.length} outbox rows`);
    expect(t.cases).toBe(reporters.length);
    expect(t.inbound).toHaveLength(reporters.length * 5);
    expect(new Set(reporters.flatMap((r) => numbersTold(fake, r.id))).size).toBe(reporters.length);
    // Pages: one first-level page for the urgent case, delivered once.
    expect(t.pages.filter((p) => p.level === 0)).toHaveLength(1);
    expect(sentToStaff()).toHaveLength(t.outbox.filter((o) => staffChats.has(o.chat_id)).length);
    // Digests: each scheduled slot published once, and announced once.
    const slots = t.digests.map((d) => `${d.kind}:${d.scope}:${d.period_from}`);
    expect(slots.length).toBeGreaterThan(0);
    expect(new Set(slots).size).toBe(slots.length);
    expect(fake.textsFor(DIGEST_CHAT)).toHaveLength(slots.length);
    // Every outbox row went out once: the fake's messages are exactly the outbox's, chat by chat.
    for (const chat of new Set(t.outbox.map((o) => o.chat_id))) {
      const queued = t.outbox.filter((o) => o.chat_id === chat);
      expect(queued.every((o) => o.status === 'sent'), chat).toBe(true);
      expect(fake.textsFor(chat)).toEqual(queued.map((o) => o.text));
    }
  }, 150_000);
});
