/**
 * One engine instance of the turn benchmark (see turns.ts), run as a child process: it builds the
 * real engine on the benchmark's schema and plays its share of reporters when told to go.
 */
import { pino } from 'pino';
import { loadCaseRules } from '../src/cases/rules.js';
import { openDb } from '../src/db/connect.js';
import { IntakeEngine } from '../src/intake/engine.js';
import { loadRouting } from '../src/routing/load.js';
import { RulesUnderstander } from '../src/understanding/rules/understander.js';

/** What the parent asks an instance to do. */
export interface InstanceTask {
  url: string;
  /** Reporter numbers this instance plays. */
  clients: number[];
  rounds: number;
}

/** What an instance measured. */
export interface InstanceResult {
  latencies: number[];
  cpuSeconds: number;
}

// Varied first messages so the extractor and gazetteer do real work on every turn.
const OPENERS = [
  '郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟',
  '温江区万春镇的养猪场把粪水直接排进江安河',
  '成华区建设路附近一个工地凌晨两点还在打桩',
  '我家楼下的火锅店油烟直接往小区里排，在锦江区春熙路街道',
  '龙泉驿区洛带镇山上有人偷倒建筑垃圾',
  '新都区大丰街道的广场舞音响每天晚上开到十点半',
];
// Answers that fit whichever question comes next (time, photos, demand, identity, confirm).
const FOLLOW_UPS = ['每天都有', '没有', '没有', '1', '1', '1', '1'];

async function play(task: InstanceTask, go: Promise<void>): Promise<InstanceResult> {
  const db = await openDb({ kind: 'postgres', url: task.url }, { poolSize: task.clients.length });
  const engine = new IntakeEngine({
    db: db.db,
    understander: new RulesUnderstander(() => new Date()),
    clock: () => new Date(),
    timeZone: 'Asia/Shanghai',
    machine: { resumeAfterMs: 12 * 3_600_000 },
    routing: loadRouting('config'),
    caseRules: loadCaseRules('config'),
    log: pino({ level: 'silent' }),
  });
  // Warm the gazetteer, the extractor and the pool before timing.
  await Promise.all(task.clients.map((i) => engine.handle({ channel: 'bench', chatId: `w${i}`, userId: `w${i}`, messageId: `warm-${i}`, text: OPENERS[0]!, at: new Date() })));
  process.send?.({ type: 'ready' });
  await go;
  const cpu0 = process.cpuUsage();
  const latencies: number[] = [];
  await Promise.all(
    task.clients.map(async (i) => {
      for (let round = 0; round < task.rounds; round++) {
        const lines = [OPENERS[(i + round) % OPENERS.length]!, ...FOLLOW_UPS];
        // A round is one full report by one more citizen: it ends when the case opens, or when the
        // report joins an open case of the same problem (the confirming "1" is offered the join,
        // and the next "1" takes it), as a real crowd reporting the same few problems would.
        const who = `${i}-${round}`;
        for (const [k, text] of lines.entries()) {
          const t0 = performance.now();
          const r = await engine.handle({ channel: 'bench', chatId: `c${who}`, userId: `u${who}`, messageId: `${who}-${k}`, text, at: new Date() });
          latencies.push(performance.now() - t0);
          if (r.status !== 'processed') throw new Error(`turn ${who}-${k} ${r.status}`);
          if (r.opened.length > 0 || r.joined.length > 0) break;
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  await db.close();
  return { latencies, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

let go!: () => void;
const goP = new Promise<void>((r) => (go = r));
process.on('message', (msg: { type: string; task?: InstanceTask }) => {
  if (msg.type === 'go') go();
  if (msg.type === 'task' && msg.task) {
    play(msg.task, goP).then(
      (result) => process.send?.({ type: 'done', result }, () => process.exit(0)),
      (err: unknown) => process.send?.({ type: 'error', error: String(err) }, () => process.exit(1)),
    );
  }
});
