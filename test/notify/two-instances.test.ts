import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHuiyin } from '../helpers/cli.js';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

// Two processes on one PostgreSQL (PGlite allows only one process, so this runs on PostgreSQL).
describe.runIf(DB_KIND === 'postgres')('two instances on one PostgreSQL', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    const core = buildCore(db);
    for (const [i, text] of ['金堂县赵镇街道附近的沱江边上发现大量死鱼', '沱江边一个排污口', '今天早上', '没有', '没有', '1', '1'].entries()) {
      await core.engine.handle({ channel: 'test', chatId: 'chat-fish', userId: 'fish', messageId: `fish-${i}`, text, at: new Date() });
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  it('pages an urgent case exactly once when both run the escalation job at the same moment', async () => {
    const env = { DATABASE_URL: db.url ?? '' };
    const runs = await Promise.all([runHuiyin(['escalate'], '', env), runHuiyin(['escalate'], '', env)]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const paged = runs.map((r) => (JSON.parse(r.stdout.trim()) as { paged: number }).paged);
    expect(paged.reduce((a, b) => a + b, 0)).toBe(1);
    const { n } = await db.db.selectFrom('pages').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(n).toBe(1);
  });
});
