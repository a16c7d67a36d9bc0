import { pino } from 'pino';
import { loadCaseRules } from '../../src/cases/rules.js';
import type { ChannelSender, Inbound, Outbound } from '../../src/channels/contract.js';
import { IntakeEngine, type EngineDeps } from '../../src/intake/engine.js';
import { loadRouting } from '../../src/routing/load.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { RulesUnderstander } from '../../src/understanding/rules/understander.js';
import type { TestDb } from './db.js';

/** A sender that records what it was asked to deliver, standing in for a platform's chat. */
export class RecordingSender implements ChannelSender {
  readonly sent: Outbound[] = [];
  constructor(readonly channel: string) {}
  async send(m: Outbound): Promise<{ externalId?: string }> {
    this.sent.push(m);
    return { externalId: `${this.channel}-out-${this.sent.length}` };
  }
  /** Texts delivered to one chat, in order. */
  textsFor(chatId: string): string[] {
    return this.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  }
}

/** A controllable clock for tests that cross days. */
export class TestClock {
  constructor(public now: Date) {}
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
  readonly read = (): Date => this.now;
}

/**
 * The real engine and outbox worker over a test database with the given senders. With `wake`, a
 * turn that queues replies wakes the worker as main.ts wires it; without, tests drain by hand.
 * `extra` adds what main.ts wires only in production (the flood guard).
 */
export function wireCore(db: TestDb, clock: TestClock, senders: ChannelSender[], wake = false, extra: Partial<EngineDeps> = {}) {
  const log = pino({ level: 'silent' });
  const worker = new OutboxWorker(db.db, new Map(senders.map((s) => [s.channel, s])), log);
  const engine = new IntakeEngine({
    db: db.db,
    understander: new RulesUnderstander(clock.read),
    clock: clock.read,
    timeZone: 'Asia/Shanghai',
    machine: { resumeAfterMs: 12 * 3_600_000 },
    routing: loadRouting('config'),
    caseRules: loadCaseRules('config'),
    log,
    onQueued: wake ? () => worker.kick() : undefined,
    ...extra,
  });
  return { engine, worker, clock, log };
}

/** The real engine and worker over a test database, with a recording sender per channel. */
export function buildCore(db: TestDb, clock = new TestClock(new Date('2026-11-27T14:00:00Z')), channels = ['test']) {
  const senders = new Map(channels.map((c) => [c, new RecordingSender(c)]));
  const { engine, worker, log } = wireCore(db, clock, [...senders.values()]);
  let seq = 0;
  /** Sends `text` as reporter `user` and delivers the replies; returns the replies' texts. */
  const say = async (user: string, text: string, channel = channels[0] ?? 'test', extra: Partial<Inbound> = {}): Promise<string[]> => {
    const sender = senders.get(channel) as RecordingSender;
    const before = sender.sent.length;
    const chatId = `chat-${user}`;
    await engine.handle({ channel, chatId, userId: user, messageId: `m-${user}-${++seq}`, text, at: clock.now, ...extra });
    await worker.drain();
    return sender.sent.slice(before).filter((m) => m.chatId === chatId).map((m) => m.text);
  };
  return { engine, worker, senders, clock, say, log };
}
