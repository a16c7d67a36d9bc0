/**
 * The national gazetteer: provinces, cities, counties and towns from `data/gazetteer.json`, plus
 * the hand-kept tables of `aliases.ts`, turned into the lookups `scan.ts` scans text with.
 * Loaded once, on first use.
 */
import { readFileSync } from 'node:fs';
import { COMMON_WORDS, LANDMARKS, OLD_NAMES, RIVERS, TOWN_ALIASES, ZONES, type Zone } from './aliases.js';
import type { District, Town } from './types.js';

/** The shape of `data/gazetteer.json` (written by `scripts/build-gazetteer.ts`). */
export interface GazetteerData {
  /** Where the data came from. */
  source: string;
  /** `[code, name, pinyinKey]`, e.g. `["51", "四川省", "sichuan"]`. */
  provinces: [string, string, string][];
  /**
   * `[code, name, pinyinKey]`; the province's name for the municipalities' placeholders, `""` for
   * 省直辖县级行政区划 (those counties are their own city).
   */
  cities: [string, string, string][];
  /** `[code, name, pinyinKey]`; the city is `code.slice(0, 4)`, the province `code.slice(0, 2)`. */
  counties: [string, string, string][];
  /** County code → `"001郫筒街道|004安德街道|…"`: the last three code digits, then the name. */
  towns: Record<string, string>;
}

/** Ethnic groups, as they appear in the names of autonomous divisions (凉山彝族自治州 → 凉山). */
const ETHNIC = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克',
  '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬',
  '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克',
  '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
];
const ETHNIC_TAIL = new RegExp(`(?:(?:${ETHNIC.join('|')})族|蒙古|哈萨克|柯尔克孜|维吾尔)+$`);

/**
 * A division's name without its level suffix, the way people write it: 温江区 → 温江,
 * 凉山彝族自治州 → 凉山, 犀浦街道 → 犀浦, 四川省 → 四川. Returns `''` for county-level development
 * zones (codes xxxx70–xxxx79), which have no short form. May return one character (渠县 → 渠).
 */
export function shortName(name: string, level: 'province' | 'city' | 'county' | 'town', code?: string): string {
  if (level === 'county' && code !== undefined && code[4] === '7') return '';
  const autonomous = /自治[区州县旗]$|族[乡镇]$/.test(name);
  let s = name;
  if (level === 'province') s = s.replace(/(省|市|自治区|特别行政区)$/, '');
  else if (level === 'city') s = s.replace(/(市|地区|盟|自治州)$/, '');
  else if (level === 'county') s = s.replace(/(自治县|自治旗|林区|特区|新区|区|县|市|旗)$/, '');
  else s = s.replace(/(街道|镇|乡|苏木|地区)$/, '');
  if (autonomous) {
    const bare = s.replace(ETHNIC_TAIL, '');
    if (bare.length >= 2) s = bare;
  }
  return s;
}

/** A province record. */
export interface ProvinceRec {
  code: string;
  name: string;
  short: string;
  key: string;
}

/** A prefecture-level city record; `name` is `''` for the 省直辖 placeholders. */
export interface CityRec {
  code: string;
  name: string;
  province: number;
  short: string;
  key: string;
}

/** A county-level record with its shared, frozen `District`. */
export interface CountyRec {
  district: District;
  city: number;
  province: number;
  short: string;
  key: string;
  /** Indices into the town table. */
  towns: number[];
}

/** A functional zone with its towns resolved to indices. */
export interface ZoneRec {
  zone: Zone;
  /** Index of its city. */
  city: number;
  /** Indices of the towns it administers. */
  towns: number[];
  /** English names as patterns, with whether each is generic. */
  english: { re: RegExp; generic: boolean }[];
}

/** What a dictionary word can stand for. */
export type EntryKind = 'province' | 'city' | 'county' | 'town' | 'zone' | 'old_name' | 'landmark' | 'river';

/**
 * One reading of a dictionary word. `form` says how strong it is: `full` (an official name or a
 * specific alias), `short` (suffix dropped: 温江, 成都), `weak` (a town's short name: 石羊),
 * `generic` (a zone name every city has: 高新区).
 */
export interface NameEntry {
  kind: EntryKind;
  form: 'full' | 'short' | 'weak' | 'generic';
  /** Indices into the table of `kind` (provinces, cities, counties, towns, zones); empty for rivers. */
  ids: number[];
  /** The word is also an ordinary word (`COMMON_WORDS`): a place only when its city or province is named. */
  common: boolean;
}

/** A city's town short names: word → town indices, and first-character length masks. */
export interface WeakIndex {
  words: Map<string, number[]>;
  lengths: Map<number, number>;
}

/** One reading of an English (pinyin) key. */
export interface KeyEntry {
  kind: 'province' | 'city' | 'county';
  id: number;
  /** A one-character short name (渠县 → "qu"): read only with a designator ("Qu County"). */
  mono: boolean;
}

/** The loaded gazetteer and its lookups. */
export interface Gazetteer {
  source: string;
  provinces: ProvinceRec[];
  cities: CityRec[];
  counties: CountyRec[];
  zones: ZoneRec[];
  townName: string[];
  townCounty: number[];
  /** County code → index. */
  countyByCode: Map<string, number>;
  /** City code → index. */
  cityByCode: Map<string, number>;
  /** Province code → index. */
  provinceByCode: Map<string, number>;
  /** City full or short name (and a municipality's province name) → indices, for `PlaceContext.city`. */
  cityByName: Map<string, number[]>;
  /** Chinese words → readings, towns apart (see `lookup`); no weak readings (see `weakIndex`). */
  names: Map<string, NameEntry[]>;
  /** All readings of a Chinese word, towns included; undefined when it is no place word. */
  lookup(word: string): NameEntry[] | undefined;
  /** Town short names (weak readings) of one city, built on first use. */
  weakIndex(city: number): WeakIndex;
  /** UTF-16 code of a first character → bit mask of the word lengths starting with it (bit n = length n). */
  lengths: Uint32Array;
  /** Pinyin keys (lower case, letters only) → readings. */
  keys: Map<string, KeyEntry[]>;
  /** Town index → its zone index. */
  townZone: Map<number, number>;
  /** The Town for a town index (built on demand). */
  town(i: number): Town;
}

const DATA_URL = new URL('./data/gazetteer.json', import.meta.url);
let loaded: Gazetteer | null = null;

/** The gazetteer, loaded and indexed on first call (about 80–100 ms), then shared. */
export function gazetteer(): Gazetteer {
  loaded ??= build(JSON.parse(readFileSync(DATA_URL, 'utf8')) as GazetteerData);
  return loaded;
}

/** The current District for a six-digit code, or null. */
export function districtByCode(code: string): District | null {
  const g = gazetteer();
  const i = g.countyByCode.get(code);
  return i === undefined ? null : g.counties[i]!.district;
}

/** Every county-level District whose official name is `name` (市中区 gives four). */
export function districtsByName(name: string): District[] {
  const g = gazetteer();
  const out: District[] = [];
  for (const e of g.lookup(name) ?? []) {
    if (e.kind === 'county' && e.form === 'full') for (const id of e.ids) out.push(g.counties[id]!.district);
  }
  return out;
}

/** Every town named `name` exactly, nationally. */
export function townsByName(name: string): Town[] {
  const g = gazetteer();
  const out: Town[] = [];
  for (const e of g.lookup(name) ?? []) if (e.kind === 'town' && e.form === 'full') for (const id of e.ids) out.push(g.town(id));
  return out;
}

/**
 * The functional zone that administers a town (by its nine-digit code), or null: 华阳街道
 * (510116003) → 天府新区. Routing uses it when the text names the street but not the zone.
 */
export function zoneOfTown(townCode: string): string | null {
  const g = gazetteer();
  const county = g.countyByCode.get(townCode.slice(0, 6));
  if (county === undefined) return null;
  for (const t of g.counties[county]!.towns) {
    if (g.town(t).code === townCode) {
      const z = g.townZone.get(t);
      return z === undefined ? null : g.zones[z]!.zone.name;
    }
  }
  return null;
}

/**
 * A town name's stem for matching, or `''` when the name is no town-level place name (开发区,
 * 农场, 城区 are town-level units in the NBS list, and ordinary words).
 */
function townStem(name: string): string {
  const tail = name.endsWith('街道') ? 2 : name.endsWith('苏木') || name.endsWith('地区') ? 2 : /[镇乡]$/.test(name) ? 1 : 0;
  if (!tail) return '';
  if (name.length - tail >= 3 && name[name.length - tail - 1] === '族') return shortName(name, 'town');
  return name.slice(0, name.length - tail);
}

function build(data: GazetteerData): Gazetteer {
  const common = new Set(COMMON_WORDS);
  const names = new Map<string, NameEntry[]>();
  const lengths = new Uint32Array(65536);
  const keys = new Map<string, KeyEntry[]>();

  const add = (word: string, kind: EntryKind, form: NameEntry['form'], id: number | null): void => {
    if (word.length < 2 || word.length > 31) return;
    let list = names.get(word);
    if (list === undefined) {
      list = [];
      names.set(word, list);
      lengths[word.charCodeAt(0)]! |= 1 << word.length;
    }
    let entry: NameEntry | undefined;
    for (const e of list) if (e.kind === kind && e.form === form) entry = e;
    if (entry === undefined) {
      entry = { kind, form, ids: [], common: kind !== 'province' && common.has(word) };
      list.push(entry);
    }
    if (id !== null && entry.ids[entry.ids.length - 1] !== id) entry.ids.push(id);
  };
  // Towns are many (41k): a word maps to a town index, or -(k+1) for the k-th list of several.
  const townFull = new Map<string, number>();
  const multi: number[][] = [];
  const putTown = (word: string, i: number): void => {
    const cur = townFull.get(word);
    if (cur === undefined) {
      townFull.set(word, i);
      lengths[word.charCodeAt(0)]! |= 1 << word.length;
    } else if (cur >= 0) {
      if (cur !== i) townFull.set(word, -multi.push([cur, i]));
    } else {
      const list = multi[-cur - 1]!;
      if (list[list.length - 1] !== i) list.push(i);
    }
  };
  const has = (word: string, kind: EntryKind): boolean => names.get(word)?.some((e) => e.kind === kind) ?? false;
  const addKey = (key: string, kind: KeyEntry['kind'], id: number, mono = false): void => {
    if (key.length < 2) return;
    let list = keys.get(key);
    if (!list) keys.set(key, (list = []));
    list.push({ kind, id, mono });
  };

  const provinces: ProvinceRec[] = data.provinces.map(([code, name, key]) => ({ code, name, short: shortName(name, 'province'), key }));
  const provinceByCode = new Map(provinces.map((p, i) => [p.code, i]));
  provinces.forEach((p, i) => {
    add(p.name, 'province', 'full', i);
    add(p.short, 'province', 'short', i);
    addKey(p.key, 'province', i);
  });

  const cities: CityRec[] = data.cities.map(([code, name, key]) => ({
    code,
    name,
    province: provinceByCode.get(code.slice(0, 2)) ?? -1,
    short: name ? shortName(name, 'city') : '',
    key,
  }));
  const cityByCode = new Map(cities.map((c, i) => [c.code, i]));
  const cityByName = new Map<string, number[]>();
  const addCityName = (n: string, i: number): void => {
    if (!n) return;
    const list = cityByName.get(n) ?? [];
    if (!list.includes(i)) list.push(i);
    cityByName.set(n, list);
  };
  cities.forEach((c, i) => {
    if (!c.name) return;
    add(c.name, 'city', 'full', i);
    add(c.short, 'city', 'short', i);
    addKey(c.key, 'city', i);
    addCityName(c.name, i);
    addCityName(c.short, i);
  });

  const counties: CountyRec[] = data.counties.map(([code, name, key]) => {
    const city = cityByCode.get(code.slice(0, 4)) ?? -1;
    const province = provinceByCode.get(code.slice(0, 2)) ?? -1;
    const district: District = Object.freeze({
      code,
      name,
      city: cities[city]?.name || name,
      province: provinces[province]?.name ?? '',
    });
    return { district, city, province, short: shortName(name, 'county', code), key, towns: [] };
  });
  const countyByCode = new Map(counties.map((c, i) => [c.district.code, i]));
  const cityCounties: number[][] = cities.map(() => []);
  counties.forEach((c, i) => cityCounties[c.city]?.push(i));
  counties.forEach((c, i) => {
    add(c.district.name, 'county', 'full', i);
    // A short name that is also a city's short name means the city (长沙 is 长沙市, not 长沙县).
    if (c.short.length >= 2 && !has(c.short, 'city') && !has(c.short, 'province')) add(c.short, 'county', 'short', i);
    if (c.key) {
      addKey(c.key, 'county', i, c.short.length === 1);
      // 渠县 → "qu" needs a designator; "quxian" is one word.
      if (c.short.length === 1) addKey(c.key + ({ 区: 'qu', 县: 'xian', 市: 'shi', 旗: 'qi' }[c.district.name.slice(-1)] ?? ''), 'county', i);
    }
  });

  const zones: ZoneRec[] = ZONES.map((zone) => ({
    zone,
    city: cityByName.get(zone.city)?.[0] ?? -1,
    towns: [],
    english: [
      ...zone.english.map((p) => ({ re: englishPattern(p), generic: false })),
      ...zone.englishGeneric.map((p) => ({ re: englishPattern(p), generic: true })),
    ],
  }));
  zones.forEach((z, i) => {
    for (const a of z.zone.aliases) add(a, 'zone', 'full', i);
    add(z.zone.name, 'zone', 'full', i);
    for (const a of z.zone.generic) add(a, 'zone', 'generic', i);
  });

  for (const o of OLD_NAMES) {
    const id = countyByCode.get(o.code);
    if (id !== undefined) add(o.old, 'old_name', 'full', id);
  }
  for (const l of LANDMARKS) {
    const id = countyByCode.get(l.code);
    if (id !== undefined) for (const n of l.names) add(n, 'landmark', 'full', id);
  }
  for (const r of RIVERS) add(r, 'river', 'full', null);

  // Towns last: their full names, then their short names as weak readings.
  const townSuffix: string[] = [];
  const townName: string[] = [];
  const townCounty: number[] = [];
  for (const countyCode in data.towns) {
    const county = countyByCode.get(countyCode);
    if (county === undefined) continue;
    const own = counties[county]!.towns;
    for (const item of data.towns[countyCode]!.split('|')) {
      const i = townName.length;
      const name = item.slice(3);
      townSuffix.push(item.slice(0, 3));
      townName.push(name);
      townCounty.push(county);
      own.push(i);
      // Only real town-level names: 开发区, 城区, 工业园区… are town-level units too, and ordinary words.
      if (name.length <= 31 && townStem(name).length >= 2) putTown(name, i);
    }
  }
  for (const a of TOWN_ALIASES) {
    const c = counties.find((x) => x.district.name === a.district && x.district.city === '成都市');
    const t = c?.towns.find((x) => townName[x] === a.town);
    if (t !== undefined) putTown(a.alias, t);
  }
  const townEntry = (code: number | undefined): NameEntry | null =>
    code === undefined ? null : { kind: 'town', form: 'full', ids: code >= 0 ? [code] : multi[-code - 1]!, common: false };
  const lookup = (word: string): NameEntry[] | undefined => {
    const base = names.get(word);
    const full = townEntry(townFull.get(word));
    if (!full) return base;
    return base ? [...base, full] : [full];
  };

  // Weak readings (石羊 for 石羊街道) only count inside a city in scope: indexed per city, on demand.
  const weakCache = new Map<number, WeakIndex>();
  const weakIndex = (city: number): WeakIndex => {
    let idx = weakCache.get(city);
    if (idx) return idx;
    idx = { words: new Map(), lengths: new Map() };
    for (const c of cityCounties[city] ?? []) {
      for (const i of counties[c]!.towns) {
        const name = townName[i]!;
        const stem = townStem(name);
        // 彭镇, 乌镇: two characters are too word-like to be read in full; they are weak readings.
        const short = stem.length === 1 ? name : stem;
        // 地区 (Beijing's 东风地区) are matched in full only; a weak reading never hides an
        // official name or an alias of the same spelling.
        if (short.length < 2 || short.length > 31 || name.endsWith('地区') || common.has(short) || townFull.has(short)) continue;
        const list = idx.words.get(short);
        if (list) list.push(i);
        else {
          idx.words.set(short, [i]);
          const first = short.charCodeAt(0);
          idx.lengths.set(first, (idx.lengths.get(first) ?? 0) | (1 << short.length));
        }
      }
    }
    weakCache.set(city, idx);
    return idx;
  };

  const townZone = new Map<number, number>();
  zones.forEach((z, zi) => {
    for (const zt of z.zone.towns) {
      const county = counties.find((c) => c.district.name === zt.district && c.city === z.city);
      const t = county?.towns.find((x) => townName[x] === zt.town);
      if (t !== undefined) {
        z.towns.push(t);
        townZone.set(t, zi);
      }
    }
  });

  const townCache = new Map<number, Town>();
  const town = (i: number): Town => {
    let t = townCache.get(i);
    if (!t) {
      const district = counties[townCounty[i]!]!.district;
      t = Object.freeze({ code: district.code + townSuffix[i]!, name: townName[i]!, district });
      townCache.set(i, t);
    }
    return t;
  };

  return {
    source: data.source,
    provinces,
    cities,
    counties,
    zones,
    townName,
    townCounty,
    countyByCode,
    cityByCode,
    provinceByCode,
    cityByName,
    names,
    lookup,
    weakIndex,
    lengths,
    keys,
    townZone,
    town,
  };
}

/** An English phrase as a case-insensitive pattern: spaces and hyphens interchangeable. */
function englishPattern(phrase: string): RegExp {
  const words = phrase.split(/[\s-]+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\b${words.join('[\\s-]*')}\\b`, 'i');
}
