import { describe, it, expect } from 'vitest';
import { resolvePlace, MAX_CANDIDATES } from '../../src/places/resolve.js';
import { districtByCode } from '../../src/places/gazetteer.js';
import type { District, PlaceResolution } from '../../src/places/types.js';

const names = (ds: District[]) => ds.map((d) => `${d.city}${d.name}`).sort();
const d = (code: string): District => districtByCode(code)!;

/** The invariants every result keeps. */
function check(text: string, r: PlaceResolution): PlaceResolution {
  expect(r.district !== null && r.ambiguous.length > 0).toBe(false);
  for (const s of r.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(r.ambiguous.length).toBeLessThanOrEqual(MAX_CANDIDATES);
  return r;
}
const place = (text: string, ctx?: Parameters<typeof resolvePlace>[1]) => check(text, resolvePlace(text, ctx));

describe('counties', () => {
  it('reads an official name with full confidence, and its town', () => {
    const r = place('郫都区犀浦街道有家塑料厂');
    expect(r.district).toEqual(d('510117'));
    expect(r.town).toEqual({ code: '510117006', name: '犀浦街道', district: d('510117') });
    expect(r.confidence).toBe(1);
    expect(r.mention).toBe('郫都区犀浦街道');
    expect(r.spans.map((s) => [s.kind, s.text, s.start, s.end])).toEqual([
      ['district', '郫都区', 0, 3],
      ['town', '犀浦街道', 3, 7],
    ]);
  });

  it('reads short names (郫都, 温江, 都江堰, 双流) a little less surely', () => {
    for (const [text, code] of [
      ['郫都那边', '510117'],
      ['温江有个厂', '510115'],
      ['都江堰的岷江边上', '510181'],
      ['住在双流', '510116'],
    ] as const) {
      const r = place(text);
      expect(r.district?.code, text).toBe(code);
      expect(r.confidence).toBe(0.9);
    }
  });

  it('maps old names to current ones', () => {
    const r = place('郫县团结镇有家饲料厂');
    expect(r.district?.name).toBe('郫都区');
    expect(r.town?.name).toBe('团结街道'); // 团结镇 became a 街道: the stem finds it
    expect(r.spans[0]).toMatchObject({ kind: 'old_name', text: '郫县' });
    expect(place('新津县').district?.name).toBe('新津区');
    expect(place('会理县城').district).toEqual(d('513402'));
    expect(place('双流县').district?.name).toBe('双流区');
    expect(place('灌县').district?.name).toBe('都江堰市');
  });

  it('picks a repeated county name by the city named with it, and asks without', () => {
    expect(place('乐山市市中区有家小作坊').district?.code).toBe('511102');
    expect(place('内江市中区').district?.code).toBe('511002'); // 内江 + 市中区, the 市 written once
    expect(place('济南市市中区').district?.code).toBe('370103');
    const bare = place('市中区有家小作坊');
    expect(bare.district).toBeNull();
    expect(names(bare.ambiguous)).toEqual(['乐山市市中区', '内江市市中区']); // home province first
    expect(names(place('山东市中区').ambiguous)).toEqual(['枣庄市市中区', '济南市市中区']);
  });

  it('uses the conversation city when the text names none', () => {
    expect(place('市中区', { city: '乐山市' }).district?.code).toBe('511102');
    expect(place('市中区', { city: '内江' }).district?.code).toBe('511002');
    // The text's own city wins over the conversation's.
    expect(place('内江市中区', { city: '乐山市' }).district?.code).toBe('511002');
  });

  it('prefers the home province for short names, unless another province is named', () => {
    expect(place('长宁').district?.code).toBe('511524'); // 宜宾市长宁县, not 上海市长宁区
    expect(place('长宁').confidence).toBeLessThan(0.9);
    expect(place('上海长宁').district?.code).toBe('310105');
    expect(place('北京市朝阳区').district?.code).toBe('110105');
    expect(names(place('朝阳区').ambiguous)).toEqual(['北京市朝阳区', '长春市朝阳区']);
  });

  it('reads short names from other provinces only with their city or province named', () => {
    expect(place('新建的工厂排污').district).toBeNull(); // 新建 is 南昌's 新建区, and "newly built"
    expect(place('望江楼公园附近').district).toBeNull(); // 安庆's 望江县
    expect(place('海淀').district).toBeNull();
    expect(place('北京海淀').district?.code).toBe('110108');
    expect(place('海淀区').district?.code).toBe('110108'); // the full name needs nothing
  });

  it('asks when two different counties are named', () => {
    const r = place('武侯区和双流区交界的地方');
    expect(r.district).toBeNull();
    expect(names(r.ambiguous)).toEqual(['成都市双流区', '成都市武侯区']);
  });

  it('lets the county win over a town that is elsewhere', () => {
    const r = place('温江区犀浦街道');
    expect(r.district?.name).toBe('温江区');
    expect(r.town).toBeNull();
  });

  it('reads a city alone as the city, with no district', () => {
    const r = place('成都市有个工厂');
    expect(r).toMatchObject({ district: null, ambiguous: [], city: '成都市', zone: null, mention: '成都市' });
  });

  it('does not split a city name for a county that is not in it', () => {
    const r = place('广东省中山市中山市南区街道');
    expect(r.district?.name).toBe('中山市');
  });
});

describe('towns', () => {
  it('a unique town gives its county', () => {
    const r = place('犀浦街道有家厂');
    expect(r.district?.name).toBe('郫都区');
    expect(r.town?.name).toBe('犀浦街道');
    expect(r.confidence).toBe(0.9);
  });

  it('a town unique in the home province but found elsewhere too is taken, less surely', () => {
    const r = place('军屯镇有家厂'); // 新都区's, and one in 山东
    expect(r.district?.name).toBe('新都区');
    expect(r.confidence).toBe(0.8);
  });

  it('太平镇 (8 in Sichuan) is ambiguous without context', () => {
    const r = place('太平镇有个造纸厂往河里排污水');
    expect(r.district).toBeNull();
    expect(r.town).toBeNull();
    expect(r.city).toBeNull();
    expect(r.ambiguous).toHaveLength(8);
    expect(r.ambiguous.every((x) => x.province === '四川省')).toBe(true);
    expect(r.mention).toBe('太平镇');
  });

  it('太平镇 with a county or a city named', () => {
    const a = place('古蔺县太平镇');
    expect(a.district?.name).toBe('古蔺县');
    expect(a.town?.code).toBe('510525103');
    const b = place('泸州市太平镇');
    expect(b.district?.name).toBe('古蔺县');
    expect(b.town?.name).toBe('太平镇');
    const c = place('太平镇', { city: '雅安市' });
    expect(c.district?.name).toBe('芦山县');
  });

  it('a town found nowhere in the home province is ambiguous nationally, capped', () => {
    const r = place('城关街道');
    expect(r.district).toBeNull();
    expect(r.ambiguous).toHaveLength(MAX_CANDIDATES);
    expect(names(place('景山街道').ambiguous)).toEqual(['北京市东城区', '温州市瓯海区', '漳州市龙文区']);
  });

  it('石羊 alone is weak: the two Chengdu candidates, never a district', () => {
    const r = place('石羊那边有个工厂晚上排废气');
    expect(r.district).toBeNull();
    expect(names(r.ambiguous)).toEqual(['成都市武侯区', '成都市都江堰市']);
    expect(r.city).toBe('成都市');
    expect(r.confidence).toBe(0.6);
    expect(r.spans).toEqual([{ kind: 'town', text: '石羊', start: 0, end: 2 }]);
    // The home-city preference holds with the province named; 安岳县's 石羊镇 needs 资阳 named.
    expect(names(place('四川石羊').ambiguous)).toEqual(['成都市武侯区', '成都市都江堰市']);
    expect(names(place('石羊', { city: '成都市' }).ambiguous)).toEqual(['成都市武侯区', '成都市都江堰市']);
    expect(names(place('资阳石羊').ambiguous)).toEqual(['资阳市安岳县']);
    expect(names(place('石羊', { city: '资阳市' }).ambiguous)).toEqual(['资阳市安岳县']);
  });

  it('a weak name inside a named county gives the town', () => {
    const r = place('武侯区石羊');
    expect(r.district?.name).toBe('武侯区');
    expect(r.town?.name).toBe('石羊街道');
  });

  it('a short name from another province yields to a home-city town (龙泉, 玉林)', () => {
    expect(names(place('龙泉那边').ambiguous)).toEqual(['成都市龙泉驿区']);
    expect(place('龙泉那边').district).toBeNull();
    expect(names(place('玉林有家火锅店').ambiguous)).toEqual(['成都市武侯区']);
    expect(place('浙江龙泉').district?.name).toBe('龙泉市');
  });

  it('an old town name found only elsewhere is the home city’s renamed town, to confirm', () => {
    const r = place('三圣乡的农家乐'); // a 乡 in 湖南 today; 锦江区's 三圣街道 here
    expect(r.district).toBeNull();
    expect(names(r.ambiguous)).toEqual(['成都市锦江区']);
  });

  it('a renamed town (镇 → 街道) is found by its stem inside the county', () => {
    expect(place('简阳市石桥镇的砖厂').town?.name).toBe('石桥街道');
  });
});

describe('functional zones', () => {
  it('a zone and one of its streets: the street’s legal county', () => {
    const r = place('天府新区华阳街道一个小区旁边的搅拌站');
    expect(r).toMatchObject({ zone: '天府新区', city: '成都市' });
    expect(r.district?.name).toBe('双流区');
    expect(r.town?.code).toBe('510116003');
    expect(r.mention).toBe('天府新区华阳街道');
    expect(place('成都东部新区三岔街道').district?.name).toBe('简阳市');
  });

  it('a zone alone: zone set, no district, nothing to ask', () => {
    for (const [text, zone] of [
      ['天府新区有个工地', '天府新区'],
      ['四川天府新区', '天府新区'],
      ['成都东部新区有个垃圾中转站', '成都东部新区'],
      ['东部新区', '成都东部新区'],
      ['高新区天府大道旁边的工地', '成都高新区'],
      ['成都高新技术产业开发区', '成都高新区'],
    ]) {
      const r = place(text!);
      expect(r.zone, text).toBe(zone);
      expect(r.district).toBeNull();
      expect(r.ambiguous).toEqual([]);
      expect(r.city).toBe('成都市');
    }
  });

  it('a zone’s street alone is the street, without the zone', () => {
    const r = place('华阳街道');
    expect(r.zone).toBeNull();
    expect(names(r.ambiguous)).toEqual(['成都市双流区', '泸州市江阳区']);
  });

  it('another city’s 高新区 is not Chengdu’s', () => {
    const r = place('德阳高新区有家化工厂');
    expect(r.zone).toBeNull();
    expect(r.city).toBe('德阳市');
    expect(r.unknown).toBeNull();
    expect(place('高新区', { city: '德阳市' }).zone).toBeNull();
    expect(place('成都高新区', { city: '德阳市' }).zone).toBe('成都高新区');
  });

  it('a weak name inside a named zone gives its street', () => {
    const r = place('高新区石羊那边');
    expect(r.zone).toBe('成都高新区');
    expect(r.district?.name).toBe('武侯区');
    expect(r.town?.name).toBe('石羊街道');
  });

  it('reads English zone names', () => {
    expect(place('a building site in Tianfu New Area').zone).toBe('天府新区');
    expect(place('Chengdu Hi-tech Zone').zone).toBe('成都高新区');
  });
});

describe('landmarks', () => {
  it('imply a county, not a zone', () => {
    const r = place('双流机场附近飞机起降的噪音太大了');
    expect(r.district?.name).toBe('双流区');
    expect(r.confidence).toBe(0.8);
    expect(r.spans[0]).toMatchObject({ kind: 'landmark', text: '双流机场' });
    expect(place('天府国际机场').district?.name).toBe('简阳市');
    const lake = place('三岔湖附近有人投肥养鱼');
    expect(lake.district?.name).toBe('简阳市');
    expect(lake.zone).toBeNull();
  });

  it('give way to a county named outright', () => {
    expect(place('武侯区，离双流机场不远').district?.name).toBe('武侯区');
  });
});

describe('rivers that share a name with a place', () => {
  it('锦江 with river words is the river', () => {
    for (const text of ['锦江边上有人往河里倒生活垃圾', '锦江里漂着死鱼', '锦江沿岸', '锦江畔']) {
      const r = place(text);
      expect(r.district, text).toBeNull();
      expect(r.ambiguous, text).toEqual([]);
    }
  });

  it('bare 锦江 is a district to confirm; 锦江区 is the district', () => {
    const r = place('锦江那边有个工厂');
    expect(r.district).toBeNull();
    expect(names(r.ambiguous)).toEqual(['成都市锦江区']);
    expect(r.confidence).toBe(0.6);
    expect(place('锦江区').district?.name).toBe('锦江区');
  });

  it('the same mechanism serves other rivers', () => {
    expect(place('沙河边有人倒垃圾').ambiguous).toEqual([]); // not 邢台's 沙河市
    expect(place('嘉陵江边').district).toBeNull(); // not 嘉陵(区) + 江边
    expect(place('嘉陵江边').ambiguous).toEqual([]);
    expect(place('南充市嘉陵区').district?.name).toBe('嘉陵区');
    expect(place('Jinjiang River is dirty').ambiguous).toEqual([]);
  });
});

describe('English', () => {
  it('reads districts in pinyin with their designator', () => {
    const a = place("There's a factory near Wenjiang District in Chengdu that releases black smoke every night");
    expect(a.district?.name).toBe('温江区');
    expect(a.mention).toBe('Wenjiang District in Chengdu');
    expect(a.confidence).toBe(1);
    expect(place('Construction noise in Jinjiang District, Chengdu').district?.name).toBe('锦江区');
    expect(place('Xindu District').district?.name).toBe('新都区'); // not 邢台's 信都区
    expect(place('Pidu District').district?.name).toBe('郫都区');
    expect(place('Shizhong District, Leshan').district?.code).toBe('511102');
    expect(place('Chaoyang District, Beijing').district?.code).toBe('110105');
    expect(place('Dujiangyan City').district?.name).toBe('都江堰市');
    expect(place('Du Jiang Yan').district?.name).toBe('都江堰市');
  });

  it('reads a capitalised bare name in the home province, less surely', () => {
    const r = place('I live in Dujiangyan');
    expect(r.district?.name).toBe('都江堰市');
    expect(r.confidence).toBe(0.8);
    expect(place('Chengdu').city).toBe('成都市');
  });

  it('reads one-syllable names only with a designator', () => {
    expect(place('Qu County').district?.name).toBe('渠县');
    expect(place('Quxian').district?.name).toBe('渠县');
    for (const text of ['Li Wei said so', 'Gao called', 'You should come']) expect(place(text).district, text).toBeNull();
  });

  it('ignores ordinary words', () => {
    for (const text of ['I paid 50 yuan for it', 'they dump waste along the river bank', 'dujiangyan is lower case', 'Ali said hi']) {
      const r = place(text);
      expect(r.district, text).toBeNull();
      expect(r.ambiguous, text).toEqual([]);
    }
  });
});

describe('ordinary words that are place names', () => {
  it('do not count alone', () => {
    for (const text of ['三台挖掘机在干活', '公安局不管', '工厂排黑水', '成华区建设路附近', '北京路有个工厂', '大面积污染', '东区有个工厂']) {
      const r = place(text);
      expect(r.ambiguous, text).toEqual([]);
      if (!text.startsWith('成华区')) expect(r.district, text).toBeNull();
    }
    expect(place('成华区建设路附近').district?.name).toBe('成华区');
  });

  it('count with their city or province named, or written in full', () => {
    expect(place('绵阳三台').district?.name).toBe('三台县');
    expect(place('阿坝黑水县').district?.name).toBe('黑水县');
    expect(place('攀枝花市东区').district?.code).toBe('510402');
    expect(place('南部县').district?.name).toBe('南部县');
  });
});

describe('unknown places', () => {
  it('reports a place-like name the gazetteer lacks', () => {
    const r = place('我家在新鑫镇，有个工厂');
    expect(r).toMatchObject({ district: null, unknown: '新鑫镇', mention: '新鑫镇', ambiguous: [] });
    expect(place('火星区有个工厂').unknown).toBe('火星区');
    expect(place('在青云乡那边').unknown).toBe('青云乡');
    const withCounty = place('郫都区新鑫镇');
    expect(withCounty.district?.name).toBe('郫都区');
    expect(withCounty.unknown).toBe('新鑫镇');
  });

  it('does not mistake ordinary nouns for names', () => {
    for (const text of [
      '我家楼下的火锅店油烟直接往小区里排',
      '金堂县淮口街道的工业园区晚上有气味',
      '景区里面在修别墅',
      '老城区的工地',
      '社区不管',
      '都江堰市龙池镇保护区里面',
      '经济开发区',
      '这个新区',
      '污染区域很大',
      '我们镇上',
      '美丽乡村',
      '乡镇企业',
      '区镇乡县街道',
    ]) {
      expect(place(text).unknown, text).toBeNull();
    }
  });
});

describe('answers to a question with candidates', () => {
  const shiyang = [d('510107'), d('510181')];
  const shizhong = [d('511102'), d('511002')];

  it('picks the candidate the answer names', () => {
    expect(place('都江堰', { candidates: shiyang }).district?.code).toBe('510181');
    expect(place('是武侯区的', { candidates: shiyang }).district?.code).toBe('510107');
    expect(place('武侯', { candidates: shiyang }).district?.code).toBe('510107');
    expect(place('石羊街道', { candidates: shiyang })).toMatchObject({ district: d('510107'), town: { name: '石羊街道' } });
    expect(place('乐山的', { candidates: shizhong }).district?.code).toBe('511102');
    expect(place('内江那个', { candidates: shizhong }).district?.code).toBe('511002');
    const r = place('都江堰', { candidates: shiyang });
    expect(r.ambiguous).toEqual([]);
    expect(r.confidence).toBe(0.9);
  });

  it('keeps asking when the answer fits several or none', () => {
    expect(names(place('石羊', { candidates: shiyang }).ambiguous)).toEqual(['成都市武侯区', '成都市都江堰市']);
    const none = place('不知道', { candidates: shiyang });
    expect(none.district).toBeNull();
    expect(none.ambiguous).toEqual([]);
  });

  it('survives malformed candidates', () => {
    const bad = [null, {}, { code: 1 }, d('510181')] as unknown as District[];
    expect(place('都江堰', { candidates: bad }).district?.code).toBe('510181');
  });
});
