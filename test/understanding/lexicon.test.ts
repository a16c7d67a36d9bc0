import { describe, expect, it } from 'vitest';
import { SUBCATEGORY_PARENT } from '../../src/cases/categories.js';
import { LEXICON, SOURCE_HINTS, classify, findLexiconHits } from '../../src/understanding/rules/lexicon.js';

describe('lexicon table', () => {
  it('compiles every row and keeps subcategories under their usual parent', () => {
    for (const row of LEXICON) {
      expect(() => new RegExp(row.source, 'gi')).not.toThrow();
      expect(row.weight).toBeGreaterThanOrEqual(1);
      expect(row.weight).toBeLessThanOrEqual(3);
      if (row.subcategory) expect(SUBCATEGORY_PARENT[row.subcategory]).toBe(row.category);
    }
    for (const hint of SOURCE_HINTS) {
      for (const [cat, sub] of Object.entries(hint.hints)) expect(SUBCATEGORY_PARENT[sub]).toBe(cat);
    }
  });

  it('never matches the empty string', () => {
    for (const row of LEXICON) expect(new RegExp(row.source, 'i').test('')).toBe(false);
  });
});

describe('classify: one subcategory each', () => {
  const cases: [string, string, string | null][] = [
    ['小区旁边有股恶臭', 'air', 'odour'],
    ['那边一直有刺鼻的异味', 'air', 'odour'],
    ['工厂烟囱冒黑烟', 'air', 'industrial_gas'],
    ['汽修店露天喷漆', 'air', 'industrial_gas'],
    ['工地扬尘很大', 'air', 'dust'],
    ['楼下餐馆油烟太大', 'air', 'cooking_fumes'],
    ['村里有人烧秸秆', 'air', 'burning'],
    ['大货车尾气熏人', 'air', 'vehicle_exhaust'],
    ['工地晚上打桩', 'noise', 'construction_noise'],
    ['厂里机器轰鸣，鼓风机噪音大', 'noise', 'industrial_noise'],
    ['广场舞音响太吵', 'noise', 'social_noise'],
    ['楼上邻居装修，电钻声吵死了', 'noise', 'social_noise'],
    ['火车鸣笛噪音太大', 'noise', 'traffic_noise'],
    ['厂里的废水直接排到河里', 'water', 'industrial_wastewater'],
    ['生活污水直排', 'water', 'domestic_sewage'],
    ['养猪场粪水流进水库', 'water', 'livestock'],
    ['路边堆满生活垃圾', 'solid_waste', 'garbage'],
    ['诊所乱扔医疗废物', 'solid_waste', 'hazardous_waste'],
    ['山沟里偷倒渣土', 'solid_waste', 'construction_waste'],
    ['怀疑土壤被重金属污染', 'soil', null],
    ['楼顶基站辐射大', 'radiation', 'electromagnetic'],
    ['有人开矿炸山', 'ecology', 'mining'],
    ['河道里有人偷偷挖砂', 'ecology', 'sand_dredging'],
    ['保护区里面修别墅', 'ecology', 'nature_reserve'],
    ['山上有人大量砍树', 'ecology', 'deforestation'],
    ['河里好多死鱼，水华很严重', 'water', null],
    ['There is a terrible smell from the factory', 'air', 'odour'],
    ['Loud karaoke music every night', 'noise', 'social_noise'],
    ['They dump garbage by the road', 'solid_waste', 'garbage'],
  ];
  it.each(cases)('%s → %s/%s', (text, category, sub) => {
    const c = classify(text);
    expect(c.categories[0]).toBe(category);
    expect(c.subcategory).toBe(sub);
  });
});

describe('classify: order and mixtures', () => {
  it('burning garbage is air first, then solid waste', () => {
    expect(classify('有人露天焚烧垃圾，浓烟很大').categories).toEqual(['air', 'solid_waste']);
  });
  it('a smelly transfer station is an odour complaint about a waste facility', () => {
    const c = classify('垃圾中转站臭得不行');
    expect(c.categories).toEqual(['air', 'solid_waste']);
    expect(c.subcategory).toBe('odour');
  });
  it('rubbish dumped into a river is solid waste, then water', () => {
    expect(classify('有人往河里倒生活垃圾').categories).toEqual(['solid_waste', 'water']);
  });
  it('night construction with dust is noise first', () => {
    expect(classify('工地夜间施工，扬尘也很大').categories).toEqual(['noise', 'air']);
  });
  it('equal evidence goes by position', () => {
    expect(classify('搅拌站粉尘和噪音都很严重').categories).toEqual(['air', 'noise']);
    expect(classify('搅拌站噪音和粉尘都很严重').categories).toEqual(['noise', 'air']);
  });
  it('a quarry blasting is ecology with noise', () => {
    expect(classify('采石场天天放炮炸山').categories).toEqual(['ecology', 'noise']);
  });
  it('manure running into a river is water; a pig farm that stinks is air', () => {
    expect(classify('养猪场把粪水排进河里，河水发黑发臭')).toMatchObject({ categories: ['water'], subcategory: 'livestock' });
    expect(classify('养猪场臭气熏天')).toMatchObject({ categories: ['air'], subcategory: 'odour' });
  });
  it('weak context alone adds no second category', () => {
    expect(classify('机场附近有个工厂排废气').categories).toEqual(['air']);
    expect(classify('工地扬尘很大').categories).toEqual(['air']);
  });
  it('a factory pouring unspecified 污水 is industrial wastewater by its source', () => {
    expect(classify('造纸厂往河里排污水').subcategory).toBe('industrial_wastewater');
    expect(classify('污水处理厂往河里排污水').subcategory).toBe('domestic_sewage');
  });
  it('a noise with no kind takes the kind of its source', () => {
    expect(classify('石材加工厂噪音很大').subcategory).toBe('industrial_noise');
  });
});

describe('classify: negatives', () => {
  it('a negated word is no evidence', () => {
    expect(classify('现在没有异味了').categories).toEqual([]);
    expect(classify('不是噪音的问题，是油烟太大').categories).toEqual(['air']);
    expect(classify('There is no smell anymore').categories).toEqual([]);
  });
  it('不停 does not negate', () => {
    expect(classify('烟囱不停冒黑烟').categories).toEqual(['air']);
  });
  it('烧烤 is cooking, not burning; 渣土车 is not construction waste; 矿泉水 is not mining', () => {
    expect(classify('烧烤店油烟大').subcategory).toBe('cooking_fumes');
    expect(classify('渣土车来来往往').categories).not.toContain('solid_waste');
    expect(classify('喝矿泉水').categories).toEqual([]);
  });
  it('a greeting or a question about the service names no pollution', () => {
    expect(classify('在吗').categories).toEqual([]);
    expect(classify('请问你们这里受理哪些问题？').categories).toEqual([]);
  });
  it('hits are positioned and do not overlap', () => {
    const hits = findLexiconHits('偷倒建筑垃圾');
    expect(hits).toHaveLength(2);
    expect(hits.map((h) => h.text)).toEqual(['偷倒', '建筑垃圾']);
  });
});
