import { describe, expect, it } from 'vitest';
import { extractFacts, normalizeWidth } from '../../src/understanding/rules/extract.js';
import { RulesUnderstander } from '../../src/understanding/rules/understander.js';

describe('extractFacts', () => {
  it('reads a full complaint', () => {
    const f = extractFacts('郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟，味道很刺鼻。我叫李明，电话13912345678，希望尽快处理！');
    expect(f).toMatchObject({
      lang: 'zh',
      categories: ['air'],
      subcategory: 'industrial_gas',
      target: '塑料厂',
      timeText: '每天晚上十点以后',
      night: true,
      urgent: false,
      repeat: false,
      phone: '13912345678',
      name: '李明',
      demand: '希望尽快处理',
    });
    expect(f.place.district?.name).toBe('郫都区');
    expect(f.confidence).toBeGreaterThanOrEqual(0.9);
    const kinds = new Set(f.spans.map((s) => s.kind));
    for (const k of ['category:air', 'subcategory:industrial_gas', 'target', 'time', 'night', 'phone', 'name', 'demand']) expect(kinds).toContain(k);
  });

  it('spans point into the original text, in order', () => {
    const text = '电话１３９１２３４５６７８，成华区工地凌晨两点还在打桩';
    const f = extractFacts(text);
    expect(f.phone).toBe('13912345678');
    expect(f.urgent).toBe(true);
    for (const s of f.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    const starts = f.spans.map((s) => s.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('confidence grows with category, place and target', () => {
    const vague = extractFacts('好臭');
    const placed = extractFacts('温江区好臭');
    const full = extractFacts('温江区万春镇的养猪场好臭');
    expect(vague.confidence).toBeLessThan(placed.confidence);
    expect(placed.confidence).toBeLessThan(full.confidence);
    expect(extractFacts('温江区').confidence).toBeLessThanOrEqual(0.3);
    expect(extractFacts('在吗').confidence).toBe(0);
  });

  it('现在还在施工 sent at night is urgent night construction; by day it is not', () => {
    const night = extractFacts('隔壁工地现在还在施工', { now: new Date('2026-11-27T16:00:00Z') });
    const day = extractFacts('隔壁工地现在还在施工', { now: new Date('2026-11-27T04:00:00Z') });
    expect(night).toMatchObject({ night: true, urgent: true });
    expect(day).toMatchObject({ night: false, urgent: false });
  });

  it('reads replies and control messages', () => {
    expect(extractFacts('不对，是温江区')).toMatchObject({ intents: ['deny'], correction: true });
    expect(extractFacts('不对，是温江区').place.district?.name).toBe('温江区');
    expect(extractFacts('第二个').choice).toBe(2);
    expect(extractFacts('/lang en').langSwitch).toBe('en');
    expect(extractFacts('查一下 hy-20261127-0001')).toMatchObject({ caseNumber: 'HY-20261127-0001', intents: ['status'] });
    expect(extractFacts('我要匿名举报').identityMode).toBe('anonymous');
    expect(extractFacts('没有').intents).toEqual(['unknown_answer']);
  });

  it('uses the place context', () => {
    const f = extractFacts('太平镇有个造纸厂往河里排污水');
    expect(f.place.district).toBeNull();
    expect(f.place.ambiguous.length).toBeGreaterThan(1);
  });
});

describe('hostile input', () => {
  const inputs: [string, string][] = [
    ['empty', ''],
    ['spaces', '   \n\t  '],
    ['emoji only', '😡😡😡🏭💨'],
    ['SQL', "'; DROP TABLE cases; -- OR 1=1"],
    ['HTML', '<script>alert("x")</script><img src=x onerror=alert(1)>'],
    ['lone surrogates', '\ud800\udc00\ud800 工厂 \udfff'],
    ['control characters', '\u0000\u0001\u0007工厂\u001b[31m排黑烟'],
    ['RTL and zero-width', '\u202e工厂\u200b排\u200d黑烟\ufeff'],
    ['regex metacharacters', '.*+?^${}()|[]\\/ 厂(?:场'],
    ['JSON', '{"text": "工厂排黑烟", "__proto__": {"x": 1}}'],
    ['very long number', '1'.repeat(5000)],
  ];
  it.each(inputs)('never throws on %s', (_name, text) => {
    const f = extractFacts(text);
    expect(f.spans.every((s) => s.start >= 0 && s.end <= text.length && s.start <= s.end)).toBe(true);
    expect(f.confidence).toBeGreaterThanOrEqual(0);
    expect(f.confidence).toBeLessThanOrEqual(1);
  });

  it('never throws on a non-string from untyped callers', () => {
    expect(() => extractFacts(undefined as unknown as string)).not.toThrow();
    expect(() => extractFacts(42 as unknown as string)).not.toThrow();
    expect(extractFacts(null as unknown as string).categories).toEqual([]);
  });

  // Not a speed test (bench/places.ts measures speed): a guard against catastrophic regex
  // backtracking, whose cost is seconds to minutes, far above this bound.
  it('processes hostile 20,000-character texts without pathological slowness', () => {
    extractFacts('温江区工厂排黑烟'); // load the gazetteer once
    const texts = [
      '郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟，味道很刺鼻。我叫李明，电话13912345678，希望尽快处理！'.repeat(400),
      '晚上八点'.repeat(5000),
      'what '.repeat(4000),
      'HY-'.repeat(6667),
      '厂'.repeat(20000),
      '又脏又臭'.repeat(5000),
      'the factory smoke noise every night at 2 am '.repeat(460),
      '温江区郫都区太平镇'.repeat(2300),
      '😡'.repeat(10000),
    ].map((t) => t.slice(0, 20000));
    for (const t of texts) {
      expect(t.length).toBe(20000);
      const t0 = performance.now();
      extractFacts(t);
      expect(performance.now() - t0, t.slice(0, 12)).toBeLessThan(1000);
    }
  });
});

describe('normalizeWidth', () => {
  it('keeps length and Chinese punctuation', () => {
    const s = '１３９ＨＹ，！\u3000\u200b';
    const n = normalizeWidth(s);
    expect(n.length).toBe(s.length);
    expect(n).toBe('139HY，！  ');
  });
});

describe('RulesUnderstander', () => {
  it('reads the injected clock once per message and resolves facts', async () => {
    let calls = 0;
    const u = new RulesUnderstander(() => {
      calls++;
      return new Date('2026-11-27T16:00:00Z');
    });
    const f = await u.understand('工地正在施工');
    expect(calls).toBe(1);
    expect(f.night).toBe(true);
  });
  it('never rejects, even when the clock throws', async () => {
    const u = new RulesUnderstander(() => {
      throw new Error('no clock');
    });
    await expect(u.understand('工厂排黑烟')).resolves.toMatchObject({ categories: ['air'] });
  });
  it('passes the place context on', async () => {
    const u = new RulesUnderstander(() => new Date('2026-11-27T04:00:00Z'));
    expect((await u.understand('太平镇')).place.district).toBeNull();
    expect((await u.understand('太平镇', { city: '绵阳市' })).place.district?.name).toBe('江油市');
  });
});
