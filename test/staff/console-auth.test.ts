import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { staffPassword } from '../../src/commands/staff-password.js';
import { loadConfig } from '../../src/config.js';
import { ABSOLUTE_MS, csrfMatches, IDLE_MS, sessionOf, setPassword, signIn, signOut } from '../../src/db/repo/console-sessions.js';
import { afterFailure, isLocked, LOCKOUT } from '../../src/staff/lockout.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/staff/passwords.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

const T0 = new Date('2026-11-28T01:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('passwords and lockout', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the same password', async () => {
    const [a, b] = [await hashPassword('正确的马电池订书钉'), await hashPassword('正确的马电池订书钉')];
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('正确的马电池订书钉', a)).toBe(true);
    expect(await verifyPassword('正确的马电池订书', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(passwordProblem('short')).toBe('too_short');
    expect(passwordProblem('x'.repeat(201))).toBe('too_long');
    expect(passwordProblem('ten chars!')).toBeNull();
  });

  it('locks after five wrong passwords in a row, for fifteen minutes, then counts afresh', () => {
    let r = { failedLogins: 0, lockedUntil: null as Date | null };
    for (let i = 0; i < LOCKOUT.maxFailures - 1; i++) r = afterFailure(r, T0);
    expect(r).toEqual({ failedLogins: 4, lockedUntil: null });
    r = afterFailure(r, T0);
    expect(isLocked(r, later(LOCKOUT.lockMs - 1))).toBe(true);
    expect(isLocked(r, later(LOCKOUT.lockMs))).toBe(false);
    expect(afterFailure(r, later(LOCKOUT.lockMs + 1))).toEqual({ failedLogins: 1, lockedUntil: null });
  });
});

describe(`console sessions on ${DB_KIND}`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await db.db
      .insertInto('staff')
      .values([
        { handle: 'admin1', name: '管理员', unit_id: 'cd-city-eeb', role: 'admin', channel: 'console', external_id: 'admin1', chat_id: 'admin1' },
        { handle: 'chatonly', name: '值班', unit_id: 'cd-pidu-eeb', role: 'duty', channel: 'console', external_id: 'chatonly', chat_id: 'chatonly' },
      ])
      .execute();
    expect(await setPassword(db.db, 'admin1', 'a long passphrase', T0)).toBe(true);
    expect(await setPassword(db.db, 'nobody', 'a long passphrase', T0)).toBe(false);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('signs in with the right password, finds the session by its cookie, and signs out everywhere', async () => {
    expect(await signIn(db.db, 'admin1', 'wrong password', T0)).toEqual({ ok: false, why: 'bad_credentials' });
    expect(await signIn(db.db, 'nobody', 'a long passphrase', T0)).toEqual({ ok: false, why: 'bad_credentials' });
    expect(await signIn(db.db, 'chatonly', 'a long passphrase', T0)).toEqual({ ok: false, why: 'bad_credentials' });
    const s = await signIn(db.db, 'admin1', 'a long passphrase', T0);
    if (!s.ok) throw new Error('sign-in failed');
    expect(s.session).toMatchObject({ handle: 'admin1', role: 'admin', unitId: 'cd-city-eeb' });
    const stored = await db.db.selectFrom('console_sessions').select('token_hash').execute();
    expect(stored.some((r) => Buffer.from(r.token_hash).toString('base64url') === s.token)).toBe(false);
    const found = await sessionOf(db.db, s.token, later(60_000));
    expect(found?.csrf).toBe(s.session.csrf);
    expect(csrfMatches(found!, s.session.csrf)).toBe(true);
    expect(csrfMatches(found!, `${s.session.csrf.slice(0, -1)}x`)).toBe(false);
    expect(csrfMatches(found!, undefined)).toBe(false);
    expect(await sessionOf(db.db, 'not a token', T0)).toBeNull();
    expect(await signOut(db.db, s.token, later(120_000))).toBe(true);
    expect(await sessionOf(db.db, s.token, later(180_000))).toBeNull();
    expect(await signOut(db.db, s.token, later(180_000))).toBe(false);
  });

  it('ends a session idle too long, and any session after its absolute limit', async () => {
    const s = await signIn(db.db, 'admin1', 'a long passphrase', T0);
    if (!s.ok) throw new Error('sign-in failed');
    expect(await sessionOf(db.db, s.token, later(IDLE_MS + 1))).toBeNull();
    const t = await signIn(db.db, 'admin1', 'a long passphrase', T0);
    if (!t.ok) throw new Error('sign-in failed');
    for (let at = IDLE_MS / 2; at < ABSOLUTE_MS; at += IDLE_MS / 2) expect(await sessionOf(db.db, t.token, later(at)), `at ${at}`).not.toBeNull();
    expect(await sessionOf(db.db, t.token, later(ABSOLUTE_MS + 1))).toBeNull();
  });

  it('locks the account after five wrong passwords (even the right one is refused), and a new password unlocks it', async () => {
    for (let i = 0; i < 4; i++) expect(await signIn(db.db, 'admin1', `wrong ${i}`, T0)).toEqual({ ok: false, why: 'bad_credentials' });
    expect(await signIn(db.db, 'admin1', 'wrong 4', T0)).toMatchObject({ ok: false, why: 'locked' });
    expect(await signIn(db.db, 'admin1', 'a long passphrase', later(60_000))).toMatchObject({ ok: false, why: 'locked' });
    expect((await signIn(db.db, 'admin1', 'a long passphrase', later(LOCKOUT.lockMs + 1))).ok).toBe(true);
    for (let i = 0; i < 5; i++) await signIn(db.db, 'admin1', `wrong ${i}`, later(LOCKOUT.lockMs + 2));
    await setPassword(db.db, 'admin1', 'another long passphrase', later(LOCKOUT.lockMs + 3));
    expect((await signIn(db.db, 'admin1', 'another long passphrase', later(LOCKOUT.lockMs + 4))).ok).toBe(true);
  });

  it('refuses to sign in a deactivated member of staff, and drops their sessions', async () => {
    const s = await signIn(db.db, 'admin1', 'another long passphrase', later(LOCKOUT.lockMs + 5));
    if (!s.ok) throw new Error('sign-in failed');
    await db.db.updateTable('staff').set({ active: false }).where('handle', '=', 'admin1').execute();
    expect(await sessionOf(db.db, s.token, later(LOCKOUT.lockMs + 6))).toBeNull();
    expect(await signIn(db.db, 'admin1', 'another long passphrase', later(LOCKOUT.lockMs + 6))).toEqual({ ok: false, why: 'bad_credentials' });
  });
});

describe('huiyin staff password', () => {
  const config = loadConfig({ HUIYIN_CONFIG_DIR: 'config' });
  const run = async (o: { handle?: string }, stdin: string) => {
    let stderr = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
    try {
      return { code: await staffPassword(config, o, Readable.from([stdin])), stderr };
    } finally {
      err.mockRestore();
    }
  };
  it('refuses a missing handle and a short or missing password before touching the database', async () => {
    expect(await run({}, 'a long passphrase\n')).toEqual({ code: 2, stderr: expect.stringMatching(/missing --handle/) });
    expect(await run({ handle: 'admin1' }, 'short\n')).toEqual({ code: 2, stderr: expect.stringMatching(/shorter than 10 characters/) });
    expect(await run({ handle: 'admin1' }, '')).toEqual({ code: 2, stderr: expect.stringMatching(/no password on stdin/) });
  });
});
