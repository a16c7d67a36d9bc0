import { describe, expect, it } from 'vitest';
import { FloodGuard } from '../../src/intake/flood-guard.js';
import { TestClock } from '../helpers/core.js';

describe('the flood guard', () => {
  it('admits a burst, then the sustained rate; tells a flooding chat once a minute', () => {
    const clock = new TestClock(new Date('2026-11-30T02:00:00Z'));
    const guard = new FloodGuard({ perMinute: 30, burst: 5 }, clock.read);
    const verdicts = Array.from({ length: 8 }, () => guard.admit('web:a'));
    expect(verdicts).toEqual(['admit', 'admit', 'admit', 'admit', 'admit', 'refuse_and_tell', 'refuse', 'refuse']);
    // 30 a minute: one more every 2 seconds.
    clock.advance(1_999);
    expect(guard.admit('web:a')).toBe('refuse');
    clock.advance(1);
    expect(guard.admit('web:a')).toBe('admit');
    expect(guard.admit('web:a')).toBe('refuse');
    // Told again only after a minute of refusals.
    clock.advance(1_000);
    expect(guard.admit('web:a')).toBe('refuse');
    clock.advance(58_000);
    expect(guard.admit('web:a')).toBe('admit');
  });

  it('keeps each chat to its own allowance', () => {
    const clock = new TestClock(new Date('2026-11-30T02:00:00Z'));
    const guard = new FloodGuard({ perMinute: 10, burst: 2 }, clock.read);
    expect([guard.admit('telegram:1'), guard.admit('telegram:1'), guard.admit('telegram:1')]).toEqual(['admit', 'admit', 'refuse_and_tell']);
    expect([guard.admit('telegram:2'), guard.admit('web:1')]).toEqual(['admit', 'admit']);
  });

  it('forgets chats whose allowance is full again, so memory stays bounded', () => {
    const clock = new TestClock(new Date('2026-11-30T02:00:00Z'));
    const guard = new FloodGuard({ perMinute: 60, burst: 3 }, clock.read);
    for (let i = 0; i < 10_000; i++) guard.admit(`web:${i}`);
    clock.advance(5_000);
    guard.admit('web:new');
    expect((guard as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });
});
