import { sql, type Kysely } from 'kysely';
import { formatCaseNumber, localDay } from '../../cases/number.js';
import type { Database } from '../schema.js';

/**
 * Hands out the next case number: the local day and a sequence value. A sequence never blocks
 * another transaction, so numbers are unique across instances without a hot row; a rolled-back
 * turn leaves a gap, which is harmless.
 */
export async function nextCaseNumber(db: Kysely<Database>, at: Date, timeZone: string): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('case_number_seq') as n`.execute(db);
  return formatCaseNumber(localDay(at, timeZone), Number(rows[0]?.n));
}
