import { describe, expect, it } from 'vitest';
import { emptyDraft } from '../../src/conversation/draft.js';
import { SLOT_ORDER } from '../../src/conversation/slots.js';
import type { MessageKey, MessageParams, Reply } from '../../src/i18n/catalog.js';
import { CATALOGS, render } from '../../src/i18n/render.js';

const draft = {
  ...emptyDraft(new Date('2026-11-27T00:00:00Z')),
  categories: ['air', 'noise'] as const,
  subcategory: 'dust' as const,
  place: { district: { code: '510117', name: '郫都区', city: '成都市', province: '四川省' }, town: '犀浦街道', zone: null, text: '郫都区犀浦街道', pin: null, outside: false },
  target: '塑料厂',
  identity: 'confidential' as const,
  contactPhone: '13800138000',
};
const d = { ...draft, categories: [...draft.categories] };

// One sample of parameters per message; the type forces a sample for every key.
const SAMPLES: { [K in MessageKey]: MessageParams[K] } = {
  welcome: {}, faq: {}, help: {}, staff_paged: { reason: 'human' }, thanks_reply: {}, not_understood: {}, empty_message: {},
  unsupported_media: { what: 'voice' }, long_message_cut: { kept: 2000 }, lang_switched: {}, cancelled: {},
  nothing_to_cancel: {}, restarted: {}, resume_prompt: { draft: d }, resumed: {}, dropped: {}, noted: { draft: d },
  correction_applied: {}, evidence_received: { count: 2 }, ask_category: {}, ask_category_again: {}, ask_place: {},
  ask_place_again: {},
  place_ambiguous: { candidates: [{ code: '510107', name: '武侯区', city: '成都市', province: '四川省' }, { code: '370103', name: '市中区', city: '济南市', province: '山东省' }], mention: '石羊' },
  place_unknown: { name: '火星镇' }, place_confirmed: { draft: d }, pin_invalid: {}, pin_outside: {},
  pin_border: { candidates: [{ code: '510104', name: '锦江区', city: '成都市', province: '四川省' }, { code: '510105', name: '青羊区', city: '成都市', province: '四川省' }] },
  pin_disagrees: { said: { code: '510104', name: '锦江区', city: '成都市', province: '四川省' }, pinned: { code: '510105', name: '青羊区', city: '成都市', province: '四川省' } }, ask_target: {}, ask_time: {}, ask_evidence: {}, send_evidence_now: {}, ask_demand: {}, hint_place: {}, hint_target: {}, hint_time: {}, hint_demand: {},
  ask_identity: {}, ask_identity_again: {}, ask_contact: { realName: true }, ask_contact_name: {}, invalid_phone: {},
  confirm_summary: { draft: d }, confirm_again: {}, which_field: { slots: SLOT_ORDER },
  case_opened: { number: 'HY-20261127-0001', identity: 'anonymous', urgent: true, unit: '成都市郫都生态环境局' },
  status_none: {},
  status_not_found: { number: 'HY-20261127-0009' }, system_busy: {}, kept_for_later: {}, too_fast: {},
  page: { level: 1, reason: 'urgent', ref: 'HY-20261127-0001', due: '02:30', summary: { categories: ['noise'], place: '成都市成华区', target: '工地', time: '凌晨两点', description: '凌晨两点还在打桩' } },
  page_acked: { ref: 'HY-20261127-0001', count: 1 }, staff_help: {},
  staff_done: { ref: '#12', action: 'forwarded', unit: 'cd-police' }, staff_refused: { ref: '#12', why: 'other_unit' }, reporter_unreachable: { ref: '#12', reason: 'Forbidden: bot was blocked by the user' },
  relay: { ref: '#12', text: '还在排' }, staff_message: { text: '马上到' }, staff_joined: {}, staff_left: {},
  case_not_accepted: { number: 'HY-20261127-0001', reason: '属于民事纠纷', body: '人民法院' }, not_staff: {},
  choice_outdated: {},
  reporter_outside_window: { ref: '#12', hours: 48 },
  staff_only_button: {},
  staff_button_sent: { command: '认领 HY-20261127-0001' },
  status_detail: {
    detail: {
      number: 'HY-20261127-0001', status: 'in_progress', categories: ['air'], district: '成都市郫都区',
      timeline: [{ day: '2026-11-27', type: 'registered' }, { day: '2026-11-28', type: 'accepted' }, { day: '2026-11-29', type: 'in_progress' }],
      next: { kind: 'answer', due: '2027-01-27' },
    },
  },
  status_pick: { cases: [{ number: 'HY-20261127-0001', status: 'accepted', categories: ['air'], district: '成都市郫都区' }, { number: 'HY-20261127-0002', status: 'registered', categories: ['noise'], district: null }] },
  case_accepted: { number: 'HY-20261127-0001', due: '2027-01-27' },
  case_forwarded: { number: 'HY-20261127-0001', unit: { zh: '成都市郫都区综合行政执法局', en: 'Pidu urban management' } },
  case_sent_back: { number: 'HY-20261127-0001' },
  case_in_progress: { number: 'HY-20261127-0001', unit: { zh: '成都市郫都生态环境局', en: 'Pidu ecology bureau' }, due: '2027-01-27' },
  case_extended: { number: 'HY-20261127-0001', days: 30, reason: '需要委托监测', due: '2027-02-26' },
  case_answered: { number: 'HY-20261127-0001', finding: 'partly_true', action: 'ordered to stop; fined 20,000 yuan', final: true, reviewDue: '2027-02-26' },
  case_reopened: { number: 'HY-20261127-0001', due: '2027-02-26' },
  case_merged: { number: 'HY-20261127-0002', into: 'HY-20261127-0001' },
  rating_thanks: { number: 'HY-20261127-0001' }, rating_reminder: { number: 'HY-20261127-0001' }, ask_rating_reason: { number: 'HY-20261127-0001' },
  review_guidance: { number: 'HY-20261127-0001', due: '2027-02-26' }, review_expired: { number: 'HY-20261127-0001', due: '2027-02-26' },
  rating_refused: { number: 'HY-20261127-0001', why: 'not_answered' },
  duplicate_offer: { cases: [{ number: 'HY-20261127-0001', status: 'accepted', categories: ['air'], district: '成都市郫都区' }] },
  case_joined: { number: 'HY-20261127-0001', reporters: 3 },
  which_case: { cases: [{ number: 'HY-20261127-0001', status: 'accepted', categories: ['air'], district: '成都市郫都区' }] },
  case_supplemented: { number: 'HY-20261127-0001' }, notices_off: { count: 2 }, notices_on: { count: 2 },
  forget_confirm: {}, forget_done: { closed: 2, open: 1 }, forget_kept: {}, retention_erased: { contact: 'request', evidence: 2, transcript: 5 },
  clock_reminder: { ref: 'HY-20261127-0001', clock: 'answer', due: '2027-01-27' },
};

describe('message catalogs', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`renders every message in ${lang} without holes`, () => {
      for (const key of Object.keys(CATALOGS.zh.messages) as MessageKey[]) {
        const text = render({ key, params: SAMPLES[key] } as Reply, lang);
        expect(text.length, key).toBeGreaterThan(0);
        expect(text, key).not.toMatch(/undefined|null|\[object|NaN/);
        if (lang === 'zh') expect(text, key).toMatch(/[\u4e00-\u9fff]/);
        // English may quote Chinese place names, never Chinese sentences.
        else expect(text, key).not.toMatch(/请|您|我们|已/);
      }
    });
  }

  it('masks the phone in summaries and shows numbered candidates with their province when outside Sichuan', () => {
    const summary = render({ key: 'confirm_summary', params: { draft: d } }, 'zh');
    expect(summary).toContain('138****8000');
    expect(summary).not.toContain('13800138000');
    expect(summary).toContain('成都市郫都区 犀浦街道');
    const amb = render({ key: 'place_ambiguous', params: SAMPLES.place_ambiguous }, 'zh');
    expect(amb).toContain('1 成都市武侯区');
    expect(amb).toContain('2 山东省济南市市中区');
  });
});

describe('district names in English', () => {
  it('spells districts in pinyin with their level and city', async () => {
    const { districtName } = await import('../../src/i18n/summary.js');
    expect(districtName({ code: '510115', name: '温江区', city: '成都市', province: '四川省' }, 'en')).toBe('Wenjiang District, Chengdu');
    expect(districtName({ code: '510181', name: '都江堰市', city: '成都市', province: '四川省' }, 'en')).toBe('Dujiangyan City, Chengdu');
    expect(districtName({ code: '510121', name: '金堂县', city: '成都市', province: '四川省' }, 'en')).toBe('Jintang County, Chengdu');
    expect(districtName({ code: '510115', name: '温江区', city: '成都市', province: '四川省' }, 'zh')).toBe('成都市温江区');
  });
});
