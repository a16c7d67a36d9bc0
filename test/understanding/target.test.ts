import { describe, expect, it } from 'vitest';
import { readTarget } from '../../src/understanding/rules/target.js';

describe('target', () => {
  it.each([
    ['郫都区犀浦街道有家塑料厂每天晚上排黑烟', '塑料厂'],
    ['温江区万春镇的养猪场把粪水排进河里', '养猪场'],
    ['我家楼下的火锅店油烟直接往小区里排', '火锅店'],
    ['简阳市石桥镇的砖厂粉尘很大', '砖厂'],
    ['簇桥街道有个汽修厂在路边露天喷漆', '汽修厂'],
    ['安仁镇一个石材加工厂切割石头的噪音很大', '石材加工厂'],
    ['有家酒厂的废水排到南河里', '酒厂'],
    ['一家橡胶厂臭味很大', '橡胶厂'],
    ['彭州市一家化工厂旁边的农田', '化工厂'],
    ['岷江边上有家洗砂场', '洗砂场'],
    ['长江边有个码头装卸煤炭', '码头'],
    ['十陵街道一家汽车厂的喷涂车间气味很大', '汽车厂喷涂车间'],
    ['五津街道污水处理厂的出水口', '污水处理厂'],
    ['楼顶装了好多通信基站', '通信基站'],
    ['涪城区有个KTV每天营业到凌晨三点', 'KTV'],
    ['小区门口的烧烤摊', '烧烤摊'],
    ["There's a factory near Wenjiang District", 'factory'],
    ['smoke from a chemical plant', 'chemical plant'],
  ])('%s → %s', (text, target) => expect(readTarget(text)?.value).toBe(target));

  it('never returns a place or a non-unit', () => {
    expect(readTarget('天府广场附近很吵')).toBeNull();
    expect(readTarget('双流机场附近飞机起降的噪音太大了')).toBeNull();
    expect(readTarget('我到现场看了')).toBeNull();
    expect(readTarget('火车站旁边')).toBeNull();
    expect(readTarget('锦江边上有人往河里倒生活垃圾')).toBeNull();
    expect(readTarget('有人在山上采矿')).toBeNull();
  });

  it('cuts a place span off the front', () => {
    const text = '温江化工厂排废气';
    const t = readTarget(text, [{ kind: 'district', text: '温江', start: 0, end: 2 }]);
    expect(t?.value).toBe('化工厂');
    expect(t?.span).toMatchObject({ start: 2, end: 5 });
  });
});

describe('names with digits', () => {
  it('keeps the digits of a name like 4S店', async () => {
    const { readTarget } = await import('../../src/understanding/rules/target.js');
    expect(readTarget('龙泉驿区大面街道的汽车4S店喷漆房没有任何处理设施')?.value).toBe('汽车4S店');
  });
});
