import { z } from 'zod';
import { FINDINGS, type CaseAction } from '../cases/lifecycle.js';
import { CATEGORIES } from '../cases/categories.js';
import { CASE_STATUSES } from '../cases/status.js';

// Reasons and answers are sent to reporters in a chat message: long enough for a real answer,
// short enough for one message.
const reason = z.string().trim().min(1).max(1_000);

/** A case number as staff type it (`hy-20261127-0042` too), in its stored form. */
export const caseNumber = z
  .string()
  .regex(/^HY-\d{8}-\d{4,8}$/i, 'must be a case number such as HY-20261127-0042')
  .transform((s) => s.toUpperCase());

/** A query parameter left empty (`?status=`), as forms send it, means the parameter is not given. */
const param = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

/** The query of `GET /cases`. Unknown parameters are refused: a typo must not widen the list silently. */
export const caseListQuery = z
  .object({
    status: param(z.enum(CASE_STATUSES).optional()),
    supervised: param(z.stringbool().optional()),
    overdue: param(z.stringbool().optional()),
    category: param(z.enum(CATEGORIES).optional()),
    /** A county's code (510124), its name (郫都区) or a zone's name; matched exactly. */
    district: param(z.string().trim().min(1).max(64).optional()),
    /** A unit's cases; it narrows the caller's scope and never widens it. */
    unit: param(z.string().min(1).max(64).optional()),
    limit: param(z.coerce.number().int().min(1).max(100).default(50)),
    offset: param(z.coerce.number().int().min(0).max(1_000_000).default(0)),
  })
  .strict();

/** The body of `POST /cases/:number/actions`, one shape per action. */
export const actionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept') }).strict(),
  z.object({ action: z.literal('not_accept'), body: z.string().trim().min(1).max(200), reason }).strict(),
  z.object({ action: z.literal('forward'), to: z.string().min(1).max(64), reason }).strict(),
  z.object({ action: z.literal('send_back'), reason }).strict(),
  z.object({ action: z.literal('start') }).strict(),
  // The policy's longest extension is the lifecycle's to enforce (409 bad_extension), not the shape's.
  z.object({ action: z.literal('extend'), days: z.number().int().min(1).max(366), reason }).strict(),
  z.object({ action: z.literal('answer'), finding: z.enum(FINDINGS), text: z.string().trim().min(1).max(4_000) }).strict(),
  z.object({ action: z.literal('supervise'), reason }).strict(),
  z.object({ action: z.literal('merge'), into: caseNumber }).strict(),
]);

/** One action as asked for. */
type ActionBody = z.infer<typeof actionBody>;

/** The lifecycle action of a body; merging is not one (it closes one case into another). */
export function lifecycleAction(b: Exclude<ActionBody, { action: 'merge' }>): CaseAction {
  switch (b.action) {
    case 'accept':
    case 'start':
      return { kind: b.action };
    case 'not_accept':
      return { kind: 'not_accept', body: b.body, reason: b.reason };
    case 'forward':
      return { kind: 'forward', to: b.to, reason: b.reason };
    case 'send_back':
    case 'supervise':
      return { kind: b.action, reason: b.reason };
    case 'extend':
      return { kind: 'extend', days: b.days, reason: b.reason };
    case 'answer':
      return { kind: 'answer', finding: b.finding, action: b.text };
  }
}
