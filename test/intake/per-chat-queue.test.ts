import { describe, expect, it } from 'vitest';
import { PerKeyQueue } from '../../src/intake/per-chat-queue.js';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the per-chat queue', () => {
  it('runs one key in arrival order, other keys alongside, and goes on after a failure', async () => {
    const q = new PerKeyQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`${name}+`);
      await later(ms);
      log.push(`${name}-`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = Promise.allSettled([q.run('a', task('a1', 30, true)), q.run('a', task('a2', 1)), q.run('b', task('b1', 5))]);
    expect(q.size).toBe(2);
    const settled = await results;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    // b ran while a1 was still running; a2 waited for a1 even though a1 failed.
    expect(log).toEqual(['a1+', 'b1+', 'b1-', 'a1-', 'a2+', 'a2-']);
    await later(0);
    expect(q.size).toBe(0);
  });
});
