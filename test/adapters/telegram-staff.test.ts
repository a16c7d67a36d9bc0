import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramStaffActions } from '../../src/commands/telegram-staff.js';
import { EscalationJob } from '../../src/notify/escalation-job.js';
import { loadEscalation } from '../../src/routing/escalation.js';
import { loadRouting } from '../../src/routing/load.js';
import { FakeTelegramApi, inlineButtons } from '../fakes/telegram-api.js';
import { DB_KIND, type TestDb } from '../helpers/db.js';
import { TestClock } from '../helpers/core.js';
import { startTelegram, type TelegramHarness } from '../helpers/telegram.js';

const TOKEN = '123456:TEST-staff-group';
const GROUP = -1009876543210;
/** The triage desk's day duty officer, registered with a Telegram account. */
const DUTY = { id: 7_200_001, firstName: 'Duty' };
/** Someone in the group who is not registered staff. */
const STRANGER = { id: 7_200_099, firstName: 'Stranger' };
const CITIZEN = { id: 7_200_500 };

let db: TestDb;
let fake: FakeTelegramApi;
let core: TelegramHarness['core'];
let harness: TelegramHarness;
let job: EscalationJob;
// Friday 2026-11-27 10:00 in Chengdu: the triage desk's day watch (city.duty1) is on.
const clock = new TestClock(new Date('2026-11-27T02:00:00Z'));

beforeAll(async () => {
  harness = await startTelegram({ token: TOKEN, clock, bot: (d) => ({ staffActions: telegramStaffActions(d.db, String(GROUP)) }) });
  ({ db, fake, core } = harness);
  job = new EscalationJob({
    db: db.db,
    routing: loadRouting('config'),
    policy: loadEscalation('config/escalation.yaml'),
    clock: clock.read,
    timeZone: 'Asia/Shanghai',
    log: core.log,
    onQueued: () => core.worker.kick(),
    staffGroup: { channel: 'telegram', chatId: String(GROUP) },
  });
  await db.db
    .insertInto('staff')
    .values({ handle: 'city.duty1', name: '值班员', unit_id: 'cd-city-eeb', role: 'duty', channel: 'telegram', external_id: String(DUTY.id), chat_id: String(DUTY.id) })
    .execute();
});
afterAll(async () => {
  await harness?.close();
});

const texts = (chat: number): string[] => fake.textsFor(chat);

describe(`Telegram staff group on ${DB_KIND}`, () => {
  it('puts a page on the staff group as a card whose buttons only registered staff can press', async () => {
    // A citizen asks for a person: the triage desk is paged.
    fake.text(CITIZEN, '我要举报');
    await fake.waitFor(() => texts(CITIZEN.id).length >= 1, 10_000, 'the first reply');
    fake.text(CITIZEN, '我要找人工客服');
    await fake.waitFor(() => texts(CITIZEN.id).length >= 2, 10_000, 'the second reply');
    expect(await job.tick()).toMatchObject({ paged: 1 });
    await fake.waitFor(() => texts(GROUP).length === 1 && texts(DUTY.id).length === 1, 10_000, 'the page and its card');
    await core.worker.stop();

    const page = await db.db.selectFrom('pages').selectAll().executeTakeFirstOrThrow();
    const ref = `#${page.conversation_id}`;
    const card = fake.sent.find((s) => s.chatId === String(GROUP))!;
    expect(card.text).toContain(ref);
    expect(inlineButtons(card.replyMarkup).map((b) => b.text)).toEqual(['认领 Ack', '接管 Take over']);
    // The personal page carries the same buttons; neither shows who the citizen is.
    const personal = fake.sent.find((s) => s.chatId === String(DUTY.id))!;
    expect(inlineButtons(personal.replyMarkup).map((b) => b.text)).toEqual(['认领 Ack', '接管 Take over']);
    for (const t of [card.text, personal.text]) expect(t).not.toContain(String(CITIZEN.id));

    // Someone in the group who is not staff: an alert, and nothing happens.
    const denied = fake.press(STRANGER, '认领 Ack', GROUP);
    await fake.waitFor(() => fake.answeredCallbacks.includes(denied.callback_query!.id), 10_000, 'the refusal');
    const alert = fake.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === denied.callback_query!.id)!;
    expect(alert.params).toMatchObject({ show_alert: true });
    expect(String(alert.params.text)).toMatch(/仅限登记的工作人员/);
    expect((await db.db.selectFrom('pages').select('acked_at').where('id', '=', page.id).executeTakeFirstOrThrow()).acked_at).toBeNull();
    expect(texts(STRANGER.id)).toEqual([]);

    // The duty officer presses Ack on the card: the page is acknowledged by them, and they are told privately.
    const before = texts(DUTY.id).length;
    const acked = fake.press(DUTY, '认领 Ack', GROUP);
    await fake.waitFor(() => texts(DUTY.id).length > before, 10_000, 'the private confirmation');
    const toast = fake.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === acked.callback_query!.id)!;
    expect(String(toast.params.text)).toContain(`认领 ${ref}`);
    expect(await db.db.selectFrom('pages').select(['acked_by']).where('id', '=', page.id).executeTakeFirstOrThrow()).toEqual({ acked_by: 'city.duty1' });
    expect(texts(DUTY.id).at(-1)).toContain(`已认领 ${ref}`);
    // Nothing about the press was posted to the group.
    expect(texts(GROUP)).toHaveLength(1);
  });

  it('ignores page buttons pressed in a group that is not the staff group', async () => {
    const other = -1001111111111;
    const update = fake.callback(DUTY, 's:认领 #1', 1, other);
    await fake.waitFor(() => fake.answeredCallbacks.includes(update.callback_query!.id), 10_000, 'the answer');
    await harness.tg.stop(); // waits for the update to be handled
    await harness.tg.start();
    const journal = await db.db.selectFrom('messages').select('external_id').where('external_id', '=', `cbq:${update.callback_query!.id}`).execute();
    expect(journal).toEqual([]);
  });
});
