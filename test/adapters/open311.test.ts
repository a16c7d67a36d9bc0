import type { FastifyInstance } from 'fastify';
import { webChatPorts } from '../../src/commands/web-ports.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOpen311 } from '../../adapters/web/open311.js';
import { buildWebChat } from '../../adapters/web/server.js';
import { CATEGORIES } from '../../src/cases/categories.js';
import { loadCaseRules } from '../../src/cases/rules.js';
import { applyAction, type LifecycleDeps } from '../../src/db/repo/lifecycle.js';
import { issueClientKey, revokeClientKeys } from '../../src/db/repo/open311.js';
import { Open311Service } from '../../src/open311/service.js';
import { loadRouting } from '../../src/routing/load.js';
import { loadEscalation } from '../../src/routing/escalation.js';
import { EscalationJob } from '../../src/notify/escalation-job.js';
import { RulesUnderstander } from '../../src/understanding/rules/understander.js';
import { buildCore, TestClock } from '../helpers/core.js';
import { createTestDb, DB_KIND, type TestDb } from '../helpers/db.js';

let db: TestDb;
let core: ReturnType<typeof buildCore>;
let app: FastifyInstance;
let base: string;
let key: string;
let revoked: string;
let lifecycle: LifecycleDeps;
const clock = new TestClock(new Date('2026-11-27T02:00:00Z'));

beforeAll(async () => {
  db = await createTestDb();
  core = buildCore(db, clock);
  const routing = loadRouting('config');
  lifecycle = { policy: loadCaseRules('config').clocks, calendar: routing.calendar, timeZone: 'Asia/Shanghai', units: routing.units };
  const open311 = new Open311Service({ db: db.db, register: (r) => core.engine.registerReport(r), understander: new RulesUnderstander(clock.read), lifecycle, clock: clock.read });
  app = buildWebChat(webChatPorts(core.engine, db.db), core.log);
  registerOpen311(app, open311);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  key = await issueClientKey(db.db, 'fixmystreet-cd', clock.now);
  revoked = await issueClientKey(db.db, 'old-app', clock.now);
  await revokeClientKeys(db.db, 'old-app', clock.now);
});
afterAll(async () => {
  await app?.close();
  await core?.worker.stop();
  await db?.close();
});

interface Answer {
  status: number;
  type: string;
  // Parsed JSON when the answer is JSON: each test asserts the shape it expects.
  body: any;
  text: string;
}

async function get(path: string): Promise<Answer> {
  const res = await fetch(`${base}/open311/v2/${path}`);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, body: type.includes('json') ? JSON.parse(text) : null, text };
}

/** Posts a form, as the spec's clients do (application/x-www-form-urlencoded). */
async function postForm(fields: Record<string, string>, path = 'requests.json'): Promise<Answer> {
  const res = await fetch(`${base}/open311/v2/${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, body: type.includes('json') ? JSON.parse(text) : null, text };
}

async function postRaw(body: string, contentType: string): Promise<Answer> {
  const res = await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: JSON.parse(text), text };
}

/** The spec's error shape: a list of `{code, description}`, every code the HTTP status. */
function expectErrors(a: Answer, status: number, mention?: string | RegExp): void {
  expect(a.status, a.text).toBe(status);
  expect(Array.isArray(a.body)).toBe(true);
  for (const e of a.body) expect(e).toEqual({ code: status, description: expect.any(String) });
  if (mention) expect(a.text).toMatch(mention);
}

// The spec's example request, in Chengdu: a citizen's plastics factory smoke complaint with everything personal a client sends.
const PERSONAL = {
  email: 'wang.xiaoming@example.com',
  first_name: '小明',
  last_name: '王',
  phone: '139-1234-5678',
  device_id: 'tt222111',
  account_id: 'acc-7788',
};
const EXAMPLE = {
  api_key: '',
  service_code: 'air',
  lat: '30.757123',
  long: '103.975456',
  address_string: '郫都区犀浦街道百草路88号3单元',
  description: '犀浦街道有家塑料厂每天晚上排黑烟，味道很刺鼻。我叫王小明，电话13912345678，就住在百草路88号。',
  media_url: 'https://photos.example.com/smoke.jpg',
  'attribute[target]': '犀浦塑料制品厂',
  'attribute[time]': '每天晚上十点以后',
  ...PERSONAL,
};
let exampleNumber = '';

describe(`Open311 GeoReport v2 over HTTP on ${DB_KIND}`, () => {
  it('opens a case from a form-encoded POST through the chat pipeline, routed to the district bureau', async () => {
    const res = await postForm({ ...EXAMPLE, api_key: key });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual([{ service_request_id: expect.stringMatching(/^HY-20261127-\d{4}$/), service_notice: expect.stringContaining('郫都生态环境局'), account_id: null }]);
    exampleNumber = res.body[0].service_request_id;

    const c = await db.db.selectFrom('cases').selectAll().where('number', '=', exampleNumber).executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      channel: 'open311',
      unit_id: 'cd-pidu-eeb',
      categories: ['air'],
      district_name: '郫都区',
      town: '犀浦街道',
      place_text: EXAMPLE.address_string,
      target: '犀浦塑料制品厂',
      time_text: '每天晚上十点以后',
      night: true,
      identity_mode: 'confidential',
      contact_name: '王小明',
      contact_phone: '13912345678',
      status: 'registered',
    });
    expect(c.lat).toBeCloseTo(30.757123, 6);
    expect(c.evidence).toEqual([{ kind: 'photo', ref: EXAMPLE.media_url }]);
    const events = await db.db.selectFrom('case_events').select(['type', 'data']).where('case_id', '=', c.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['registered', 'routed']);
    expect(events[0]!.data).toMatchObject({ channel: 'open311', client: 'fixmystreet-cd', number: exampleNumber });
    const reporter = await db.db.selectFrom('reporters').selectAll().where('id', '=', c.reporter_id).executeTakeFirstOrThrow();
    expect(reporter).toMatchObject({ channel: 'open311', identity_mode: 'confidential', contact_phone: '13912345678' });
    // The reporter is known by a hash, never by their account id or e-mail.
    expect(reporter.external_id).not.toContain('acc-7788');
    expect(reporter.external_id).not.toContain('example.com');
    expect(await db.db.selectFrom('case_reporters').select('role').where('case_id', '=', c.id).execute()).toEqual([{ role: 'reporter' }]);
    const note = await db.db.selectFrom('open311_requests').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(note).toMatchObject({ contact_email: PERSONAL.email, account_id: 'acc-7788', device_id: 'tt222111', joined: false });
  });

  it('reads the request back with public fields only: no reporter data, no raw words, the town at most', async () => {
    for (const path of [`requests/${exampleNumber}.json`, `requests.json?service_request_id=${exampleNumber}`]) {
      const res = await get(path);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toHaveLength(1);
      const r = res.body[0];
      expect(Object.keys(r).sort()).toEqual(
        ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'].sort(),
      );
      expect(r).toMatchObject({
        service_request_id: exampleNumber,
        status: 'open',
        service_code: 'air',
        service_name: '大气污染',
        address: '成都市郫都区犀浦街道',
        agency_responsible: expect.stringContaining('郫都生态环境局'),
        requested_datetime: '2026-11-27T10:00:00+08:00',
        expected_datetime: null,
        media_url: null,
        // Snapped to a town-sized grid, never the pin as sent.
        lat: 30.75,
        long: 104,
      });
      expect(r.description).toContain('大气污染');
      expect(r.description).toContain('犀浦街道');
      for (const secret of ['wang.xiaoming', '小明', '139', '5678', 'tt222111', 'acc-7788', '百草路', '88号', '3单元', '塑料制品厂', '每天晚上', 'photos.example.com', '30.757', '103.975']) {
        expect(res.text, secret).not.toContain(secret);
      }
    }
  });

  it('shows the answer deadline from the case clocks once accepted, and closed with the finding once answered', async () => {
    clock.advance(3_600_000);
    expect((await applyAction(db.db, exampleNumber, { kind: 'accept' }, 'staff:pidu', clock.now, lifecycle)).ok).toBe(true);
    let [r] = (await get(`requests/${exampleNumber}.json`)).body;
    // Accepted on 2026-11-27 (local): 60 days → the end of 2027-01-26.
    expect(r).toMatchObject({ status: 'open', status_notes: expect.stringContaining('已受理'), expected_datetime: '2027-01-26T23:59:59+08:00', updated_datetime: '2026-11-27T11:00:00+08:00' });
    clock.advance(3_600_000);
    expect((await applyAction(db.db, exampleNumber, { kind: 'answer', finding: 'partly_true', action: '已责令王小明举报的工厂整改' }, 'staff:pidu', clock.now, lifecycle)).ok).toBe(true);
    const res = await get(`requests/${exampleNumber}.json`);
    [r] = res.body;
    expect(r).toMatchObject({ status: 'closed', status_notes: '已办结答复：部分属实 / Answered: partly true', expected_datetime: null });
    // The unit's answer is written to the reporter; it is not published.
    expect(res.text).not.toContain('责令');
  });

  it('answers in the spec XML with the same public fields', async () => {
    const res = await get(`requests/${exampleNumber}.xml`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/xml');
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<service_requests><request><service_request_id>HY-/);
    expect(res.text).toContain('<status>closed</status>');
    expect(res.text).toContain('<address>成都市郫都区犀浦街道</address>');
    expect(res.text).toContain('<lat>30.75</lat><long>104</long>');
    expect(res.text).not.toContain('小明');
    const services = await get('services.xml');
    expect(services.text).toContain('<services><service><service_code>air</service_code><service_name>大气污染</service_name>');
    expect(services.text).toContain('<metadata>true</metadata><type>realtime</type>');
    const def = await get('services/noise.xml');
    expect(def.text).toMatch(/<service_definition><service_code>noise<\/service_code><attributes><attribute><variable>true<\/variable><code>subcategory<\/code>/);
    expect(def.text).toContain('<values><value><key>construction_noise</key><name>施工噪声 / construction noise</name></value>');
    const err = await get('services/nothing.xml');
    expect(err.status).toBe(404);
    expect(err.text).toMatch(/<errors><error><code>404<\/code><description>没有服务代码 nothing/);
    const posted = await postForm({ ...EXAMPLE, api_key: 'wrong' }, 'requests.xml');
    expect(posted.status).toBe(403);
    expect(posted.text).toContain('<errors><error><code>403</code>');
  });

  it('serves discovery and one service per complaint category', async () => {
    const d = await get('discovery.json');
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ changeset: expect.any(String), endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${base}/open311/v2/`, type: 'production', formats: ['application/json', 'text/xml'] }] });
    expect((await get('discovery.xml')).text).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');

    const s = await get('services.json');
    expect(s.body.map((x: { service_code: string }) => x.service_code)).toEqual([...CATEGORIES]);
    for (const x of s.body) expect(x).toMatchObject({ metadata: true, type: 'realtime', service_name: expect.stringMatching(/\p{Script=Han}/u), description: expect.any(String), keywords: expect.any(String), group: expect.any(String) });
    expect(s.body[0].description).toMatch(/^Air pollution\. 包括：异味/);

    const air = (await get('services/air.json')).body;
    expect(air.service_code).toBe('air');
    expect(air.attributes.map((a: { code: string }) => a.code)).toEqual(['subcategory', 'target', 'time', 'observed_at', 'demand', 'identity']);
    expect(air.attributes.map((a: { order: number }) => a.order)).toEqual([1, 2, 3, 4, 5, 6]);
    const sub = air.attributes[0];
    expect(sub).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: false });
    expect(sub.values.map((v: { key: string }) => v.key)).toEqual(['odour', 'industrial_gas', 'dust', 'cooking_fumes', 'burning', 'vehicle_exhaust']);
    expect(air.attributes.find((a: { code: string }) => a.code === 'identity').values.map((v: { key: string }) => v.key)).toEqual(['anonymous', 'confidential', 'real_name']);
    expect(air.attributes.find((a: { code: string }) => a.code === 'observed_at').datatype).toBe('datetime');
    expect(air.attributes.find((a: { code: string }) => a.code === 'demand').datatype).toBe('text');
    // Soil has no subcategories: no empty list is offered.
    expect((await get('services/soil.json')).body.attributes[0].code).toBe('target');
    expectErrors(await get('services/parking.json'), 404, 'parking');
    expectErrors(await get('services.csv'), 400, '.json');
    expectErrors(await get('nowhere.json'), 404);
  });

  it('refuses a missing, wrong or revoked api_key with 403 before anything else', async () => {
    const { api_key: _unused, ...noKey } = EXAMPLE;
    expectErrors(await postForm(noKey), 403, 'api_key');
    expectErrors(await postForm({ ...EXAMPLE, api_key: 'o311_' + 'A'.repeat(43) }), 403);
    expectErrors(await postForm({ ...EXAMPLE, api_key: revoked }), 403);
    // A bad request with a bad key is refused for the key.
    expectErrors(await postForm({ api_key: 'nope', service_code: 'nothing' }), 403);
  });

  it('refuses bad fields with 400 naming the field', async () => {
    const ok = { ...EXAMPLE, api_key: key };
    expectErrors(await postForm({ ...ok, service_code: 'parking' }), 400, 'service_code');
    expectErrors(await postForm({ ...ok, lat: 'abc' }), 400, 'lat');
    expectErrors(await postForm({ ...ok, lat: '91' }), 400, 'lat');
    expectErrors(await postForm({ ...ok, long: '181' }), 400, 'long');
    expectErrors(await postForm({ ...ok, lat: '0', long: '0' }), 400, 'lat/long');
    const { long: _l, ...noLong } = ok;
    expectErrors(await postForm(noLong), 400, 'lat/long');
    const { description: _d, ...noDescription } = ok;
    expectErrors(await postForm(noDescription), 400, 'description');
    expectErrors(await postForm({ ...ok, description: '   ' }), 400, 'description');
    expectErrors(await postForm({ ...ok, description: '烟'.repeat(4001) }), 400, 'description');
    const { lat: _a, long: _b, address_string: _c, ...nowhere } = ok;
    expectErrors(await postForm({ ...nowhere, description: '有家工厂排黑烟' }), 400, 'address_string');
    expectErrors(await postForm({ ...nowhere, address_string: '太平镇', description: '有家工厂排黑烟' }), 400, /歧义.*古蔺县/);
    expectErrors(await postForm({ ...ok, address_string: '温江区万春镇' }), 400, /不一致.*温江区.*郫都区/);
    expectErrors(await postForm({ ...ok, phone: '12345' }), 400, 'phone');
    expectErrors(await postForm({ ...ok, email: 'not-an-email' }), 400, 'email');
    expectErrors(await postForm({ ...ok, media_url: 'javascript:alert(1)' }), 400, 'media_url');
    expectErrors(await postForm({ ...ok, 'attribute[colour]': 'black' }), 400, 'attribute[colour]');
    expectErrors(await postForm({ ...ok, 'attribute[subcategory]': 'construction_noise' }), 400, 'attribute[subcategory]');
    expectErrors(await postForm({ ...ok, 'attribute[observed_at]': 'last night' }), 400, 'attribute[observed_at]');
    const { first_name: _f, last_name: _n, ...noName } = ok;
    expectErrors(await postForm({ ...noName, 'attribute[identity]': 'real_name' }), 400, 'first_name/last_name');
    const { email: _e, phone: _p, ...noContact } = ok;
    expectErrors(await postForm({ ...noContact, 'attribute[identity]': 'confidential' }), 400, 'phone or email');
    expectErrors(await postRaw('{not json', 'application/json'), 400);
    expectErrors(await postRaw('api_key=x', 'text/plain'), 415, 'application/x-www-form-urlencoded');
    // Nothing was opened by any of them.
    expect((await db.db.selectFrom('cases').select('number').execute()).map((c) => c.number)).toEqual([exampleNumber]);
  });

  it('answers 404 for an unknown request and 400 for a bad date range', async () => {
    expectErrors(await get('requests/HY-20991231-0001.json'), 404, 'HY-20991231-0001');
    expectErrors(await get('requests/nonsense.json'), 404);
    expectErrors(await get('requests.json?service_request_id=DROP%20TABLE'), 400, 'service_request_id');
    expectErrors(await get('requests.json?start_date=2026-12-01T00:00:00Z&end_date=2026-11-01T00:00:00Z'), 400, 'start_date');
    expectErrors(await get('requests.json?start_date=yesterday'), 400, 'start_date');
    expectErrors(await get('requests.json?status=pending'), 400, 'status');
    expectErrors(await get('requests.json?service_code=parking'), 400, 'service_code');
  });

  it('accepts a JSON body, keeps nothing of an anonymous reporter, and pages nothing for a calm report', async () => {
    const res = await postRaw(
      JSON.stringify({ api_key: key, service_code: 'water', lat: 30.69, long: 103.85, description: '江安河边有个养猪场把粪水直接排进河里，河水发黑发臭', email: 'anon@example.com', first_name: 'Anon', attribute: { identity: 'anonymous', subcategory: 'livestock' } }),
      'application/json',
    );
    expect(res.status, res.text).toBe(200);
    const number = res.body[0].service_request_id;
    const c = await db.db.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ unit_id: 'cd-wenjiang-eeb', subcategory: 'livestock', identity_mode: 'anonymous', contact_name: null, contact_phone: null, urgent: false });
    const note = await db.db.selectFrom('open311_requests').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(note.contact_email).toBeNull();
    const reporter = await db.db.selectFrom('reporters').selectAll().where('id', '=', c.reporter_id).executeTakeFirstOrThrow();
    expect(reporter).toMatchObject({ identity_mode: null, contact_name: null, contact_phone: null });
  });

  it('pages the duty chain for an urgent report, as the escalation job does for chat', async () => {
    const res = await postForm({ api_key: key, service_code: 'water', address_string: '成都市新都区大丰街道', description: '现在有工厂正在往毗河里排大量废水，河里死鱼了' });
    expect(res.status, res.text).toBe(200);
    expect(res.body[0].service_notice).toContain('已通知值班人员');
    const c = await db.db.selectFrom('cases').select(['id', 'urgent', 'unit_id']).where('number', '=', res.body[0].service_request_id).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ urgent: true, unit_id: 'cd-xindu-eeb' });
    const routing = loadRouting('config');
    const job = new EscalationJob({ db: db.db, routing, policy: loadEscalation('config/escalation.yaml'), clock: clock.read, timeZone: 'Asia/Shanghai', log: core.log });
    expect((await job.tick()).paged).toBe(1);
    expect(await db.db.selectFrom('pages').select(['subject', 'reason', 'level']).where('case_id', '=', c.id).execute()).toEqual([{ subject: `case:${c.id}`, reason: 'urgent', level: 0 }]);
  });

  it('joins a repeat of an open case instead of opening a second one', async () => {
    const first = await postForm({ api_key: key, service_code: 'noise', lat: '30.6601', long: '104.0601', description: '青羊区这个工地晚上施工噪音很大', email: 'a@example.com' });
    const again = await postForm({ api_key: key, service_code: 'noise', lat: '30.6605', long: '104.0603', description: '工地夜里还在打桩，吵得睡不着', email: 'b@example.com' });
    expect(first.status, first.text).toBe(200);
    expect(again.status, again.text).toBe(200);
    const number = first.body[0].service_request_id;
    expect(again.body[0]).toEqual({ service_request_id: number, service_notice: expect.stringContaining(`（${number}）`), account_id: null });
    const c = await db.db.selectFrom('cases').select(['id', 'unit_id']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(c.unit_id).toBe('cd-housing');
    expect((await db.db.selectFrom('case_reporters').select('role').where('case_id', '=', c.id).orderBy('role', 'desc').execute()).map((r) => r.role)).toEqual(['reporter', 'joined']);
    const notes = await db.db.selectFrom('open311_requests').select(['joined', 'contact_email']).where('case_id', '=', c.id).orderBy('id').execute();
    expect(notes).toEqual([
      { joined: false, contact_email: 'a@example.com' },
      { joined: true, contact_email: 'b@example.com' },
    ]);
  });

  it('filters requests by date, service and status; 90 days back by default', async () => {
    clock.advance(10 * 86_400_000);
    const late = (await postForm({ api_key: key, service_code: 'solid_waste', address_string: '成都市都江堰市幸福街道', description: '河边有人倾倒建筑垃圾' })).body[0].service_request_id;
    const all = (await get('requests.json')).body.map((r: { service_request_id: string }) => r.service_request_id);
    expect(all[0]).toBe(late);
    expect(all).toContain(exampleNumber);
    expect(all).toHaveLength(5);
    const since = (await get('requests.json?start_date=2026-12-01T00:00:00%2B08:00')).body.map((r: { service_request_id: string }) => r.service_request_id);
    expect(since).toEqual([late]);
    const until = (await get('requests.json?end_date=2026-11-28T00:00:00Z')).body.map((r: { service_request_id: string }) => r.service_request_id);
    expect(until).not.toContain(late);
    expect(until).toHaveLength(4);
    expect((await get('requests.json?service_code=air')).body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([exampleNumber]);
    expect((await get('requests.json?status=closed')).body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([exampleNumber]);
    expect((await get('requests.json?status=open,closed')).body).toHaveLength(5);
    expect((await get('requests.json?status=open')).body).toHaveLength(4);
    // A list of numbers overrides every other filter, as the spec says.
    expect((await get(`requests.json?service_request_id=${late},${exampleNumber}&service_code=noise`)).body).toHaveLength(2);
    clock.advance(100 * 86_400_000);
    expect((await get('requests.json')).body).toEqual([]);
  });

  it('leaves the rest of the server alone: form bodies are read only under /open311/v2', async () => {
    const res = await fetch(`${base}/api/chat/messages`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hello' });
    expect(res.status).toBe(415);
  });
});
