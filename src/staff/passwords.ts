import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost: ~50 ms and 16 MiB per hash here, so a stolen table is slow to guess at. */
const COST: ScryptOptions = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;

/** The shortest password the console accepts: long passphrases beat composition rules. */
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, o, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): 'too_short' | 'too_long' | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  // scrypt takes any length, but a megabyte "password" is an attack on the CPU, not a secret.
  if (length > 200) return 'too_long';
  return null;
}

/**
 * Hashes a password with scrypt and a random salt, as `scrypt$N$r$p$salt$key` (base64), so the
 * cost can be raised later without breaking stored hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches a stored hash; false for a malformed hash. Compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: COST.maxmem });
  return got.length === expected.length && timingSafeEqual(got, expected);
}
