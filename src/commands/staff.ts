import type { Config } from '../config.js';
import { addStaff, listStaff, StaffExistsError } from '../db/repo/staff.js';
import { maskId } from '../privacy/mask.js';
import { loadRouting } from '../routing/load.js';
import { checkRegistration, isStaffRole } from '../staff/registration.js';
import { withDb } from './database.js';

// Chinese names take two terminal columns per character; padding by .length would skew the table.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
const columns = (s: string): number => [...s].reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);

/** Rows as left-aligned columns two spaces apart. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => columns(r[i]!))));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - columns(cell)))).join('  ')).join('\n');
}

/** The options of `huiyin staff add`, as parsed. */
export type StaffOptions = Partial<Record<'handle' | 'name' | 'unit' | 'role' | 'channel' | 'id' | 'chat', string>>;

/** `huiyin staff add`: registers a member of staff after checking them against units and rosters. */
export async function staffAdd(config: Config, o: StaffOptions): Promise<number> {
  const missing = (['handle', 'name', 'unit', 'role', 'channel', 'id'] as const).filter((k) => !o[k]).map((k) => `--${k}`);
  if (missing.length > 0) {
    process.stderr.write(`staff add: missing ${missing.join(', ')}\n`);
    return 2;
  }
  const entry = { handle: o.handle!, name: o.name!.trim(), unitId: o.unit!, role: o.role!, channel: o.channel!, externalId: o.id!, chatId: o.chat ?? o.id! };
  const check = checkRegistration(entry, loadRouting(config.configDir));
  // isStaffRole repeats a check already in `problems`; it is here to narrow the type, not to decide.
  if (check.problems.length > 0 || !isStaffRole(entry.role)) {
    process.stderr.write(check.problems.map((p) => `staff add: ${p}\n`).join(''));
    return 2;
  }
  for (const w of check.warnings) process.stderr.write(`warning: ${w}\n`);
  const role = entry.role;
  return withDb(config, async (db) => {
    try {
      const s = await addStaff(db.db, { ...entry, role });
      process.stdout.write(`added ${s.handle} (${s.name}), ${s.role} at ${s.unit_id}, ${s.channel} account ${maskId(s.external_id)}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof StaffExistsError)) throw err;
      process.stderr.write(`staff add: ${err.message}\n`);
      return 2;
    }
  });
}

/** `huiyin staff list`: registered staff, account ids masked. */
export async function staffList(config: Config, unitId: string | undefined): Promise<number> {
  return withDb(config, async (db) => {
    const staff = await listStaff(db.db, unitId);
    if (staff.length === 0) {
      process.stdout.write(`no staff registered${unitId ? ` in ${unitId}` : ''}\n`);
      return 0;
    }
    const rows = staff.map((s) => [s.handle, s.name, s.unit_id, s.role, s.channel, maskId(s.external_id) + (s.active ? '' : '  (inactive)')]);
    process.stdout.write(`${table([['handle', 'name', 'unit', 'role', 'channel', 'account'], ...rows])}\n`);
    return 0;
  });
}
