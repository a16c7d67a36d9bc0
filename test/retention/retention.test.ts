import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention, retentionCounts } from '../../src/db/repo/retention.js';
import type { RetentionPolicy } from '../../src/retention/policy.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

// Retention erasing exactly what the policy says and nothing else: cases finished at various
// ages, open ones, a reporter following several cases, a /forget request, shared photos, a
// journal. Every table is compared whole before and after, with only the expected changes.
const NOW = new Date('2026-11-28T00:00:00Z');
const POLICY: RetentionPolicy = { contactMonths: 12, evidenceMonths: 24, transcriptMonths: 36 };
const TABLES = ['reporters', 'cases', 'case_reporters', 'case_events', 'evidence_files', 'messages', 'outbox', 'open311_requests', 'open311_clients'] as const;
type Row = Record<string, unknown>;
type Snapshot = Record<(typeof TABLES)[number], Row[]>;

let db: TestDb;
const ids: Record<string, string> = {};

async function snapshot(): Promise<Snapshot> {
  const out = {} as Snapshot;
  for (const t of TABLES) {
    const { rows } = await sql<Row>`select * from ${sql.table(t)} order by 1, 2`.execute(db.db);
    out[t] = rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v === null || typeof v !== 'object' ? (typeof v === 'number' || typeof v === 'bigint' ? String(v) : v) : JSON.stringify(v)])),
    );
  }
  return out;
}

async function reporter(key: string, contact: [string, string] | null, forget: Date | null = null): Promise<void> {
  const r = await db.db
    .insertInto('reporters')
    .values({ channel: 'test', external_id: key, identity_mode: contact ? 'confidential' : null, contact_name: contact?.[0] ?? null, contact_phone: contact?.[1] ?? null, created_at: '2021-01-01T00:00:00Z', forget_requested_at: forget })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = String(r.id);
}

/** A case of `owner`, registered in 2021, finished (`closed` / `not_accepted`) at `closedAt` or open. */
async function kase(key: string, owner: string, opts: { closedAt?: string; how?: 'closed' | 'not_accepted'; contact?: [string, string]; description?: string; evidence?: string[] }): Promise<void> {
  const status = opts.closedAt ? (opts.how ?? 'closed') : 'accepted';
  const c = await db.db
    .insertInto('cases')
    .values({
      number: `HY-20210101-${String(Object.keys(ids).length).padStart(4, '0')}`,
      status,
      reporter_id: ids[owner]!,
      channel: 'test',
      categories: ['noise'],
      description: opts.description ?? '工地晚上施工',
      night: true,
      urgent: false,
      repeat: false,
      evidence: JSON.stringify((opts.evidence ?? []).map((sha256) => ({ kind: 'photo', ref: `ref-${sha256}`, sha256, size: 3 }))),
      identity_mode: opts.contact ? 'confidential' : 'anonymous',
      contact_name: opts.contact?.[0] ?? null,
      contact_phone: opts.contact?.[1] ?? null,
      lang: 'zh',
      registered_at: '2021-01-01T00:00:00Z',
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  ids[key] = String(c.id);
  ids[`${key}#`] = c.number;
  await follow(key, owner, 'reporter');
  await event(key, '2021-01-01T00:00:00Z', 'registered');
  if (opts.closedAt) await event(key, opts.closedAt, status === 'closed' ? 'closed' : 'not_accepted');
}

async function follow(caseKey: string, reporterKey: string, role: 'reporter' | 'joined'): Promise<void> {
  await db.db.insertInto('case_reporters').values({ case_id: ids[caseKey]!, reporter_id: ids[reporterKey]!, role, joined_at: '2021-01-02T00:00:00Z' }).execute();
}

async function event(caseKey: string, at: string, type: string, data: object = {}): Promise<void> {
  await db.db.insertInto('case_events').values({ case_id: ids[caseKey]!, at, actor: 'test', type, data: JSON.stringify(data) }).execute();
}

async function photo(sha256: string): Promise<void> {
  await db.db.insertInto('evidence_files').values({ sha256, size: 3, mime: 'image/jpeg', bytes: new Uint8Array([1, 2, 3]), channel: 'test', ref: `ref-${sha256}` }).execute();
}

let n = 0;
async function said(reporterKey: string, at: string, text: string, direction: 'in' | 'out' = 'in'): Promise<void> {
  await db.db.insertInto('messages').values({ channel: 'test', direction, external_id: `x${++n}`, chat_id: `chat-${reporterKey}`, reporter_id: ids[reporterKey]!, kind: 'text', text, text_length: text.length, status: 'processed', received_at: at }).execute();
  if (direction === 'out') await db.db.insertInto('outbox').values({ channel: 'test', chat_id: `chat-${reporterKey}`, reporter_id: ids[reporterKey]!, text, status: 'sent', next_attempt_at: at, created_at: at }).execute();
}

beforeAll(async () => {
  db = await createTestDb();
  // Closed 47 months ago: contact, photo and transcript all due. Its Open311 request keeps an e-mail.
  await reporter('wang', ['王小明', '13800138001']);
  await kase('A', 'wang', { closedAt: '2023-01-01T00:00:00Z', contact: ['王小明', '13800138001'], description: '我叫王小明，电话13800138001，工地晚上施工', evidence: ['e1'] });
  await photo('e1');
  await said('wang', '2022-12-01T00:00:00Z', '我叫王小明，电话13800138001');
  await said('wang', '2022-12-01T00:01:00Z', '请确认：联系人 王小明，电话 138****8001', 'out');
  await said('wang', '2022-12-01T00:02:00Z', '好的');
  const client = await db.db.insertInto('open311_clients').values({ name: 'app', key_hash: new Uint8Array([9]) }).returning('id').executeTakeFirstOrThrow();
  await db.db.insertInto('open311_requests').values({ case_id: ids.A!, client_id: String(client.id), joined: false, contact_email: 'wang@example.com', account_id: 'acc-1', device_id: null, received_at: '2021-01-01T00:00:00Z' }).execute();

  // Follows two cases: B finished 18 months ago (its copy goes), C still open (reachable: their record stays, journal untouched).
  await reporter('li', ['李四', '13900139002']);
  await kase('B', 'li', { closedAt: '2025-06-01T00:00:00Z', contact: ['李四', '13900139002'], evidence: ['e2'] });
  await kase('C', 'li', { contact: ['李四', '13900139002'] });
  await photo('e2');
  await said('li', '2021-01-01T00:00:00Z', '电话13900139002');

  // Finished 34 months ago, and joined A: contact (case and record) and the unshared photo go; the photo C added stays.
  await reporter('zhang', ['张伟', '13700137003']);
  await kase('D', 'zhang', { closedAt: '2024-01-01T00:00:00Z', contact: ['张伟', '13700137003'], evidence: ['e3', 'e4'] });
  await follow('A', 'zhang', 'joined');
  await photo('e3');
  await photo('e4');
  await event('C', '2021-03-01T00:00:00Z', 'supplemented', { text: '又来了', evidence: [{ kind: 'photo', ref: 'ref-e3', sha256: 'e3' }] });
  await said('zhang', '2023-12-01T00:00:00Z', '张伟，13700137003');

  // Anonymous, finished 54 months ago: the journal is masked up to the transcript cutoff only.
  await reporter('anon', null);
  await kase('F', 'anon', { closedAt: '2022-06-01T00:00:00Z' });
  await said('anon', '2022-05-01T00:00:00Z', '老板电话13512345678，住犀浦北路12号3单元502室');
  await said('anon', '2022-05-01T00:01:00Z', '没有了');
  await said('anon', '2024-05-01T00:00:00Z', '老板电话13512345678');

  // Sent /forget: the case finished a month ago loses its copy now; the open one keeps it until it finishes.
  await reporter('forgets', ['赵六', '13600136006'], new Date('2026-11-01T00:00:00Z'));
  await kase('H', 'forgets', { closedAt: '2026-10-28T00:00:00Z', contact: ['赵六', '13600136006'] });
  await kase('I', 'forgets', { contact: ['赵六', '13600136006'] });
  await said('forgets', '2026-10-01T00:00:00Z', '赵六 13600136006');

  // Not accepted 22 months ago: finished like a closed case.
  await reporter('qian', ['钱七', '13500135007']);
  await kase('J', 'qian', { closedAt: '2025-01-01T00:00:00Z', how: 'not_accepted', contact: ['钱七', '13500135007'] });

  // Finished 2 months ago: nothing is due.
  await reporter('sun', ['孙八', '13400134008']);
  await kase('K', 'sun', { closedAt: '2026-09-28T00:00:00Z', contact: ['孙八', '13400134008'], evidence: ['e5'] });
  await photo('e5');
  await said('sun', '2026-09-01T00:00:00Z', '孙八 13400134008');
});

afterAll(async () => {
  await db?.close();
});

describe('retention', () => {
  it('dry run reports exactly what the policy erases and changes nothing', async () => {
    const before = await snapshot();
    const r = await runRetention(db.db, POLICY, NOW, { apply: false });
    expect(await snapshot()).toEqual(before);
    expect(retentionCounts(r)).toEqual({ caseContacts: 5, reporterContacts: 3, evidenceFiles: 2, maskedMessages: 5, events: 6 });
    expect(r.events.map((e) => [e.number, e.data.erased])).toEqual([
      [ids['A#'], ['contact', 'evidence', 'transcript']],
      [ids['B#'], ['contact']],
      [ids['D#'], ['contact', 'evidence', 'transcript']],
      [ids['F#'], ['transcript']],
      [ids['H#'], ['contact']],
      [ids['J#'], ['contact']],
    ]);
  });

  it('applies exactly those changes, logs them without the data, and a second run is a no-op', async () => {
    const before = await snapshot();
    const r = await runRetention(db.db, POLICY, NOW, { apply: true });
    expect(retentionCounts(r)).toEqual({ caseContacts: 5, reporterContacts: 3, evidenceFiles: 2, maskedMessages: 5, events: 6 });
    const after = await snapshot();

    // The expected state, built from the old one by hand.
    const expected = structuredClone(before);
    const row = (t: keyof Snapshot, id: string, col = 'id') => expected[t].find((x) => x[col] === id)!;
    for (const c of ['A', 'B', 'D', 'H', 'J']) Object.assign(row('cases', ids[c]!), { contact_name: null, contact_phone: null });
    row('cases', ids.A!).description = '我叫×××，电话×××，工地晚上施工';
    for (const r of ['wang', 'zhang', 'qian']) Object.assign(row('reporters', ids[r]!), { contact_name: null, contact_phone: null });
    // Masked up to now with the contact; 钱七 never wrote, so there was nothing to mask.
    for (const r of ['wang', 'zhang']) row('reporters', ids[r]!).journal_masked_before = NOW.toISOString();
    row('reporters', ids.anon!).journal_masked_before = '2023-11-28T00:00:00.000Z';
    row('open311_requests', ids.A!, 'case_id').contact_email = null;
    expected.evidence_files = expected.evidence_files.filter((f) => f.sha256 !== 'e1' && f.sha256 !== 'e4');
    const masked: Record<string, string> = {
      '我叫王小明，电话13800138001': '我叫×××，电话×××',
      '请确认：联系人 王小明，电话 138****8001': '请确认：联系人 ×××，电话 138****8001',
      '张伟，13700137003': '×××',
      '老板电话13512345678，住犀浦北路12号3单元502室': '老板电话×××',
    };
    for (const t of ['messages', 'outbox'] as const) {
      for (const m of expected[t]) {
        const mine = [ids.wang, ids.zhang].includes(m.reporter_id as string) || (m.reporter_id === ids.anon && (m.received_at ?? m.created_at)! < '2023-11-28');
        if (mine && typeof m.text === 'string' && masked[m.text]) m.text = masked[m.text];
      }
    }
    const events = after.case_events.filter((e) => e.type === 'retention_erased');
    expect({ ...after, case_events: after.case_events.filter((e) => e.type !== 'retention_erased') }).toEqual(expected);

    // One event per case, saying what kind went and by which rule, never what it was.
    expect(events.map((e) => [e.case_id, e.actor, e.at, JSON.parse(e.data as string)])).toEqual([
      [ids.A, 'system:retention', NOW.toISOString(), { erased: ['contact', 'evidence', 'transcript'], rules: { contact: 'contact_months=12', evidence: 'evidence_months=24', transcript: 'contact_months=12' }, evidence_files: 1, transcript_messages: 4 }],
      [ids.B, 'system:retention', NOW.toISOString(), { erased: ['contact'], rules: { contact: 'contact_months=12' } }],
      [ids.D, 'system:retention', NOW.toISOString(), { erased: ['contact', 'evidence', 'transcript'], rules: { contact: 'contact_months=12', evidence: 'evidence_months=24', transcript: 'contact_months=12' }, evidence_files: 1, transcript_messages: 1 }],
      [ids.F, 'system:retention', NOW.toISOString(), { erased: ['transcript'], rules: { transcript: 'transcript_months=36' }, transcript_messages: 1 }],
      [ids.H, 'system:retention', NOW.toISOString(), { erased: ['contact'], rules: { contact: 'reporter_request' } }],
      [ids.J, 'system:retention', NOW.toISOString(), { erased: ['contact'], rules: { contact: 'contact_months=12' } }],
    ]);
    expect(events.find((e) => e.case_id === ids.H)?.reason).toMatch(/^联系方式已按举报人要求删除\n/);
    const logged = JSON.stringify(events);
    for (const secret of ['王小明', '13800138001', '张伟', '13700137003', '赵六', '13600136006', 'wang@example.com', '13512345678', 'e1', 'e4']) expect(logged).not.toContain(secret);

    const again = await runRetention(db.db, POLICY, NOW, { apply: true });
    expect(retentionCounts(again)).toEqual({ caseContacts: 0, reporterContacts: 0, evidenceFiles: 0, maskedMessages: 0, events: 0 });
    expect(await snapshot()).toEqual(after);
  });

  it('erases a reporter who sent /forget from their open case when it finishes, at the next pass', async () => {
    const closed = new Date('2026-11-29T08:00:00Z');
    await db.db.updateTable('cases').set({ status: 'closed' }).where('id', '=', ids.I!).execute();
    await event('I', closed.toISOString(), 'closed', { why: 'rated' });
    const r = await runRetention(db.db, POLICY, new Date('2026-11-29T09:00:00Z'), { apply: true });
    expect(r.events.map((e) => [e.number, e.data.erased, e.data.rules.contact])).toEqual([
      [ids['H#'], ['contact', 'transcript'], 'reporter_request'],
      [ids['I#'], ['contact', 'transcript'], 'reporter_request'],
    ]);
    const i = await db.db.selectFrom('cases').select(['contact_name', 'contact_phone']).where('id', '=', ids.I!).executeTakeFirstOrThrow();
    const me = await db.db.selectFrom('reporters').select(['contact_name', 'contact_phone']).where('id', '=', ids.forgets!).executeTakeFirstOrThrow();
    const journal = await db.db.selectFrom('messages').select('text').where('reporter_id', '=', ids.forgets!).execute();
    expect([i, me, journal]).toEqual([{ contact_name: null, contact_phone: null }, { contact_name: null, contact_phone: null }, [{ text: '×××' }]]);
  });
});
