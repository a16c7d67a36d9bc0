import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readDigest } from '../../../src/disclosure/publish.js';
import type { DigestScope } from '../../../src/reports/digest.js';
import { OpenAiChatModel } from '../../../src/understanding/llm/client.js';
import { loadPrompts } from '../../../src/understanding/llm/prompts.js';
import { SummaryJob } from '../../../src/understanding/llm/summary-job.js';
import { FakeOpenAiApi, type FakeChatRequest } from '../../fakes/openai-api.js';
import { act, at, fileCase, shippedLifecycle } from '../../helpers/cases.js';
import { createTestDb, DB_KIND, type TestDb } from '../../helpers/db.js';

/*
 * The public-summary job against a fake OpenAI-compatible server: each test files and closes its
 * own case, ticks the job, and reads the digest the scheduler would publish for the period.
 */

const NOW = at('2026-11-28 12:00');
const PERIOD = { from: '2026-11-20', to: '2026-11-22' };
const CHENGDU: DigestScope = { kind: 'city', name: '成都市', name_en: 'Chengdu', slug: '5101-chengdu' };
const lifecycle = shippedLifecycle();
const prompts = loadPrompts('prompts');
const silent = { warn: () => undefined };
const GOOD = '郫都区犀浦街道一企业排放异味，经核查属实，已责令整改。';
const STAFF = '经查，举报人张伟（电话13812345678）反映的塑料厂异味问题属实，已责令停产整改。';

let db: TestDb;
let fake: FakeOpenAiApi;
let model: OpenAiChatModel;
let cases = 0;

const job = (batch?: number) => new SummaryJob({ db: db.db, llm: { model, prompt: prompts.summary }, timeZone: lifecycle.timeZone, clock: () => NOW, log: silent, batch });

/** Files a case with a named, reachable reporter, answers it with `action` and closes it by a rating; resolves with its number. */
async function closedCase(action = STAFF): Promise<string> {
  const number = `HY-20261120-${String(++cases).padStart(4, '0')}`;
  await fileCase(db, { number, registeredAt: at('2026-11-20 09:00'), categories: ['air'], district: '郫都区', town: '犀浦街道', identity: 'confidential', contactName: '张伟', contactPhone: '13812345678' });
  const { reporter_id } = await db.db.selectFrom('cases').select('reporter_id').where('number', '=', number).executeTakeFirstOrThrow();
  await act(db, lifecycle, number, [
    [{ kind: 'accept' }, at('2026-11-20 10:00')],
    [{ kind: 'answer', finding: 'true', action }, at('2026-11-21 15:00')],
    [{ kind: 'rate', rating: 'satisfied', reason: null, reporterId: reporter_id }, at('2026-11-22 08:00')],
  ]);
  return number;
}

/** The action the city digest publishes for `number`. */
async function published(number: string): Promise<string | null | undefined> {
  const digest = await readDigest(db.db, CHENGDU, PERIOD, lifecycle, NOW);
  return digest.closed_cases.find((c) => c.number === number)?.action;
}

/** The stored summary row of `number`, if any. */
const stored = (number: string) =>
  db.db.selectFrom('case_summaries').innerJoin('cases', 'cases.id', 'case_summaries.case_id').selectAll('case_summaries').where('cases.number', '=', number).executeTakeFirst();

/** Answers every request with `summary`. */
const answering = (summary: string) => () => ({ kind: 'json' as const, value: { summary } });

beforeAll(async () => {
  db = await createTestDb();
  fake = await FakeOpenAiApi.start();
  model = new OpenAiChatModel({ apiKey: 'k', baseURL: fake.baseURL, model: 'fake', mode: 'json_object', timeoutMs: 300 });
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

describe(`public summaries of closed cases (${DB_KIND})`, () => {
  it('does nothing without a model', async () => {
    const number = await closedCase();
    expect(await new SummaryJob({ db: db.db, llm: null, timeZone: lifecycle.timeZone, clock: () => NOW, log: silent }).tick()).toEqual({ written: 0, fallback: 0, taken: 0, unavailable: 0 });
    expect(await stored(number)).toBeUndefined();
    // Summarised here, so that the tests below count only their own cases.
    fake.script = answering(GOOD);
    await job().tick();
  });

  it('summarises a closed case from what the digest publishes, cleaned, and the digest shows the summary', async () => {
    const number = await closedCase();
    fake.script = answering(GOOD);
    expect(await job().tick()).toEqual({ written: 1, fallback: 0, taken: 0, unavailable: 0 });
    const user = (fake.requests[0] as FakeChatRequest).messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain('郫都区 犀浦街道');
    expect(user).toContain('属实');
    expect(user).toContain('已责令停产整改');
    expect(user).not.toMatch(/张伟|13812345678|air/);
    expect(await stored(number)).toMatchObject({ summary: GOOD, outcome: 'ok', reason: null, prompt: 'public-summary@1', model: 'fake', sent: user, requests: 1 });
    expect(await published(number)).toBe(GOOD);
  });

  it.each([
    ['a phone number', `${GOOD}联系电话13812345678`],
    ['a name of the case', `张伟反映的${GOOD}`],
  ])('refuses a summary carrying %s: the digest keeps the cleaned staff text', async (_what, answer) => {
    const number = await closedCase();
    fake.script = answering(answer);
    expect(await job().tick()).toEqual({ written: 0, fallback: 1, taken: 0, unavailable: 0 });
    expect(await stored(number)).toMatchObject({ summary: null, outcome: 'fallback', reason: 'personal_data' });
    const action = await published(number);
    expect(action).toContain('已责令停产整改');
    expect(action).not.toMatch(/张伟|13812345678/);
  });

  it('leaves the digest on the staff text while the model times out, and summarises once it answers', async () => {
    const number = await closedCase();
    const other = await closedCase();
    fake.script = () => ({ kind: 'json', value: { summary: GOOD }, delayMs: 600 });
    expect(await job().tick()).toEqual({ written: 0, fallback: 0, taken: 0, unavailable: 1 });
    // One timeout ends the pass: the second case was not sent.
    expect(fake.requests).toHaveLength(1);
    expect(await stored(number)).toBeUndefined();
    expect(await published(number)).toContain('已责令停产整改');
    fake.script = answering(GOOD);
    expect(await job().tick()).toEqual({ written: 2, fallback: 0, taken: 0, unavailable: 0 });
    expect(await published(other)).toBe(GOOD);
  });

  it('stores an HTTP error as a fallback and leaves the rest of the batch for the next tick', async () => {
    const number = await closedCase();
    const other = await closedCase();
    fake.script = () => ({ kind: 'status', status: 500 });
    expect(await job().tick()).toEqual({ written: 0, fallback: 1, taken: 0, unavailable: 0 });
    expect(await stored(number)).toMatchObject({ summary: null, reason: 'http_error' });
    expect(await published(number)).toContain('已责令停产整改');
    expect(await stored(other)).toBeUndefined();
  });

  it('does not send a case again once it has a summary or a fallback', async () => {
    fake.script = answering(GOOD);
    await job().tick();
    fake.requests.length = 0;
    expect(await job().tick()).toEqual({ written: 0, fallback: 0, taken: 0, unavailable: 0 });
    expect(fake.requests).toHaveLength(0);
  });

  it('summarises a newer answer again, replacing the old summary', async () => {
    const number = await closedCase();
    fake.script = answering(GOOD);
    await job().tick();
    // As if the case were reopened, answered anew and closed again.
    const { id } = await db.db.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    await db.db
      .insertInto('case_events')
      .values([
        { case_id: id, at: at('2026-11-22 09:00'), actor: 'staff:test', type: 'answered', data: JSON.stringify({ finding: 'true', action: '复查后已拆除设备。', final: true }) },
        { case_id: id, at: at('2026-11-22 10:00'), actor: 'system:test', type: 'closed', data: JSON.stringify({ why: 'rated' }) },
      ])
      .execute();
    expect(await published(number)).toBe('复查后已拆除设备。');
    const again = '郫都区犀浦街道一企业排放异味，复查后已拆除设备。';
    fake.script = answering(again);
    fake.requests.length = 0;
    expect(await job().tick()).toEqual({ written: 1, fallback: 0, taken: 0, unavailable: 0 });
    expect(fake.requests).toHaveLength(1);
    expect(await published(number)).toBe(again);
  });

  it('writes one summary when two instances tick at once', async () => {
    const number = await closedCase();
    fake.script = () => ({ kind: 'json', value: { summary: GOOD }, delayMs: 100 });
    const [a, b] = await Promise.all([job().tick(), job().tick()]);
    // Both asked (neither had stored when the other read); one store landed.
    expect(fake.requests).toHaveLength(2);
    expect(a.written + b.written).toBe(1);
    expect(a.taken + b.taken).toBe(1);
    const rows = await db.db.selectFrom('case_summaries').innerJoin('cases', 'cases.id', 'case_summaries.case_id').select('summary').where('cases.number', '=', number).execute();
    expect(rows).toEqual([{ summary: GOOD }]);
  });
});
