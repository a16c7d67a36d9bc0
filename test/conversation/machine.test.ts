import { describe, expect, it } from 'vitest';
import { step } from '../../src/conversation/machine.js';
import { render } from '../../src/i18n/render.js';
import { initialState, type ConversationState } from '../../src/conversation/state.js';
import type { TurnInput } from '../../src/conversation/turn.js';
import type { District } from '../../src/places/types.js';
import { emptyFacts, type Facts } from '../../src/understanding/facts.js';

// Hand-built facts isolate the state machine from the extractor: every transition is tested here
// with exactly the facts it reacts to.
const PIDU: District = { code: '510117', name: '郫都区', city: '成都市', province: '四川省' };
const WENJIANG: District = { code: '510115', name: '温江区', city: '成都市', province: '四川省' };
const WUHOU: District = { code: '510107', name: '武侯区', city: '成都市', province: '四川省' };
const DUJIANGYAN: District = { code: '510181', name: '都江堰市', city: '成都市', province: '四川省' };
const OPTS = { resumeAfterMs: 12 * 3_600_000 };
const T0 = new Date('2026-11-27T14:00:00Z');

function facts(over: Partial<Facts> = {}): Facts {
  return { ...emptyFacts('zh'), ...over };
}
function place(district: District | null, extra: Partial<Facts['place']> = {}): Facts['place'] {
  return { ...emptyFacts('zh').place, district, mention: district?.name ?? null, confidence: district ? 1 : 0, ...extra };
}
function text(t: string, over: Partial<Facts> = {}): TurnInput {
  return { kind: 'text', text: t, facts: facts(over) };
}
function keys(effects: ReturnType<typeof step>['effects']): string[] {
  return effects.map((e) => (e.type === 'reply' ? e.reply.key : e.type));
}
/** Runs inputs one after another, a minute apart. */
function run(inputs: TurnInput[], from: ConversationState = initialState()) {
  let state = from;
  const all: string[][] = [];
  let effects: ReturnType<typeof step>['effects'] = [];
  inputs.forEach((input, i) => {
    const r = step(state, input, new Date(T0.getTime() + i * 60_000), OPTS);
    state = r.state;
    effects = r.effects;
    all.push(keys(r.effects));
  });
  return { state, effects, all, last: all[all.length - 1] ?? [] };
}

const RICH = text('郫都区犀浦街道有家塑料厂每天晚上排黑烟', {
  categories: ['air'],
  subcategory: 'industrial_gas',
  place: place(PIDU, { mention: '郫都区犀浦街道' }),
  target: '塑料厂',
  timeText: '每天晚上',
  night: true,
});

describe('idle', () => {
  it('greets a greeting, answers a question, thanks, and admits not understanding', () => {
    expect(run([text('在吗', { intents: ['greeting'] })]).last).toEqual(['welcome']);
    expect(run([text('受理哪些问题？', { intents: ['question'] })]).last).toEqual(['faq']);
    expect(run([text('谢谢', { intents: ['thanks'] })]).last).toEqual(['thanks_reply']);
    const r = run([text('😀😀')]);
    expect(r.last).toEqual(['not_understood']);
    expect(r.state.phase).toBe('idle');
  });

  it('starts a report from a rich first message and asks only what is missing', () => {
    const r = run([RICH]);
    expect(r.state.phase).toBe('collecting');
    expect(r.last).toEqual(['noted', 'ask_evidence']);
    expect(r.state.awaiting).toBe('evidence');
    const d = r.state.draft!;
    expect(d.categories).toEqual(['air']);
    expect(d.place.district).toEqual(PIDU);
    expect(d.target).toBe('塑料厂');
    expect(d.time).toBe('每天晚上');
    expect(d.night).toBe(true);
    expect(d.description).toEqual([RICH.text]);
  });

  it('starts a report on report words alone and asks what happened', () => {
    const r = run([text('我要举报')]);
    expect(r.state.phase).toBe('collecting');
    expect(r.last).toEqual(['ask_category']);
  });

  it('starts a report from a photo or a pin', () => {
    const photo = run([{ kind: 'media', text: '', facts: facts(), media: [{ kind: 'photo', ref: 'f1' }] }]);
    expect(photo.state.draft?.evidence).toHaveLength(1);
    expect(photo.last).toEqual(['evidence_received', 'ask_category']);
    const pin = run([{ kind: 'location', text: '', facts: facts(), pin: { lat: 30.7, lng: 103.9, datum: 'wgs84' }, pinPlace: { status: 'inside', district: PIDU, nearBorder: [] } }]);
    expect(pin.state.draft?.place).toMatchObject({ pin: { lat: 30.7, lng: 103.9, datum: 'wgs84' }, district: PIDU });
    expect(pin.last).toEqual(['noted', 'ask_category']);
  });
});

describe('collecting, one question at a time', () => {
  it('walks every slot to the summary, then opens the case on yes', () => {
    const r = run([
      text('有股很臭的味道', { categories: ['air'], subcategory: 'odour' }),
      text('温江区', { place: place(WENJIANG) }),
      text('一家橡胶厂'),
      text('每天下午'),
      text('没有', { intents: ['unknown_answer'] }),
      text('希望尽快处理'),
      text('2', { choice: 2 }),
      text('13800138000', { phone: '13800138000' }),
      text('1', { choice: 1 }),
    ]);
    expect(r.all).toEqual([
      ['noted', 'ask_place'],
      ['place_confirmed', 'ask_target'],
      ['ask_time'],
      ['ask_evidence'],
      ['ask_demand'],
      ['ask_identity'],
      ['ask_contact'],
      ['confirm_summary'],
      ['open_case'],
    ]);
    const open = r.effects.find((e) => e.type === 'open_case');
    expect(open?.type === 'open_case' && open.draft).toMatchObject({
      categories: ['air'],
      target: '一家橡胶厂',
      time: '每天下午',
      demand: '希望尽快处理',
      identity: 'confidential',
      contactPhone: '13800138000',
      skipped: ['evidence'],
    });
    expect(r.state).toMatchObject({ phase: 'idle', draft: null });
  });

  it('re-asks when an answer is unusable, without losing the draft', () => {
    const r = run([RICH, text('没有', { intents: ['unknown_answer'] }), text('好', { intents: ['affirm'] })]);
    expect(r.last).toEqual(['ask_demand']);
    const cat = run([text('我要举报'), text('嗯嗯')]);
    expect(cat.last).toEqual(['ask_category_again']);
    expect(cat.state.awaiting).toBe('category');
  });

  it('takes a numbered category', () => {
    const r = run([text('我要举报'), text('3', { choice: 3 })]);
    expect(r.state.draft?.categories).toEqual(['noise']);
    expect(r.last).toEqual(['ask_place']);
  });

  it('rejects a bad phone and a bad identity choice', () => {
    const base = [RICH, text('没有', { intents: ['unknown_answer'] }), text('没有', { intents: ['unknown_answer'] })];
    expect(run([...base, text('9', { choice: 9 })]).last).toEqual(['ask_identity_again']);
    expect(run([...base, text('3', { choice: 3 }), text('张三 12345', { phone: '12345' })]).last).toEqual(['invalid_phone']);
  });

  it('asks a real-name reporter for the name after the phone', () => {
    const base = [RICH, text('没有', { intents: ['unknown_answer'] }), text('没有', { intents: ['unknown_answer'] }), text('3', { choice: 3 })];
    const r = run([...base, text('13800138000', { phone: '13800138000' }), text('张三')]);
    expect(r.all.slice(-2)).toEqual([['ask_contact_name'], ['confirm_summary']]);
    expect(r.state.draft).toMatchObject({ contactName: '张三', contactPhone: '13800138000', identity: 'real_name' });
  });

  it('accepts several photos and a skip', () => {
    const photo = (ref: string): TurnInput => ({ kind: 'media', text: '', facts: facts(), media: [{ kind: 'photo', ref }] });
    const r = run([RICH, photo('a'), photo('b')]);
    expect(r.state.draft?.evidence.map((e) => e.ref)).toEqual(['a', 'b']);
    expect(r.last).toEqual(['evidence_received', 'ask_demand']);
  });

  it('flags a long message and keeps the start of it', () => {
    const long = '噪音'.repeat(3000);
    const r = run([text(long, { categories: ['noise'] })]);
    expect(r.last[0]).toBe('long_message_cut');
    expect(r.state.draft?.description[0]).toHaveLength(2000);
  });
});

describe('places that need a follow-up', () => {
  const ambiguous = text('太平镇有个造纸厂往河里排污水', {
    categories: ['water'],
    target: '造纸厂',
    place: place(null, { ambiguous: [WUHOU, DUJIANGYAN], mention: '石羊' }),
  });

  it('asks with numbered candidates instead of guessing, and takes the pick', () => {
    const r = run([ambiguous]);
    expect(r.last).toEqual(['place_ambiguous']);
    expect(r.state.draft?.place.district).toBeNull();
    expect(r.state.candidates).toEqual([WUHOU, DUJIANGYAN]);
    const picked = run([ambiguous, text('2', { choice: 2 })]);
    expect(picked.state.draft?.place.district).toEqual(DUJIANGYAN);
    expect(picked.state.candidates).toEqual([]);
    expect(picked.last).toEqual(['place_confirmed', 'ask_time']);
  });

  it('takes a district named in answer, and re-asks on an out-of-range pick', () => {
    expect(run([ambiguous, text('武侯区', { place: place(WUHOU) })]).state.draft?.place.district).toEqual(WUHOU);
    const bad = run([ambiguous, text('7', { choice: 7 })]);
    expect(bad.last).toEqual(['place_ambiguous']);
    expect(bad.state.draft?.place.district).toBeNull();
  });

  it('confirms a single weak candidate with a plain yes', () => {
    const weak = text('锦江有人排污水', { categories: ['water'], place: place(null, { ambiguous: [WENJIANG], mention: '锦江' }) });
    const r = run([weak, text('是的', { intents: ['affirm'] })]);
    expect(r.state.draft?.place.district).toEqual(WENJIANG);
    expect(r.last[0]).toBe('place_confirmed');
    expect(render({ key: 'place_ambiguous', params: { candidates: [WENJIANG], mention: '锦江' } }, 'zh')).toMatch(/是指成都市温江区吗/);
  });

  it('says when a place does not exist', () => {
    const r = run([text('火星镇有个工厂排废气', { categories: ['air'], place: place(null, { unknown: '火星镇' }) })]);
    expect(r.last).toEqual(['place_unknown']);
    expect(r.state.awaiting).toBe('place');
  });
});

describe('pins', () => {
  const JINJIANG: District = { code: '510104', name: '锦江区', city: '成都市', province: '四川省' };
  const QINGYANG: District = { code: '510105', name: '青羊区', city: '成都市', province: '四川省' };
  const pin = (pinPlace: TurnInput['pinPlace']): TurnInput => ({ kind: 'location', text: '', facts: facts(), pin: { lat: 30.66, lng: 104.07, datum: 'wgs84' }, pinPlace });
  const noPlace = text('有个工厂排黑烟，是一家塑料厂', { categories: ['air'], target: '塑料厂' });

  it('takes the county of a clear pin', () => {
    const r = run([noPlace, pin({ status: 'inside', district: JINJIANG, nearBorder: [] })]);
    expect(r.state.draft?.place.district).toEqual(JINJIANG);
    expect(r.last).toEqual(['place_confirmed', 'ask_time']);
  });

  it('asks near a border, and takes the pick', () => {
    const r = run([noPlace, pin({ status: 'inside', district: JINJIANG, nearBorder: [QINGYANG] })]);
    expect(r.last).toEqual(['pin_border']);
    expect(r.state.candidates).toEqual([JINJIANG, QINGYANG]);
    expect(r.state.draft?.place.district).toBeNull();
    const picked = run([noPlace, pin({ status: 'inside', district: JINJIANG, nearBorder: [QINGYANG] }), text('2', { choice: 2 })]);
    expect(picked.state.draft?.place.district).toEqual(QINGYANG);
  });

  it('asks when the pin and the words disagree, and keeps the words when they agree', () => {
    const r = run([RICH, pin({ status: 'inside', district: JINJIANG, nearBorder: [] })]);
    expect(r.last).toEqual(['pin_disagrees']);
    expect(r.state.candidates).toEqual([PIDU, JINJIANG]);
    const agree = run([RICH, pin({ status: 'inside', district: JINJIANG, nearBorder: [PIDU] })]);
    expect(agree.state.draft?.place.district).toEqual(PIDU);
    expect(agree.last).toEqual(['ask_evidence']);
  });

  it('says so for a pin outside Sichuan and carries on to triage', () => {
    const r = run([noPlace, pin({ status: 'outside' })]);
    expect(r.last).toEqual(['pin_outside', 'place_confirmed', 'ask_time']);
    expect(r.state.draft?.place).toMatchObject({ district: null, outside: true });
  });

  it('asks in words for a junk pin', () => {
    const r = run([noPlace, pin({ status: 'invalid' })]);
    expect(r.last).toEqual(['pin_invalid']);
    expect(r.state.draft?.place.pin).toBeNull();
    expect(r.state.awaiting).toBe('place');
  });
});

describe('corrections', () => {
  it('replaces a filled slot when the reporter corrects it mid-way', () => {
    const r = run([RICH, text('不对，是温江区', { correction: true, intents: ['deny'], place: place(WENJIANG) })]);
    expect(r.state.draft?.place.district).toEqual(WENJIANG);
    expect(r.last).toEqual(['correction_applied', 'ask_evidence']);
  });

  it('does not overwrite a filled slot with a passing mention that is not a correction', () => {
    const r = run([RICH, text('温江区那边也有', { place: place(WENJIANG) })]);
    expect(r.state.draft?.place.district).toEqual(PIDU);
  });

  const toSummary = [RICH, text('没有', { intents: ['unknown_answer'] }), text('没有', { intents: ['unknown_answer'] }), text('1', { choice: 1 })];

  it('corrects at the summary and shows it again', () => {
    const r = run([...toSummary, text('不对，是温江区', { correction: true, intents: ['deny'], place: place(WENJIANG) })]);
    expect(r.all[3]).toEqual(['confirm_summary']);
    expect(r.last).toEqual(['correction_applied', 'confirm_summary']);
    expect(r.state.draft?.place.district).toEqual(WENJIANG);
  });

  it('asks which field on a bare no, clears it, and asks it again', () => {
    const r = run([...toSummary, text('2', { choice: 2 }), text('3', { choice: 3 })]);
    expect(r.all.slice(-2)).toEqual([['which_field'], ['ask_target']]);
    expect(r.state.draft?.target).toBeNull();
    const back = run([...toSummary, text('2', { choice: 2 }), text('3', { choice: 3 }), text('一家喷漆厂')]);
    expect(back.last).toEqual(['confirm_summary']);
    expect(back.state.draft?.target).toBe('一家喷漆厂');
  });

  it('keeps asking at the summary on anything else', () => {
    expect(run([...toSummary, text('嗯？')]).last).toEqual(['confirm_again']);
  });
});

describe('interruptions', () => {
  it('cancels a draft, and says so when there is none', () => {
    const r = run([RICH, text('取消', { intents: ['cancel'] })]);
    expect(r.last).toEqual(['cancelled']);
    expect(r.state).toMatchObject({ phase: 'idle', draft: null });
    expect(run([text('取消', { intents: ['cancel'] })]).last).toEqual(['nothing_to_cancel']);
  });

  it('restarts with an empty draft', () => {
    const r = run([RICH, text('重新开始', { intents: ['restart'] })]);
    expect(r.last).toEqual(['restarted', 'ask_category']);
    expect(r.state.draft?.categories).toEqual([]);
  });

  it('answers help, human and status in the middle without losing the draft', () => {
    for (const [intent, key] of [['help', 'help'], ['status', 'status_query']] as const) {
      const r = run([RICH, text('?', { intents: [intent] })]);
      expect(r.last).toEqual([key, 'ask_evidence']);
      expect(r.state.draft?.target).toBe('塑料厂');
    }
  });

  it('carries the case number of a status question', () => {
    const r = step(initialState(), text('HY-20261127-0001 怎么样了', { intents: ['status'], caseNumber: 'HY-20261127-0001' }), T0, OPTS);
    expect(r.effects).toEqual([{ type: 'status_query', caseNumber: 'HY-20261127-0001' }]);
  });

  it('politely refuses stickers and voice, and answers an empty message', () => {
    const r = run([RICH, { kind: 'unsupported', text: '', facts: facts(), unsupported: 'voice' }]);
    expect(r.last).toEqual(['unsupported_media', 'ask_evidence']);
    expect(run([text('')]).last).toEqual(['empty_message']);
  });
});

describe('asking for a person', () => {
  it('pages a person when the reporter asks for one, keeping the draft', () => {
    const r = run([RICH, text('转人工', { intents: ['human'] })]);
    expect(r.effects).toContainEqual({ type: 'escalate', reason: 'human' });
    expect(r.last).toEqual(['escalate', 'staff_paged', 'ask_evidence']);
    expect(r.state.draft?.target).toBe('塑料厂');
  });

  it('pages a person after two unusable turns in a row, not after one', () => {
    const once = run([text('我要举报'), text('嗯嗯')]);
    expect(once.last).toEqual(['ask_category_again']);
    const twice = run([text('我要举报'), text('嗯嗯'), text('啊？')]);
    expect(twice.last).toEqual(['ask_category_again', 'escalate', 'staff_paged']);
    expect(twice.state.misses).toBe(0);
    const broken = run([text('我要举报'), text('嗯嗯'), text('3', { choice: 3 }), text('嗯嗯')]);
    expect(broken.effects.some((e) => e.type === 'escalate')).toBe(false);
  });
});

describe('resume after days away', () => {
  const later = (t: TurnInput, days: number, s: ConversationState) => step(s, t, new Date(T0.getTime() + days * 86_400_000), OPTS);

  it('offers to continue an old draft, and continues', () => {
    const s = run([RICH]).state;
    const asked = later(text('你好', { intents: ['greeting'] }), 3, s);
    expect(keys(asked.effects)).toEqual(['resume_prompt']);
    expect(asked.state.phase).toBe('resuming');
    const cont = later(text('1', { choice: 1 }), 3, asked.state);
    expect(keys(cont.effects)).toEqual(['resumed', 'ask_evidence']);
    expect(cont.state.draft?.target).toBe('塑料厂');
  });

  it('drops an old draft on request, and re-asks on anything else', () => {
    const s = run([RICH]).state;
    const asked = later(text('在吗', { intents: ['greeting'] }), 3, s);
    expect(keys(later(text('嗯', {}), 3, asked.state).effects)).toEqual(['resume_prompt']);
    const drop = later(text('2', { choice: 2 }), 3, asked.state);
    expect(keys(drop.effects)).toEqual(['dropped']);
    expect(drop.state).toMatchObject({ phase: 'idle', draft: null });
  });

  it('does not interrupt a draft touched recently', () => {
    const s = run([RICH]).state;
    expect(keys(later(text('没有', { intents: ['unknown_answer'] }), 0.1, s).effects)).toEqual(['ask_demand']);
  });
});

describe('language', () => {
  it('switches on request and follows a reporter who writes English', () => {
    const r = run([text('/lang en', { langSwitch: 'en' })]);
    expect(r.state.lang).toBe('en');
    expect(r.last).toEqual(['lang_switched']);
    const auto = run([text('There is black smoke from a factory', { lang: 'en', categories: ['air'] })]);
    expect(auto.state.lang).toBe('en');
    // A bare "ok" is too thin to switch a Chinese conversation to English.
    expect(run([text('ok', { lang: 'en', intents: ['affirm'] })]).state.lang).toBe('zh');
  });
});

describe('purity', () => {
  it('never mutates the state it is given', () => {
    const s = run([RICH]).state;
    const frozen = JSON.stringify(s);
    step(s, text('不对，是温江区', { correction: true, place: place(WENJIANG) }), T0, OPTS);
    expect(JSON.stringify(s)).toBe(frozen);
  });
});

describe('vague leads', () => {
  it('asks for a name when the source is only "a factory", and takes the answer', () => {
    const vague = text('郫都区有个工厂排黑烟', { categories: ['air'], place: place(PIDU), target: '工厂' });
    const r = run([vague]);
    expect(r.state.draft?.target).toBeNull();
    expect(r.last).toEqual(['noted', 'ask_target']);
    const answered = run([vague, text('红星家具厂，门口有蓝色招牌', { target: '红星家具厂' })]);
    expect(answered.state.draft?.target).toBe('红星家具厂');
    const unknown = run([vague, text('不知道', { intents: ['unknown_answer'] })]);
    expect(unknown.state.draft?.skipped).toContain('target');
    expect(unknown.last).toEqual(['ask_time']);
  });
});

describe('questions mid-report', () => {
  it('answers a question instead of taking it as the answer', () => {
    const r = run([RICH, text('多久能处理好？', { intents: ['question'] })]);
    expect(r.last).toEqual(['faq', 'ask_evidence']);
    expect(r.state.draft?.evidence).toEqual([]);
  });
});

const OPEN = { number: 'HY-20261127-0001', status: 'accepted', categories: ['air' as const], district: '成都市郫都区' };
const withCases = (input: TurnInput, cases: Partial<NonNullable<TurnInput['cases']>>): TurnInput => ({ ...input, cases: { ratingPending: null, duplicates: [], open: [], ...cases } });
const confirming = (): ConversationState => {
  const { state } = run([RICH, text('没有', { intents: ['unknown_answer'] }), text('没有', { intents: ['unknown_answer'] }), text('1', { choice: 1 })]);
  expect(state.phase).toBe('confirming');
  return state;
};

describe('cases the reporter already has', () => {
  it('offers to join an open case of the same problem at confirmation; a number joins it, the last opens a new one', () => {
    const offered = run([withCases(text('1', { choice: 1 }), { duplicates: [OPEN] })], confirming());
    expect(offered.last).toEqual(['duplicate_offer']);
    expect(offered.state.phase).toBe('joining');
    const joined = run([text('1', { choice: 1 })], offered.state);
    expect(joined.effects[0]).toMatchObject({ type: 'join_case', number: OPEN.number });
    expect(joined.state).toMatchObject({ phase: 'idle', draft: null });
    expect(run([text('2', { choice: 2 })], offered.state).last).toEqual(['open_case']);
    expect(run([text('嗯？')], offered.state).last).toEqual(['duplicate_offer']);
  });

  it('asks whether a new report is about an open case: a number adds to it, the last starts a new report from the held message', () => {
    const asked = run([withCases(RICH, { open: [OPEN] })]);
    expect(asked.last).toEqual(['which_case']);
    expect(asked.state.phase).toBe('choosing_case');
    const added = run([text('1', { choice: 1 })], asked.state);
    expect(added.effects).toEqual([{ type: 'supplement', number: OPEN.number, text: RICH.text, media: [], pin: null }]);
    const fresh = run([text('2', { choice: 2 })], asked.state);
    expect(fresh.state.phase).toBe('collecting');
    expect(fresh.state.draft?.description).toEqual([RICH.text]);
    expect(fresh.last).toContain('noted');
    // A greeting is not a report: no question about cases.
    expect(run([withCases(text('你好', { intents: ['greeting'] }), { open: [OPEN] })]).last).toEqual(['welcome']);
  });

  it('rates an answer by word with its number, by a bare digit when a rating waits, and asks why before a "not satisfied" counts', () => {
    expect(run([text(`满意 ${OPEN.number}`, { rating: 'satisfied', caseNumber: OPEN.number, intents: ['status'] })]).effects).toEqual([
      { type: 'rate', number: OPEN.number, rating: 'satisfied', reason: null },
    ]);
    expect(run([withCases(text('2', { choice: 2 }), { ratingPending: OPEN.number })]).effects).toEqual([{ type: 'rate', number: OPEN.number, rating: 'basically_satisfied', reason: null }]);
    const why = run([withCases(text('3', { choice: 3 }), { ratingPending: OPEN.number })]);
    expect(why.last).toEqual(['ask_rating_reason']);
    expect(run([text('晚上还是臭')], why.state).effects).toEqual([{ type: 'rate', number: OPEN.number, rating: 'unsatisfied', reason: '晚上还是臭' }]);
    // A bare digit mid-report answers the report's question, not a rating.
    const mid = run([RICH]);
    expect(run([withCases(text('2', { choice: 2 }), { ratingPending: OPEN.number })], mid.state).effects.some((e) => e.type === 'rate')).toBe(false);
    // Without any case waiting or named, a rating word rates nothing.
    expect(run([text('满意', { rating: 'satisfied' })]).effects.some((e) => e.type === 'rate')).toBe(false);
  });

  it('turns notices off and on, and goes back to the question asked', () => {
    expect(run([text('免打扰', { intents: ['mute'] })]).effects).toEqual([{ type: 'notices', on: false }]);
    const mid = run([RICH]);
    const r = run([text('恢复通知', { intents: ['unmute'] })], mid.state);
    expect(r.effects[0]).toEqual({ type: 'notices', on: true });
    expect(r.last.length).toBe(2);
  });
});
