import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/cases/categories.js';
import { ConfigFileError } from '../../src/config-files/yaml.js';
import { districtByCode } from '../../src/places/gazetteer.js';
import { districtsOfCity, routingReport } from '../../src/routing/check.js';
import { loadRouting } from '../../src/routing/load.js';
import { routeInputOf } from '../../src/routing/input.js';
import { routeCase, type RouteInput } from '../../src/routing/route.js';
import { runHuiyin } from '../helpers/cli.js';

const CONFIG = resolve('config');
const { units, table } = loadRouting(CONFIG);

const at = (code: string, over: Partial<RouteInput> = {}): RouteInput => {
  const d = districtByCode(code)!;
  return { districtCode: d.code, city: d.city, province: d.province, zone: null, category: 'air', subcategory: null, night: false, ...over };
};

/** A copy of the shipped configuration with one file's text replaced. */
function configWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'huiyin-config-'));
  cpSync(CONFIG, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}
function problems(dir: string): string[] {
  try {
    loadRouting(dir);
  } catch (err) {
    if (err instanceof ConfigFileError) return err.problems;
    throw err;
  }
  return [];
}

describe('the shipped routing', () => {
  it('sends every Chengdu district × main category to that district’s own bureau, never to triage', () => {
    const chengdu = districtsOfCity('成都市');
    expect(chengdu).toHaveLength(20);
    for (const d of chengdu) {
      for (const category of CATEGORIES) {
        const r = routeCase(table, units, at(d.code, { category }));
        expect(r.rule, `${d.name} × ${category}`).not.toBe('fallback');
        expect(r.unit.district, `${d.name} × ${category}`).toBe(d.code);
      }
    }
  });

  it('sends the functional zones to their own bureaus', () => {
    expect(routeCase(table, units, at('510107', { zone: '成都高新区' })).unit.id).toBe('cd-gaoxin-eeb');
    expect(routeCase(table, units, at('510116', { zone: '天府新区', category: 'water' })).unit.id).toBe('cd-tianfu-eeb');
    expect(routeCase(table, units, { ...at('510185'), zone: '成都东部新区' }).unit.id).toBe('cd-dongbu-eeb');
  });

  it('puts a street a zone administers in that zone, even when only the street was named', () => {
    const base = { district_code: '510116', city: '成都市', province: '四川省', zone: null, categories: ['air'], subcategory: 'dust', night: false };
    expect(routeCase(table, units, routeInputOf({ ...base, town: '华阳街道' })).unit.id).toBe('cd-tianfu-eeb');
    expect(routeCase(table, units, routeInputOf({ ...base, town: '东升街道' })).unit.id).toBe('cd-shuangliu-eeb');
    expect(routeCase(table, units, routeInputOf({ ...base, town: null })).unit.id).toBe('cd-shuangliu-eeb');
  });

  it('gives departments what they own, night noise to the police', () => {
    expect(routeCase(table, units, at('510104', { subcategory: 'cooking_fumes' })).unit.id).toBe('cd-urban-mgmt');
    expect(routeCase(table, units, at('510114', { category: 'noise', subcategory: 'social_noise', night: true })).unit.id).toBe('cd-police');
    expect(routeCase(table, units, at('510114', { category: 'noise', subcategory: 'social_noise' })).unit.id).toBe('cd-urban-mgmt');
    expect(routeCase(table, units, at('510108', { category: 'noise', subcategory: 'construction_noise', night: true })).unit.id).toBe('cd-housing');
    expect(routeCase(table, units, at('510181', { category: 'ecology', subcategory: 'nature_reserve' })).unit.id).toBe('cd-forestry');
    expect(routeCase(table, units, at('510106', { category: 'radiation', subcategory: 'electromagnetic' })).unit.id).toBe('cd-econ-it');
    expect(routeCase(table, units, at('510104', { subcategory: 'vehicle_exhaust' })).unit.id).toBe('cd-transport');
  });

  it('sends other Sichuan prefectures to their city bureau, and the rest of China to triage', () => {
    expect(routeCase(table, units, at('510603')).unit).toMatchObject({ id: 'sc-5106-eeb', city: '德阳市' });
    expect(routeCase(table, units, at('513401')).unit.city).toBe('凉山彝族自治州');
    const beijing = routeCase(table, units, at('110101'));
    expect(beijing).toMatchObject({ rule: 'fallback', unit: { id: 'cd-city-eeb' } });
    const nowhere = routeCase(table, units, { districtCode: null, city: null, province: null, zone: null, category: 'air', subcategory: null, night: false });
    expect(nowhere.rule).toBe('fallback');
  });

  it('reports the whole matrix with nothing unrouted', () => {
    const report = routingReport(table, units);
    expect(report.unrouted).toEqual([]);
    expect(report.lines.some((l) => l.startsWith('郫都区\tcd-pidu-eeb'))).toBe(true);
  });
});

describe('a broken routing configuration', () => {
  it('refuses unknown units, codes, zones and cities with file and line', () => {
    const p = problems(
      configWith('units.yaml', (t) => t.replace('district: "510117"', 'district: "519999"').replace('zone: 成都东部新区', 'zone: 月球新区').replace('city: 德阳市', 'city: 德阳')),
    );
    expect(p.some((x) => /units\.yaml:\d+: .*no county has the code 519999/.test(x))).toBe(true);
    expect(p.some((x) => /units\.yaml:\d+: .*unknown zone "月球新区"/.test(x))).toBe(true);
    expect(p.some((x) => /units\.yaml:\d+: .*unknown city "德阳"/.test(x))).toBe(true);
  });

  it('refuses a rule to a unit that does not exist, a duplicate unit and an ambiguous district name', () => {
    const p = problems(configWith('routing.yaml', (t) => t.replace('unit: cd-police', 'unit: cd-polce').replace('match: { zone: 成都高新区 }', 'match: { zone: 成都高新区, district: [市中区] }')));
    expect(p).toEqual([expect.stringMatching(/routing\.yaml:\d+: rules\.1\.unit: unknown unit "cd-polce"/), expect.stringMatching(/routing\.yaml:\d+: .*"市中区" names several counties/)]);
    const dup = problems(configWith('units.yaml', (t) => t.replace('id: cd-transport', 'id: cd-police')));
    expect(dup.some((x) => /"cd-police" is used twice/.test(x))).toBe(true);
  });

  it('refuses an unknown category or field', () => {
    const p = problems(configWith('routing.yaml', (t) => t.replace('subcategory: [cooking_fumes]', 'subcategory: [cooking_smells], colour: red')));
    expect(p.length).toBeGreaterThanOrEqual(2);
    expect(p.join('\n')).toMatch(/routing\.yaml:\d+: rules\.0\.match/);
  });
});

describe('huiyin routing check', () => {
  it('prints the matrix and exits 0 when every pair is routed', async () => {
    const out = await runHuiyin(['routing', 'check'], '');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/锦江区\tcd-jinjiang-eeb/);
    expect(out.stdout).toMatch(/social_noise\tcd-urban-mgmt \/ cd-police/);
  });

  it('exits 1 and names the file and line when the configuration is broken', async () => {
    const dir = configWith('routing.yaml', (t) => t.replace('fallback: cd-city-eeb', 'fallback: nobody'));
    const out = await runHuiyin(['routing', 'check'], '', { HUIYIN_CONFIG_DIR: dir });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/routing\.yaml:\d+: fallback: unknown unit "nobody"/);
  });
});

describe('huiyin roster check', () => {
  it('passes on the shipped demo roster over a holiday fortnight', async () => {
    const out = await runHuiyin(['roster', 'check', '--from', '2026-09-25', '--days', '14'], '');
    expect(out.code, out.stderr + out.stdout).toBe(0);
    expect(out.stdout).toMatch(/OK: every unit has someone on duty every hour/);
  });

  it('fails and lists the hours when a unit loses its night shift', async () => {
    const dir = configWith('rosters.yaml', (t) =>
      t.replace(/(  - unit: cd-pidu-eeb\n    shifts:\n(?:      - .*\n)*?)      - \{ name: night[^\n]*\n/, '$1').replace('on_call: [pidu.chief, pidu.lead]', 'on_call: []'),
    );
    const out = await runHuiyin(['roster', 'check', '--from', '2026-09-25', '--days', '2'], '', { HUIYIN_CONFIG_DIR: dir });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/cd-pidu-eeb/);
    expect(out.stdout).toMatch(/2026-09-25 17:00/);
  });

  it('fails for days the holiday calendar does not cover, and on a bad option', async () => {
    const out = await runHuiyin(['roster', 'check', '--from', '2027-03-01', '--days', '3'], '');
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/no holiday schedule for 2027/);
    expect((await runHuiyin(['roster', 'check', '--days', 'lots'], '')).code).toBe(2);
  });

  it('refuses to start with a unit that has no roster', () => {
    const dir = configWith('rosters.yaml', (t) => t.replace('unit: cd-police', 'unit: cd-polis'));
    expect(problems(dir).join('\n')).toMatch(/rosters\.yaml:\d+: .*cd-polis/);
  });
});
