/**
 * The escalation demo, on embedded PGlite in memory with a simulated clock (no waiting):
 * an urgent night report → page to the on-duty officer → no acknowledgement → the page climbs to
 * the section chief → the chief takes the conversation over and replies → the reporter sees it.
 *
 *   npm run demo
 */
import { pino } from 'pino';
import { loadCaseRules } from '../src/cases/rules.js';
import type { ChannelSender, Outbound } from '../src/channels/contract.js';
import { openDb } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { IntakeEngine } from '../src/intake/engine.js';
import { EscalationJob } from '../src/notify/escalation-job.js';
import { OutboxWorker } from '../src/notify/outbox-worker.js';
import { localTime } from '../src/routing/calendar.js';
import { loadEscalation } from '../src/routing/escalation.js';
import { loadRouting } from '../src/routing/load.js';
import { RulesUnderstander } from '../src/understanding/rules/understander.js';

const TZ = 'Asia/Shanghai';
let now = new Date('2026-11-28T02:05:00+08:00'); // a Saturday, 02:05 in Chengdu
const clock = (): Date => now;
const stamp = (): string => {
  const t = localTime(now, TZ);
  return `${t.date} ${String(Math.floor(t.minute / 60)).padStart(2, '0')}:${String(t.minute % 60).padStart(2, '0')}`;
};
const print = (who: string, text: string): void => {
  process.stdout.write(`[${stamp()}] ${who}: ${text.replace(/\n/g, `\n${' '.repeat(20)}`)}\n`);
};
const chat = (channel: string, label: (m: Outbound) => string): ChannelSender => ({
  channel,
  send: async (m) => {
    print(label(m), m.text);
    return {};
  },
});

const log = pino({ level: 'silent' });
const routing = loadRouting('config');
const db = await openDb({ kind: 'pglite', dataDir: null });
await migrateToLatest(db.db);
// The housing bureau's chain at this hour: Friday's evening shift, then its chief and lead.
for (const [handle, role] of [['housing.night1', 'duty'], ['housing.chief', 'chief'], ['housing.lead', 'lead']] as const) {
  await db.db.insertInto('staff').values({ handle, name: handle, unit_id: 'cd-housing', role, channel: 'staff', external_id: handle, chat_id: handle }).execute();
}
const worker = new OutboxWorker(db.db, new Map([['citizen', chat('citizen', () => '回音 → 市民')], ['staff', chat('staff', (m) => `回音 → ${m.chatId}`)]]), log);
const job = new EscalationJob({ db: db.db, routing, policy: loadEscalation('config/escalation.yaml'), clock, timeZone: TZ, log });
const engine = new IntakeEngine({
  db: db.db,
  understander: new RulesUnderstander(clock),
  clock,
  timeZone: TZ,
  machine: { resumeAfterMs: 12 * 3_600_000 },
  routing,
  caseRules: loadCaseRules('config'),
  log,
});
let n = 0;
const citizen = async (text: string): Promise<void> => {
  print('市民', text);
  await engine.handle({ channel: 'citizen', chatId: 'citizen-1', userId: 'citizen-1', messageId: `c${++n}`, text, at: now });
  await worker.drain();
};
const staff = async (handle: string, text: string): Promise<void> => {
  print(handle, text);
  await engine.handle({ channel: 'staff', chatId: handle, userId: handle, messageId: `s${++n}`, text, at: now });
  await worker.drain();
};
const tick = async (): Promise<void> => {
  const r = await job.tick();
  process.stdout.write(`[${stamp()}] (escalation job: ${r.paged} paged, ${r.climbed} climbed)\n`);
  await worker.drain();
};

for (const line of ['成华区建设路附近一个工地现在还在打桩，吵得根本睡不着', '中铁某局的工地，围挡上写着万科项目', '没有', '马上停工', '1', '1']) await citizen(line);
await tick();
now = new Date(now.getTime() + 20 * 60_000);
await tick();
now = new Date(now.getTime() + 11 * 60_000);
await tick();
const { number } = await db.db.selectFrom('cases').select('number').executeTakeFirstOrThrow();
await staff('housing.chief', `接管 ${number}`);
await citizen('还在打，求求你们快来');
await staff('housing.chief', `回复 ${number} 已通知城管执法队，20分钟内到现场，请稍候。`);
await staff('housing.chief', `释放 ${number}`);
await db.close();
