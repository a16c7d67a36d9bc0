import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCore } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
let core: ReturnType<typeof buildCore>;

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db);
});
afterAll(async () => {
  await db?.close();
});

const LINES = ['青白江区大弯街道有家化工厂每天晚上排黑烟', '没有', '没有', '1', '1'];

describe(`many reporters joining one case at once on ${DB_KIND}`, () => {
  it('loses no report, fails no turn, and puts the case under supervision exactly once', async () => {
    let last: string[] = [];
    for (const line of LINES) last = await core.say('first', line);
    const number = /HY-\d{8}-\d{4,}/.exec(last.join('\n'))![0];
    const crowd = Array.from({ length: 8 }, (_, i) => `crowd${i}`);
    // Everyone reaches the offer first, then all press "join" together (past the threshold of 5).
    for (const u of crowd) for (const line of LINES) await core.say(u, line);
    const outcomes = await Promise.all(crowd.map((u) => core.engine.handle({ channel: 'test', chatId: `chat-${u}`, userId: u, messageId: `${u}-join`, text: '1', at: core.clock.now })));
    expect(outcomes.map((o) => o.status)).toEqual(crowd.map(() => 'processed'));
    expect(outcomes.map((o) => o.joined)).toEqual(crowd.map(() => [number]));
    const followers = await db.db.selectFrom('case_reporters').innerJoin('cases', 'cases.id', 'case_reporters.case_id').select('case_reporters.reporter_id').where('cases.number', '=', number).execute();
    expect(followers).toHaveLength(9);
    const supervised = await db.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id').select('type').where('cases.number', '=', number).where('type', '=', 'supervised').execute();
    expect(supervised).toHaveLength(1);
    expect(await db.db.selectFrom('cases').select(['supervised', 'priority']).where('number', '=', number).executeTakeFirstOrThrow()).toEqual({ supervised: true, priority: 1 });
  });
});
