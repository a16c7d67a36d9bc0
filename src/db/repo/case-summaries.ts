import { sql, type Insertable, type Kysely } from 'kysely';
import type { CaseSummariesTable, Database } from '../schema.js';
import { readClosedCases, type ClosedCaseRow } from './digests.js';

/** A closed case the summary job works on: one with an answer, so with the answer's event id. */
export type SummaryCandidate = ClosedCaseRow & { answerEventId: string; answer: NonNullable<ClosedCaseRow['answer']> };

/**
 * Closed cases whose last answer (the one the digest publishes) has no stored summary yet, closed
 * at or after `since`, oldest close first, at most `limit`. A stored null summary counts as done:
 * the model already had its chance at that answer. Cases whose answer says nothing are left out:
 * there is nothing to summarise, and a model would have to invent.
 */
export async function casesToSummarise(db: Kysely<Database>, since: Date, limit: number): Promise<SummaryCandidate[]> {
  // `a.id is not null` below is what makes every row a candidate.
  return (await readClosedCases(db, sql`a.id is not null and s.case_id is null and coalesce(a.data->>'action', '') <> '' and x.at >= ${since}`, sql`order by x.at, c.id limit ${limit}`)) as SummaryCandidate[];
}

/**
 * Stores a case's summary unless one for the same or a newer answer is there already (another
 * instance got there first): resolves with whether this row was written. A summary of an older
 * answer (the case was reopened and closed again) is replaced.
 */
export async function storeSummary(db: Kysely<Database>, caseId: string, row: Omit<Insertable<CaseSummariesTable>, 'case_id'>): Promise<boolean> {
  const written = await db
    .insertInto('case_summaries')
    .values({ case_id: caseId, ...row })
    .onConflict((oc) => oc.column('case_id').doUpdateSet(row).where('case_summaries.answer_event_id', '<', sql<string>`excluded.answer_event_id`))
    .returning('case_id')
    .executeTakeFirst();
  return written !== undefined;
}
