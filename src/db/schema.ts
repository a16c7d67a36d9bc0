import type { ColumnType, Generated, Selectable } from 'kysely';
import type { OutboundChoices } from '../channels/contract.js';
import type { StaffRole } from '../staff/registration.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** A person as one channel knows them. */
export interface ReportersTable {
  id: Generated<string>;
  channel: string;
  external_id: string;
  lang: Generated<string>;
  identity_mode: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  created_at: Timestamp;
  last_inbound_at: Date | null;
  /** Set when the platform refused delivery for good (blocked, chat gone); cleared by a delivery. */
  unreachable_at: Date | null;
  unreachable_reason: string | null;
  /** When the reporter asked (/forget) that their contact details be erased; retention acts on it. */
  forget_requested_at: Date | null;
  /** Their chat journal is masked up to here (src/retention/plan.ts); null: not yet. */
  journal_masked_before: Date | null;
}

/** One conversation per reporter and channel; `state` is the state machine's JSON. */
export interface ConversationsTable {
  id: Generated<string>;
  reporter_id: string;
  channel: string;
  chat_id: string;
  state: Json<unknown>;
  turns: Generated<number>;
  updated_at: Timestamp;
  /** Why the conversation asked for a person (`human`, `not_understood`), for the escalation job. */
  help_reason: string | null;
  help_unit: string | null;
  help_requested_at: Date | null;
  /** The staff handle that took the conversation over; null while the bot answers. */
  claimed_by: string | null;
  claimed_at: Date | null;
}

/** The journal of every inbound and outbound message. */
export interface MessagesTable {
  id: Generated<string>;
  channel: string;
  direction: 'in' | 'out';
  external_id: string;
  chat_id: string;
  reporter_id: string | null;
  kind: string;
  text: string | null;
  text_length: Generated<number>;
  text_cut: Generated<boolean>;
  payload: Json<unknown> | null;
  status: Generated<string>;
  error: string | null;
  sent_at: Date | null;
  received_at: Timestamp;
  processed_at: Date | null;
}

/** A registered complaint. */
export interface CasesTable {
  id: Generated<string>;
  number: string;
  status: Generated<string>;
  reporter_id: string;
  channel: string;
  categories: string[];
  subcategory: string | null;
  description: string;
  target: string | null;
  place_text: string | null;
  district_code: string | null;
  district_name: string | null;
  city: string | null;
  province: string | null;
  town: string | null;
  zone: string | null;
  lat: number | null;
  lng: number | null;
  datum: string | null;
  time_text: string | null;
  night: boolean;
  urgent: boolean;
  repeat: boolean;
  evidence: Json<unknown>;
  demand: string | null;
  identity_mode: string;
  contact_name: string | null;
  contact_phone: string | null;
  lang: string;
  registered_at: Timestamp;
  /** The unit that owns the case (config/units.yaml), and the routing rule that chose it. */
  unit_id: string | null;
  routing_rule: string | null;
  /** Under supervision (督办): overdue, escalated, or repeated by many reporters. */
  supervised: Generated<boolean>;
  /** Raised when repeated reports put the case under supervision; lists sort by it. */
  priority: Generated<number>;
}

/** Who follows a case and is told of every change: its reporter and those who joined it. */
export interface CaseReportersTable {
  case_id: string;
  reporter_id: string;
  role: 'reporter' | 'joined';
  /** False when the reporter asked for no notices. */
  notify: Generated<boolean>;
  joined_at: Timestamp;
}

/** Append-only audit trail: who did what to a case, when and why. */
export interface CaseEventsTable {
  id: Generated<string>;
  case_id: string;
  at: Timestamp;
  actor: string;
  type: string;
  data: Json<unknown>;
  reason: string | null;
}

/** Messages waiting to be delivered, and their delivery record. */
export interface OutboxTable {
  id: Generated<string>;
  channel: string;
  chat_id: string;
  reporter_id: string | null;
  in_reply_to: string | null;
  text: string;
  /** Buttons or a location request offered with the message (`OutboundChoices`). */
  choices: Json<OutboundChoices> | null;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
}

/** An evidence file a reporter sent, by the sha256 of its bytes; cases link to it from `evidence`. */
export interface EvidenceFilesTable {
  sha256: string;
  size: number;
  mime: string | null;
  bytes: Uint8Array;
  /** Where it first came from: the channel and its file reference. */
  channel: string;
  ref: string;
  stored_at: Generated<Date>;
}

/** A member of staff who can be paged and can act on cases over chat. */
export interface StaffTable {
  id: Generated<string>;
  /** The handle rosters use (`jinjiang.duty1`). */
  handle: string;
  name: string;
  unit_id: string;
  role: StaffRole;
  channel: string;
  external_id: string;
  chat_id: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  /** scrypt hash of the console password; null for staff who use chat only. */
  password_hash: string | null;
  /** Wrong passwords in a row, and the lock they caused (see src/staff/lockout.ts). */
  failed_logins: Generated<number>;
  locked_until: Date | null;
}

/** A signed-in console session, by the SHA-256 of its cookie; ended at logout or expiry. */
export interface ConsoleSessionsTable {
  id: Generated<string>;
  token_hash: Uint8Array;
  staff_handle: string;
  /** The token every form of this session must carry. */
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ended_at: Date | null;
}

/** One page of one escalation level about one subject; unique per (subject, level). */
export interface PagesTable {
  id: Generated<string>;
  /** `case:<id>` or `conv:<id>`. */
  subject: string;
  case_id: string | null;
  conversation_id: string | null;
  unit_id: string;
  reason: string;
  level: number;
  staff_handle: string | null;
  sent_at: Timestamp;
  ack_due_at: Timestamp;
  acked_at: Date | null;
  acked_by: string | null;
}

/** A staff API bearer token, kept as the SHA-256 of its text only. */
export interface ApiTokensTable {
  id: Generated<string>;
  staff_handle: string;
  token_hash: Uint8Array;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** The first answer the staff API gave to one staff member's `Idempotency-Key`. */
export interface ApiRequestsTable {
  staff_handle: string;
  key: string;
  /** SHA-256 of what was asked, so a key reused for another request is told apart. */
  request_hash: Uint8Array;
  /** Null only inside the transaction that claimed the key. */
  response: Json<unknown> | null;
  created_at: Timestamp;
}

/**
 * One published disclosure digest; unique per (kind, scope, period), which is how a schedule slot
 * is claimed once across instances. Dates are local `YYYY-MM-DD` (read them as `::text`).
 */
export interface DigestRunsTable {
  id: Generated<string>;
  kind: 'city' | 'province';
  /** The city or province name, e.g. `成都市`. */
  scope: string;
  period_from: ColumnType<string, string, string>;
  period_to: ColumnType<string, string, string>;
  started_at: Timestamp;
  finished_at: Date | null;
  /** Paths of the published files, relative to the public folder, by format. */
  files: ColumnType<Record<string, string>, string | undefined, string>;
  /** `schedule` (the digest job) or `command` (`huiyin digest`). */
  trigger: 'schedule' | 'command';
}

/** An Open311 client's api_key, kept as the SHA-256 of its text only. */
export interface Open311ClientsTable {
  id: Generated<string>;
  name: string;
  key_hash: Uint8Array;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** One Open311 POST: which client, and the reporter data the `cases` table has no column for. Never read back by a GET. */
export interface Open311RequestsTable {
  id: Generated<string>;
  case_id: string;
  client_id: string;
  joined: boolean;
  contact_email: string | null;
  account_id: string | null;
  device_id: string | null;
  received_at: Timestamp;
}

/** One message's call to a language model: what was sent (masked unless opted in) and what came of it. */
export interface LlmCallsTable {
  id: Generated<string>;
  conversation_id: string | null;
  message_id: string | null;
  prompt: string;
  model: string;
  mode: string;
  sent: string;
  personal_data: boolean;
  chars: number;
  requests: number;
  outcome: 'ok' | 'repaired' | 'fallback';
  reason: string | null;
  used: Json<string[]>;
  latency_ms: number;
  created_at: Timestamp;
}

/** A closed case's public summary by a model, for its last answer; `summary` null: the digest keeps the staff's text. */
export interface CaseSummariesTable {
  case_id: string;
  /** The `answered` event summarised: a newer answer gets a new summary. */
  answer_event_id: string;
  summary: string | null;
  /** `public-summary@1`: the prompt file's name and version. */
  prompt: string;
  model: string;
  /** The user part exactly as sent, cleaned. */
  sent: string;
  chars: number;
  requests: number;
  outcome: 'ok' | 'repaired' | 'fallback';
  reason: string | null;
  latency_ms: number;
  written_at: Timestamp;
}

/** The whole database, for Kysely. */
export interface Database {
  reporters: ReportersTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_reporters: CaseReportersTable;
  console_sessions: ConsoleSessionsTable;
  outbox: OutboxTable;
  staff: StaffTable;
  pages: PagesTable;
  evidence_files: EvidenceFilesTable;
  api_tokens: ApiTokensTable;
  api_requests: ApiRequestsTable;
  digest_runs: DigestRunsTable;
  open311_clients: Open311ClientsTable;
  open311_requests: Open311RequestsTable;
  llm_calls: LlmCallsTable;
  case_summaries: CaseSummariesTable;
}

/** An outbox row as read. */
export type OutboxRow = Selectable<OutboxTable>;
