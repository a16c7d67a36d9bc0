import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listStaff, staffByHandle, staffByIdentity } from '../../src/db/repo/staff.js';
import { runHuiyin } from '../helpers/cli.js';
import { childDb, type ChildDb } from '../helpers/child-db.js';
import { DB_KIND } from '../helpers/db.js';

let child: ChildDb;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  child = await childDb('staff');
  env = { ...child.env };
  // The shipped config/ is what the child checks units and rosters against.
  env.HUIYIN_CONFIG_DIR = 'config';
});
afterAll(async () => {
  await child?.dispose();
});

// Account ids long enough that a full one in the output cannot be a coincidence.
const DUTY_ID = '5550001234567';
const NIGHT_ID = '5550009876543';

const add = (...args: string[]) => runHuiyin(['staff', 'add', ...args], '', env);
const duty = ['--handle', 'jinjiang.duty1', '--name', '张伟', '--unit', 'cd-jinjiang-eeb', '--role', 'duty', '--channel', 'telegram', '--id', DUTY_ID];

// The tests share one database and run in order: the first registers the staff the others collide with.
// Each test spawns the CLI several times, and each spawn opens (and on PGlite, boots) the database.
describe(`huiyin staff on ${DB_KIND}`, { timeout: 90_000 }, () => {
  it('adds two members of staff that the rosters page, without a warning and without printing the ids', async () => {
    const first = await add(...duty);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(`added jinjiang.duty1 (张伟), duty at cd-jinjiang-eeb, telegram account *********4567\n`);

    const second = await add('--handle', 'wuhou.night1', '--name', 'Li Na', '--unit', 'cd-wuhou-eeb', '--role', 'duty', '--channel', 'telegram', '--id', NIGHT_ID, '--chat=-100777');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).not.toContain(NIGHT_ID);

    const db = await child.open();
    try {
      const rows = await db.db.selectFrom('staff').select(['handle', 'external_id', 'chat_id', 'active']).orderBy('handle').execute();
      expect(rows).toEqual([
        // --chat defaults to the account id.
        { handle: 'jinjiang.duty1', external_id: DUTY_ID, chat_id: DUTY_ID, active: true },
        { handle: 'wuhou.night1', external_id: NIGHT_ID, chat_id: '-100777', active: true },
      ]);
      // The lookups the escalation job and staff chat commands use find the same people.
      expect((await staffByIdentity(db.db, 'telegram', DUTY_ID))?.handle).toBe('jinjiang.duty1');
      expect(await staffByIdentity(db.db, 'web', DUTY_ID)).toBeUndefined();
      expect((await staffByHandle(db.db, 'wuhou.night1'))?.unit_id).toBe('cd-wuhou-eeb');
      expect(await staffByHandle(db.db, 'wuhou.night2')).toBeUndefined();
      expect((await listStaff(db.db, 'cd-wuhou-eeb')).map((r) => r.handle)).toEqual(['wuhou.night1']);
    } finally {
      if (!child.shared) await db.close();
    }
  });

  it('lists them as a table with the account ids masked, and filters by unit', async () => {
    const all = await runHuiyin(['staff', 'list'], '', env);
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^handle\s+name\s+unit\s+role\s+channel\s+account$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^jinjiang\.duty1\s+张伟\s+cd-jinjiang-eeb\s+duty\s+telegram\s+\*{9}4567$/),
      expect.stringMatching(/^wuhou\.night1\s+Li Na\s+cd-wuhou-eeb\s+duty\s+telegram\s+\*{9}6543$/),
    ]);
    // Columns line up on the terminal although 张伟 is two characters four columns wide.
    expect(lines[1]!.indexOf('cd-jinjiang-eeb') + 2).toBe(lines[2]!.indexOf('cd-wuhou-eeb'));
    for (const secret of [DUTY_ID, NIGHT_ID, '-100777']) expect(all.stdout).not.toContain(secret);

    const wuhou = await runHuiyin(['staff', 'list', '--unit', 'cd-wuhou-eeb'], '', env);
    expect(wuhou.code, wuhou.stderr).toBe(0);
    expect(wuhou.stdout).toContain('wuhou.night1');
    expect(wuhou.stdout).not.toContain('jinjiang.duty1');

    const none = await runHuiyin(['staff', 'list', '--unit', 'cd-police'], '', env);
    expect(none.stdout).toBe('no staff registered in cd-police\n');
  });

  it('refuses a handle that is already registered, and a channel account that is', async () => {
    const handle = await add('--handle', 'jinjiang.duty1', '--name', '王芳', '--unit', 'cd-jinjiang-eeb', '--role', 'duty', '--channel', 'telegram', '--id', '5550000000001');
    expect(handle.code).toBe(2);
    expect(handle.stderr).toBe('staff add: the handle jinjiang.duty1 is already registered\n');

    const account = await add('--handle', 'jinjiang.duty2', '--name', '张伟', '--unit', 'cd-jinjiang-eeb', '--role', 'duty', '--channel', 'telegram', '--id', DUTY_ID);
    expect(account.code).toBe(2);
    expect(account.stderr).toBe('staff add: this telegram account is already registered to another member of staff\n');
    expect(account.stderr).not.toContain(DUTY_ID);
  });

  it('refuses an unknown unit, a bad role and missing options, saying exactly what is wrong', async () => {
    const unit = await add('--handle', 'nobody.duty1', '--name', '赵六', '--unit', 'cd-nowhere-eeb', '--role', 'duty', '--channel', 'telegram', '--id', '5550000000002');
    expect(unit.code).toBe(2);
    expect(unit.stderr).toBe('staff add: unit "cd-nowhere-eeb" is not in units.yaml\n');

    const role = await add('--handle', 'jinjiang.duty2', '--name', '赵六', '--unit', 'cd-jinjiang-eeb', '--role', 'boss', '--channel', 'telegram', '--id', '5550000000003');
    expect(role.code).toBe(2);
    expect(role.stderr).toBe('staff add: role "boss" is not one of duty, chief, lead, handler, supervisor, admin\n');

    const missing = await add('--handle', 'jinjiang.duty2', '--role', 'duty');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('staff add: missing --name, --unit, --channel, --id\n');

    const list = await runHuiyin(['staff', 'list'], '', env);
    expect(list.stdout).not.toMatch(/nobody\.duty1|jinjiang\.duty2/);
  });

  it('registers a handle no roster of the unit names, with a warning that they will never be paged', async () => {
    const out = await add('--handle', 'jinjiang.trainee', '--name', '陈静', '--unit', 'cd-jinjiang-eeb', '--role', 'handler', '--channel', 'web', '--id', 'web-visitor-8f3a');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/^warning: jinjiang\.trainee is in no shift or on-call list of cd-jinjiang-eeb, so they will never be paged/);
    expect(out.stdout).toContain('added jinjiang.trainee');

    const list = await runHuiyin(['staff', 'list', '--unit', 'cd-jinjiang-eeb'], '', env);
    expect(list.stdout).toMatch(/jinjiang\.trainee\s+陈静\s+cd-jinjiang-eeb\s+handler\s+web\s+\*{12}8f3a/);
  });
});
