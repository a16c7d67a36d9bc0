import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LifecycleDeps } from '../db/repo/lifecycle.js';
import { clientByKey, publicCases, recordSubmission, type Open311Client } from '../db/repo/open311.js';
import { eventsOf } from '../db/repo/staff-cases.js';
import type { Database } from '../db/schema.js';
import type { DirectReport, Registered } from '../intake/engine.js';
import type { Understander } from '../understanding/facts.js';
import { answer, refuse, type Open311Answer } from './answer.js';
import { draftFromRequest } from './draft.js';
import { publicRequest, statusesOf } from './public.js';
import { isFormat, renderAnswer, type Open311Response } from './render.js';
import { checkAttributes, gatherAttributes, invalid, listQuery, postBody } from './request.js';
import { discovery, isServiceCode, serviceDefinition, serviceList } from './services.js';
import { bilingual, ERRORS, NOTICES } from './text.js';

/** The channel name Open311 reports carry on reporters and cases. */
const OPEN311_CHANNEL = 'open311';

/** The spec's default window and cap for `requests.json`. */
const DEFAULT_DAYS = 90;
const MAX_REQUESTS = 1_000;

/** What the Open311 API needs from the core. */
export interface Open311Deps {
  db: Kysely<Database>;
  /** Registers a complete report the way chat reports are registered. */
  register(report: DirectReport): Promise<Registered>;
  /** The chat's own understanding: the same rules read an API description as a chat message. */
  understander: Understander;
  lifecycle: LifecycleDeps;
  clock(): Date;
}

/** Failures the HTTP layer meets before a use case runs. */
export type TransportFailure = 'not_found' | 'media_type' | 'bad_body' | 'internal';

/**
 * The Open311 GeoReport v2 use cases, free of HTTP: discovery, services and their definitions,
 * public reads of requests, and posting a request through the chat's intake. Every answer comes
 * back written in the format the URL asked for (`json` or `xml`), errors in the spec's shape.
 */
export class Open311Service {
  constructor(private readonly deps: Open311Deps) {}

  /** `GET discovery.{format}`; `baseUrl` is where this API is reached. */
  discovery(format: string, baseUrl: string): Promise<Open311Response> {
    return this.respond(format, async () => answer('discovery', discovery(baseUrl)));
  }

  /** `GET services.{format}`. */
  services(format: string): Promise<Open311Response> {
    return this.respond(format, async () => answer('services', serviceList()));
  }

  /** `GET services/{code}.{format}`. */
  service(code: string, format: string): Promise<Open311Response> {
    return this.respond(format, async () => (isServiceCode(code) ? answer('service_definition', serviceDefinition(code)) : refuse(404, ERRORS.no_service(code))));
  }

  /** `GET requests.{format}`: the spec's filters, 90 days back by default, at most 1,000, newest first. */
  requests(query: unknown, format: string): Promise<Open311Response> {
    return this.respond(format, async () => {
      const q = listQuery.safeParse(query);
      if (!q.success) return invalid(q.error.issues);
      const now = this.deps.clock();
      const to = q.data.end_date ? new Date(q.data.end_date) : now;
      const from = q.data.start_date ? new Date(q.data.start_date) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
      if (from > to) return refuse(400, ERRORS.date_range);
      const rows = await publicCases(this.deps.db, {
        numbers: q.data.service_request_id,
        category: q.data.service_code,
        from,
        to,
        statuses: q.data.status && statusesOf(q.data.status),
        limit: MAX_REQUESTS,
      });
      return answer('service_requests', await this.publish(rows, now));
    });
  }

  /** `GET requests/{id}.{format}`: one request, as a list of one (the spec's shape). */
  request(id: string, format: string): Promise<Open311Response> {
    return this.respond(format, async () => {
      const q = listQuery.safeParse({ service_request_id: id });
      const rows = q.success && q.data.service_request_id?.length === 1 ? await publicCases(this.deps.db, { numbers: q.data.service_request_id, from: new Date(0), to: new Date(0), limit: 1 }) : [];
      if (rows.length === 0) return refuse(404, ERRORS.no_request(id));
      return answer('service_requests', await this.publish(rows, this.deps.clock()));
    });
  }

  /**
   * `POST requests.{format}`: the key first (403), then the fields (400), then the report through
   * the chat's understanding, slots and intake. Synchronous: the answer carries the case number.
   */
  post(body: unknown, format: string): Promise<Open311Response> {
    return this.respond(format, async () => {
      const fields = gatherAttributes(body);
      const key = fields?.api_key;
      const client = typeof key === 'string' ? await clientByKey(this.deps.db, key, this.deps.clock()) : null;
      if (!client) return refuse(403, ERRORS.api_key);
      const parsed = postBody.safeParse(fields);
      if (!parsed.success) return invalid(parsed.error.issues);
      const b = parsed.data;
      if (!isServiceCode(b.service_code)) return refuse(400, ERRORS.invalid('service_code', ERRORS.no_service(b.service_code).en));
      if ((b.lat === undefined) !== (b.long === undefined)) return refuse(400, ERRORS.lat_long_pair);
      if (b.lat === undefined && !b.address_string) return refuse(400, ERRORS.location_required);
      const attrs = checkAttributes(b.service_code, b.attribute);
      if (!attrs.ok) return attrs.answer;
      const facts = {
        description: await this.deps.understander.understand(b.description),
        time: attrs.values.time ? await this.deps.understander.understand(attrs.values.time) : null,
      };
      const now = this.deps.clock();
      const built = draftFromRequest(b, b.service_code, attrs.values, facts, now, this.deps.lifecycle.timeZone);
      if (!built.ok) return built.answer;
      const registered = await this.deps.register({
        channel: OPEN311_CHANNEL,
        reporterKey: reporterKey(client, built.draft.identity === 'anonymous' ? null : (b.account_id ?? built.email ?? b.device_id ?? null)),
        draft: built.draft,
        lang: built.lang,
        source: { client: client.name },
        record: (tx, r) => recordSubmission(tx, { caseNumber: r.number, clientId: client.id, joined: r.joined, email: built.email, accountId: b.account_id ?? null, deviceId: b.device_id ?? null, at: now }),
      });
      const unit = registered.unit && { zh: registered.unit.name, en: registered.unit.name_en ?? registered.unit.name };
      const notice = registered.joined ? NOTICES.joined(registered.number) : NOTICES.opened(unit, this.deps.lifecycle.policy.acceptDays, registered.urgent);
      return answer('service_requests', [{ service_request_id: registered.number, service_notice: bilingual(notice), account_id: null }]);
    });
  }

  /** An error the HTTP layer met (unknown path, unreadable body), in the spec's shape and the asked format. */
  failure(kind: TransportFailure, format: string, detail = ''): Open311Response {
    const [status, reason] =
      kind === 'not_found' ? [404, ERRORS.no_endpoint] : kind === 'media_type' ? [415, ERRORS.media_type] : kind === 'bad_body' ? [400, ERRORS.body(detail)] : [500, ERRORS.internal];
    // An error about a URL whose format is not one we serve is written as JSON.
    return renderAnswer(refuse(status, reason), isFormat(format) ? format : 'json');
  }

  /** Public views of cases, each with its events for the clocks and the last update. */
  private async publish(rows: Awaited<ReturnType<typeof publicCases>>, now: Date) {
    const events = await eventsOf(this.deps.db, rows.map((r) => r.id));
    const ctx = { units: this.deps.lifecycle.units, clocks: this.deps.lifecycle, now };
    return rows.map((r) => publicRequest(r, events.get(r.id) ?? [], ctx));
  }

  private async respond(format: string, run: () => Promise<Open311Answer>): Promise<Open311Response> {
    return isFormat(format) ? renderAnswer(await run(), format) : renderAnswer(refuse(400, ERRORS.format), 'json');
  }
}

/**
 * Who reported, as a reporter row's external id: the same person posting again through the same
 * client is one reporter (so a second report of one problem counts as a repeat, not a new
 * follower), known by a hash of the client and their account, e-mail or device, never the text
 * itself. An anonymous report, or one with nothing to know them by, is a reporter of its own.
 */
function reporterKey(client: Open311Client, who: string | null): string {
  if (who === null) return `${client.id}:${randomUUID()}`;
  return `${client.id}:${createHash('sha256').update(`${client.id}\n${who.toLowerCase()}`).digest('base64url')}`;
}
