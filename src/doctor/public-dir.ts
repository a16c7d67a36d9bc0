import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult } from './result.js';

/**
 * A file can be created and deleted in HUIYIN_PUBLIC_DIR, as publishing a digest does. A folder
 * not there yet only warns: the first digest creates it, but only a shared one serves every instance.
 */
export async function checkPublicDir(publicDir: string): Promise<CheckResult> {
  const name = 'public';
  if (!existsSync(publicDir)) return { status: 'warn', name, message: `HUIYIN_PUBLIC_DIR ${publicDir} does not exist: mkdir -p ${publicDir} (the folder every instance shares)` };
  const probe = join(publicDir, `.doctor-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(probe, '');
    await unlink(probe);
  } catch (err) {
    return { status: 'fail', name, message: `cannot create and delete a file in HUIYIN_PUBLIC_DIR ${publicDir}: ${(err as Error).message}: make it a folder the user running Huiyin can write` };
  }
  return { status: 'ok', name, message: `${publicDir} is writable` };
}
