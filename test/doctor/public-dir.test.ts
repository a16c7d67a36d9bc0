import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPublicDir } from '../../src/doctor/public-dir.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'huiyin-doctor-public-'));

describe('doctor: public folder', () => {
  it('is ok on a writable folder and leaves nothing behind', async () => {
    const dir = tmp();
    expect(await checkPublicDir(dir)).toEqual({ status: 'ok', name: 'public', message: `${dir} is writable` });
    expect(readdirSync(dir)).toEqual([]);
  });

  // A file where the folder should be: unwritable even for root, unlike a chmod'ed folder.
  it('fails when HUIYIN_PUBLIC_DIR cannot take a file', async () => {
    const file = join(tmp(), 'public');
    writeFileSync(file, 'not a folder');
    const r = await checkPublicDir(file);
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(new RegExp(`^cannot create and delete a file in HUIYIN_PUBLIC_DIR ${file}: ENOTDIR`));
  });

  it('warns when the folder does not exist yet', async () => {
    const dir = join(tmp(), 'missing');
    expect(await checkPublicDir(dir)).toMatchObject({ status: 'warn', message: expect.stringContaining(`mkdir -p ${dir}`) });
  });
});
