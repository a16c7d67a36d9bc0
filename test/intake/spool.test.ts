import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/channels/contract.js';
import { isDbUnreachable } from '../../src/intake/db-unreachable.js';
import type { TurnOutcome } from '../../src/intake/engine.js';
import { chatOf, parseSpool, Spool, spoolScope } from '../../src/intake/spool.js';
import { SpoolReplayer } from '../../src/intake/spool-replayer.js';

const log = pino({ level: 'silent' });
const dir = () => mkdtempSync(join(tmpdir(), 'huiyin-spool-'));
const msg = (chat: string, id: string, text = id): Inbound => ({ channel: 'web', chatId: chat, userId: chat, messageId: id, text, at: new Date('2026-11-30T02:00:00Z') });
const files = (d: string) => readdirSync(d).filter((f) => f.endsWith('.jsonl'));
const lines = (d: string) => files(d).flatMap((f) => readFileSync(join(d, f), 'utf8').split('\n').filter(Boolean));
const outcome = (status: TurnOutcome['status']): TurnOutcome => ({ status, messageId: status === 'spooled' ? null : '1', outboxIds: [], opened: [], joined: [] });
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('the spool', () => {
  it('keeps messages on disk before resolving, in arrival order, and says which is a chat’s first', async () => {
    const d = dir();
    const spool = await Spool.open(d, log);
    expect(files(d)).toEqual([]);
    expect(await spool.keep(msg('a', 'a1'))).toBe(true);
    expect(await spool.keep(msg('b', 'b1'))).toBe(true);
    expect(await spool.keep(msg('a', 'a2'))).toBe(false);
    expect(spool.pending().map((e) => e.message.messageId)).toEqual(['a1', 'b1', 'a2']);
    expect(spool.holds({ channel: 'web', chatId: 'a' })).toBe(true);
    expect(spool.holds({ channel: 'web', chatId: 'c' })).toBe(false);
    expect(spool.headOf(chatOf(msg('a', '')))?.message.messageId).toBe('a1');
    // Already written when keep resolved: a crash now loses nothing.
    expect(lines(d).map((l) => (JSON.parse(l) as { message: Inbound }).message.messageId)).toEqual(['a1', 'b1', 'a2']);
    await spool.close();
  });

  it('holds a chat as soon as keep is called, before the write is done', async () => {
    const spool = await Spool.open(dir(), log);
    const writing = spool.keep(msg('a', 'a1'));
    expect(spool.holds({ channel: 'web', chatId: 'a' })).toBe(true);
    await writing;
    await spool.close();
  });

  it('takes over what a crashed process left, in order, with dates, skipping a line the crash cut', async () => {
    const d = dir();
    const entries = [msg('a', 'a1'), msg('b', 'b1'), msg('a', 'a2')].map((m, i) => JSON.stringify({ id: `e${i}`, keptAt: 1000 + i, message: m }));
    writeFileSync(join(d, 'inbound-default-4242-dead.jsonl'), `${entries.join('\n')}\n{"id":"e3","keptAt":1003,"mess`);
    // The same entry in a second file (a crash between a rewrite and removing an adopted file) is taken once.
    writeFileSync(join(d, 'inbound-default-4343-dead.jsonl'), `${entries[1]}\n`);
    // Another database's: never replayed here.
    writeFileSync(join(d, 'inbound-0ther-4444-dead.jsonl'), `${JSON.stringify({ id: 'x', keptAt: 1, message: msg('x', 'x1') })}\n`);
    const spool = await Spool.open(d, log);
    expect(spool.pending().map((e) => e.message.messageId)).toEqual(['a1', 'b1', 'a2']);
    expect(spool.pending()[0]?.message.at).toEqual(new Date('2026-11-30T02:00:00Z'));
    expect(spool.holds({ channel: 'web', chatId: 'b' })).toBe(true);
    // A new message of a held chat goes after the adopted ones.
    await spool.keep(msg('b', 'b2'));
    expect(spool.pending().map((e) => e.message.messageId)).toEqual(['a1', 'b1', 'a2', 'b2']);
    // Compacting moves everything into this process's file and removes the dead ones'.
    await spool.compact();
    expect(files(d)).toHaveLength(2);
    expect(files(d).filter((f) => f.startsWith('inbound-default-'))).toHaveLength(1);
    expect(files(d).filter((f) => f.includes('dead'))).toEqual(['inbound-0ther-4444-dead.jsonl']);
    rmSync(join(d, 'inbound-0ther-4444-dead.jsonl'));
    expect(parseSpool(lines(d).join('\n')).map((e) => e.message.messageId)).toEqual(['a1', 'b1', 'a2', 'b2']);
    await spool.close();
  });

  it('names a database’s spool by a hash of where it is, never the URL itself', () => {
    const scope = spoolScope('postgres://huiyin:secret@db:5432/huiyin');
    expect(scope).toMatch(/^[0-9a-f]{12}$/);
    expect(spoolScope('postgres://huiyin:secret@db:5432/other')).not.toBe(scope);
  });

  it('leaves a live process’s file alone, and keeps what was not replayed for the next start', async () => {
    const d = dir();
    const first = await Spool.open(d, log);
    await first.keep(msg('a', 'a1'));
    const second = await Spool.open(d, log);
    expect(second.size).toBe(0);
    await second.close();
    await first.close();
    const third = await Spool.open(d, log);
    expect(third.pending().map((e) => e.message.messageId)).toEqual(['a1']);
    await third.close();
  });

  it('compacts: done entries leave the file at the next rewrite, and a drained spool leaves no file', async () => {
    const d = dir();
    const spool = await Spool.open(d, log);
    for (const id of ['a1', 'a2', 'a3']) await spool.keep(msg('a', id));
    spool.done(spool.pending()[0]!);
    await spool.compact();
    expect(parseSpool(lines(d).join('\n')).map((e) => e.message.messageId)).toEqual(['a2', 'a3']);
    await spool.keep(msg('a', 'a4'));
    expect(parseSpool(lines(d).join('\n')).map((e) => e.message.messageId)).toEqual(['a2', 'a3', 'a4']);
    for (const e of spool.pending()) spool.done(e);
    expect(spool.holds({ channel: 'web', chatId: 'a' })).toBe(false);
    await spool.compact();
    expect(files(d)).toEqual([]);
    expect(readdirSync(d)).toEqual([]);
    await spool.close();
  });
});

describe('the replayer', () => {
  it('waits for the database, then replays each chat in order and empties the spool', async () => {
    const d = dir();
    const spool = await Spool.open(d, log);
    let up = false;
    let probes = 0;
    const replayed: string[] = [];
    const replayer = new SpoolReplayer({
      spool,
      probe: async () => {
        probes++;
        if (!up) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
      replay: async (m) => {
        replayed.push(m.messageId);
        return outcome(m.messageId === 'b1' ? 'duplicate' : 'processed');
      },
      log,
      intervalMs: 20,
    });
    replayer.start();
    for (const m of [msg('a', 'a1'), msg('b', 'b1'), msg('a', 'a2'), msg('b', 'b2')]) await spool.keep(m);
    await until(() => probes >= 3);
    expect(replayed).toEqual([]);
    up = true;
    await replayer.drained(5_000);
    expect(replayed.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2']);
    expect(replayed.filter((id) => id.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(files(d)).toEqual([]);
    await replayer.stop();
    await spool.close();
  });

  it('stops a chat whose turn hit the outage again, keeps it, and lets other chats through', async () => {
    const spool = await Spool.open(dir(), log);
    let aDown = true;
    const replayed: string[] = [];
    const replayer = new SpoolReplayer({
      spool,
      probe: async () => {},
      replay: async (m) => {
        if (m.chatId === 'a' && aDown) return outcome('spooled');
        replayed.push(m.messageId);
        return outcome('processed');
      },
      log,
      intervalMs: 20,
    });
    for (const m of [msg('a', 'a1'), msg('a', 'a2'), msg('b', 'b1')]) await spool.keep(m);
    replayer.start();
    await until(() => replayed.includes('b1'));
    await new Promise((r) => setTimeout(r, 60));
    expect(replayed).toEqual(['b1']);
    expect(spool.pending().map((e) => e.message.messageId)).toEqual(['a1', 'a2']);
    aDown = false;
    await replayer.drained(5_000);
    expect(replayed).toEqual(['b1', 'a1', 'a2']);
    await replayer.stop();
    await spool.close();
  });

  it('replays at start what an earlier run left, and does not poll while the spool is empty', async () => {
    const d = dir();
    const before = await Spool.open(d, log);
    await before.keep(msg('a', 'a1'));
    await before.close();
    const spool = await Spool.open(d, log);
    let probes = 0;
    const replayer = new SpoolReplayer({ spool, probe: async () => void probes++, replay: async () => outcome('processed'), log, intervalMs: 10 });
    replayer.start();
    await replayer.drained(5_000);
    const after = probes;
    expect(after).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(probes).toBe(after);
    await replayer.stop();
    await spool.close();
  });
});

describe('which errors mean the database cannot be reached', () => {
  const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  it.each([
    ['a refused connection', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', coded('ECONNRESET')],
    ['a connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['a broken pool client', new Error('Client has encountered a connection error and is not queryable')],
    ['an admin shutdown', coded('57P01', 'terminating connection due to administrator command')],
    ['a server starting up', coded('57P03', 'the database system is starting up')],
    ['a class 08 error', coded('08006', 'connection failure')],
    ['every address refused', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], '')],
    ['a wrapped refusal', new Error('query failed', { cause: coded('ECONNREFUSED') })],
  ])('%s: yes', (_, err) => expect(isDbUnreachable(err)).toBe(true));
  it.each([
    ['a unique violation', coded('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', coded('42601')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a conversation moving on', new Error('conversation changed under the turn 8 times')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', null],
  ])('%s: no', (_, err) => expect(isDbUnreachable(err)).toBe(false));
});
