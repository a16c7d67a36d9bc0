/**
 * Where a case stands. Each change is a `case_events` row; `cases.status` is kept equal to the
 * status the events lead to, so lists can filter on it.
 * - `registered` 已登记: the bot opened it, no decision yet;
 * - `accepted` 已受理 / `not_accepted` 不予受理 (final, with the body to go to);
 * - `forwarded` 已转办: given to a unit, which may send it back within 5 working days;
 * - `in_progress` 办理中: the unit is working on it;
 * - `answered` 已办结: the finding was sent, the reporter's rating is awaited;
 * - `closed` 已完结: rated, no response, review window over, or merged into another case.
 */
export const CASE_STATUSES = ['registered', 'accepted', 'not_accepted', 'forwarded', 'in_progress', 'answered', 'closed'] as const;

/** One of {@link CASE_STATUSES}. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which a case still waits for work or for the reporter: it can be joined and is clocked. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['registered', 'accepted', 'forwarded', 'in_progress', 'answered'];

