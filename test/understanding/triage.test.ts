import { describe, expect, it } from 'vitest';
import { parseTriageLine, triage, triageLines, type TriageRecord } from '../../src/understanding/triage.js';

const collect = async (it: AsyncIterable<TriageRecord>) => {
  const out: TriageRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

describe('triage', () => {
  it('prints the documented fields', () => {
    const r = triage('郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟，电话13912345678');
    expect(Object.keys(r).sort()).toEqual(
      ['ambiguous', 'categories', 'city', 'confidence', 'district', 'intents', 'lang', 'night', 'phone', 'repeat', 'spans', 'subcategory', 'target', 'text', 'time', 'urgent', 'zone'].sort(),
    );
    expect(r.district).toEqual({ code: '510117', name: '郫都区', city: '成都市', province: '四川省' });
    expect(r).toMatchObject({ categories: ['air'], subcategory: 'industrial_gas', target: '塑料厂', time: '每天晚上十点以后', night: true, phone: '139****5678' });
    expect(JSON.stringify(r.spans)).not.toContain('13912345678');
    expect(() => JSON.parse(JSON.stringify(r))).not.toThrow();
  });

  it('gives candidates, not a district, for an ambiguous town', () => {
    const r = triage('太平镇有个造纸厂往河里排污水');
    expect(r.district).toBeNull();
    expect(r.ambiguous.length).toBeGreaterThan(1);
    expect(r.ambiguous[0]).toHaveProperty('code');
  });

  it('never throws', () => {
    for (const t of ['', '😡', '<b>', "' OR 1=1 --", '\ud800']) expect(() => triage(t)).not.toThrow();
  });
});

describe('triage lines', () => {
  it('reads a JSON line by its text and keeps its id; other lines as written', () => {
    expect(parseTriageLine('{"id":"s-045","text":"在吗","categories":["other"]}')).toEqual({ id: 's-045', text: '在吗' });
    expect(parseTriageLine('  工厂排黑烟  ')).toEqual({ text: '工厂排黑烟' });
    expect(parseTriageLine('{not json')).toEqual({ text: '{not json' });
    expect(parseTriageLine('{"no_text": 1}')).toEqual({ text: '{"no_text": 1}' });
    expect(parseTriageLine('   ')).toBeNull();
  });

  it('maps lines to records in order, skipping blank lines', async () => {
    const records = await collect(triageLines(['{"id":"a","text":"在吗"}', '', '  ', '温江区工厂排黑烟']));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ id: 'a', text: '在吗', intents: ['greeting'] });
    expect(records[1]?.id).toBeUndefined();
    expect(records[1]?.district?.name).toBe('温江区');
  });

  it('accepts an async iterable', async () => {
    async function* lines() {
      yield '成华区工地凌晨两点还在打桩';
      yield '';
    }
    const records = await collect(triageLines(lines()));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ urgent: true, night: true, categories: ['noise'] });
  });
});
