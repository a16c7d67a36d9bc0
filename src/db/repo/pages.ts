import type { OutboundChoices } from '../../channels/contract.js';
import { sql, type Kysely } from 'kysely';
import type { PageView } from '../../i18n/catalog.js';
import type { Database } from '../schema.js';

/** A case or conversation that needs its first page. */
export interface PageSubject {
  subject: string;
  caseId: string | null;
  conversationId: string | null;
  unitId: string;
  reason: string;
  /** What the page says about it (no reporter identity). */
  summary: PageSummary;
}

/** What a page shows about its subject (never who reported it), and the case number if any. */
export type PageSummary = PageView & { number: string | null };

/** An unacknowledged page whose deadline has passed and whose next level has not been sent. */
export interface OverduePage extends PageSubject {
  level: number;
}

/** A page to send: one level about one subject, to one handle (null when nobody is on duty). */
export interface NewPage {
  subject: string;
  caseId: string | null;
  conversationId: string | null;
  unitId: string;
  reason: string;
  level: number;
  staffHandle: string | null;
  sentAt: Date;
  ackDueAt: Date;
}

const caseSummary = sql<PageSummary>`json_build_object(
  'number', c.number, 'categories', to_json(c.categories),
  'place', coalesce(c.city || c.district_name, c.zone, c.place_text),
  'target', c.target, 'time', c.time_text, 'description', left(c.description, 300))`;

const conversationSummary = sql<PageSummary>`json_build_object(
  'number', null, 'categories', coalesce(v.state->'draft'->'categories', '[]'::jsonb),
  'place', v.state->'draft'->'place'->'district'->>'name', 'target', v.state->'draft'->>'target',
  'time', v.state->'draft'->>'time', 'description', left(v.state->'draft'->'description'->>0, 300))`;

/**
 * Urgent registered cases and conversations asking for a person that have no first page yet.
 * Derived from the database every tick, so a restart or a missed tick loses nothing.
 */
export async function subjectsToPage(db: Kysely<Database>): Promise<PageSubject[]> {
  const { rows } = await sql<PageSubject>`
    select 'case:' || c.id as subject, c.id::text as "caseId", null as "conversationId", c.unit_id as "unitId",
      'urgent' as reason, ${caseSummary} as summary
    from cases c
    where c.urgent and c.status = 'registered' and c.unit_id is not null
      and not exists (select 1 from pages p where p.subject = 'case:' || c.id and p.level = 0)
    union all
    select 'conv:' || v.id || ':' || (extract(epoch from v.help_requested_at) * 1000)::bigint, null, v.id::text, v.help_unit,
      v.help_reason, ${conversationSummary}
    from conversations v
    where v.help_requested_at is not null and v.help_unit is not null
      and not exists (select 1 from pages p where p.subject = 'conv:' || v.id || ':' || (extract(epoch from v.help_requested_at) * 1000)::bigint and p.level = 0)`.execute(db);
  return rows;
}

/** What a page shows about one case; null when there is no such case. */
export async function caseSummaryOf(db: Kysely<Database>, caseId: string): Promise<PageSummary | null> {
  const { rows } = await sql<{ summary: PageSummary }>`select ${caseSummary} as summary from cases c where c.id = ${caseId}`.execute(db);
  return rows[0]?.summary ?? null;
}

/** Pages past their deadline, not acknowledged at any level, whose next level was not sent yet. */
export async function overduePages(db: Kysely<Database>, now: Date): Promise<OverduePage[]> {
  const { rows } = await sql<OverduePage>`
    select p.subject, p.case_id::text as "caseId", p.conversation_id::text as "conversationId", p.unit_id as "unitId",
      p.reason, p.level,
      coalesce(
        (select ${caseSummary} from cases c where c.id = p.case_id),
        (select ${conversationSummary} from conversations v where v.id = p.conversation_id)) as summary
    from pages p
    where p.acked_at is null and p.ack_due_at <= ${now}
      and not exists (select 1 from pages q where q.subject = p.subject and q.level = p.level + 1)
      and not exists (select 1 from pages q where q.subject = p.subject and q.acked_at is not null)
    order by p.id`.execute(db);
  return rows;
}

/** A page's message: its text, the action buttons it carries, and the staff group that also sees it. */
export interface PageMessage {
  text: string;
  choices: OutboundChoices;
  group: { channel: string; chatId: string } | null;
}

/**
 * Sends a page once: the page row and its message to the staff member's chat (and a copy to the
 * staff group, when there is one) are written by one statement, and (subject, level) is unique,
 * so two instances running the job page once. Resolves with whether this call sent it.
 */
export async function sendPage(db: Kysely<Database>, page: NewPage, message: PageMessage): Promise<boolean> {
  const { text, group } = message;
  const choices = JSON.stringify(message.choices);
  const { rows } = await sql<{ inserted: number }>`
    with p as (
      insert into pages (subject, case_id, conversation_id, unit_id, reason, level, staff_handle, sent_at, ack_due_at)
      values (${page.subject}, ${page.caseId}::bigint, ${page.conversationId}::bigint, ${page.unitId}, ${page.reason}, ${page.level},
        ${page.staffHandle}, ${page.sentAt}, ${page.ackDueAt})
      on conflict (subject, level) do nothing
      returning id
    ), o as (
      insert into outbox (channel, chat_id, reporter_id, in_reply_to, text, choices)
      select s.channel, s.chat_id, null, null, ${text}, ${choices}::jsonb from p join staff s on s.handle = ${page.staffHandle} and s.active
      ${group ? sql`union all select ${group.channel}, ${group.chatId}, null::bigint, null::bigint, ${text}, ${choices}::jsonb from p` : sql``}
      returning id
    )
    select (select count(*) from p)::int as inserted, (select count(*) from o)::int as queued`.execute(db);
  return (rows[0]?.inserted ?? 0) > 0;
}

/**
 * Acknowledges every open page about `ref` — a case number, or `#<conversation id>` for a
 * conversation's requests — and records it in the case's audit trail. Resolves with how many
 * pages were open.
 */
export async function ackPages(db: Kysely<Database>, ref: string, by: string, at: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with a as (
      update pages set acked_at = ${at}, acked_by = ${by}
      where acked_at is null and (
        case_id = (select id from cases where number = ${ref})
        or (${ref.startsWith('#')} and conversation_id = ${ref.startsWith('#') ? ref.slice(1) : null}::bigint))
      returning case_id
    ), e as (
      insert into case_events (case_id, at, actor, type, data)
      select distinct a.case_id, ${at}::timestamptz, ${`staff:${by}`}, 'acknowledged', '{}'::jsonb from a where a.case_id is not null
    )
    select count(*)::int as n from a`.execute(db);
  return rows[0]?.n ?? 0;
}

/** A page nobody has acknowledged, at its highest level so far, for the console's live list. */
export interface OpenPage extends NewPage {
  /** The case number, or `#<conversation id>`: what staff claim and reply to. */
  ref: string;
  summary: PageSummary;
}

/** Unacknowledged pages, one per subject at its latest level, oldest first; `unitId` null for every unit. */
export async function openPages(db: Kysely<Database>, unitId: string | null): Promise<OpenPage[]> {
  const { rows } = await sql<OpenPage & { number: string | null }>`
    select * from (
      select distinct on (p.subject) p.subject, k.number, p.case_id::text as "caseId", p.conversation_id::text as "conversationId",
        p.unit_id as "unitId", p.reason, p.level, p.staff_handle as "staffHandle", p.sent_at as "sentAt", p.ack_due_at as "ackDueAt",
        coalesce(
          (select ${caseSummary} from cases c where c.id = p.case_id),
          (select ${conversationSummary} from conversations v where v.id = p.conversation_id)) as summary
      from pages p
      left join cases k on k.id = p.case_id
      where p.acked_at is null
        and not exists (select 1 from pages q where q.subject = p.subject and q.acked_at is not null)
        and (${unitId}::text is null or p.unit_id = ${unitId})
      order by p.subject, p.level desc) x
    order by x."sentAt", x.subject`.execute(db);
  return rows.map((r) => ({ ...r, ref: r.number ?? `#${r.conversationId}`, sentAt: new Date(r.sentAt), ackDueAt: new Date(r.ackDueAt) }));
}
