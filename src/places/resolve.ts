/**
 * Text → place: which county (区/县/市), town and functional zone a complaint names, or which
 * candidates to ask about. Longest-match over the gazetteer's names (Chinese) and pinyin keys
 * (English), then disambiguation by the text's own cities and provinces, the conversation's city,
 * and a home preference (Sichuan, then Chengdu).
 */
import { RIVER_WORDS } from './aliases.js';
import { gazetteer, shortName, type Gazetteer, type KeyEntry, type NameEntry } from './gazetteer.js';
import type { District, PlaceContext, PlaceResolution, Span, Town } from './types.js';

/** Where the bot serves: ties are broken toward this province, then (for weak names) this city. */
export const HOME = { province: '51', city: '5101' } as const;

/** Most candidates returned in `ambiguous`. */
export const MAX_CANDIDATES = 12;

/** Most place words read from one text (a 20,000-character paste stays fast and bounded). */
const MAX_HITS = 400;

/** After a short or weak name, these make it a road or a building, not the place (建设路, 成都大学). */
const NOT_PLACE_AFTER = ['路', '大道', '大街', '街', '巷'];

/** Words after an English name that say what level it is. */
const DESIGNATORS: Record<string, 'county' | 'district' | 'city' | 'province' | 'prefecture'> = {
  district: 'district',
  qu: 'district',
  county: 'county',
  xian: 'county',
  banner: 'county',
  city: 'city',
  shi: 'city',
  municipality: 'city',
  province: 'province',
  sheng: 'province',
  prefecture: 'prefecture',
};

/** English words that are pinyin keys too; never read as a place without a designator. */
const ENGLISH_WORDS = new Set(['yuan', 'dali', 'ali', 'mile', 'dean', 'lean', 'bole', 'jian', 'boli', 'nehe']);

/** Suffixes of a place-like word (for `unknown`). */
const PLACE_SUFFIX = /街道|镇|乡|区|县/g;
/** Characters that cannot be inside a place name read backwards from its suffix. */
const NOT_IN_NAME = new Set([...'在的是到了住我你他她它们从去说那这和与及于往叫个有把被让给向对也就还又很要会能可请问吗呢吧啊哦嗯某该本全每各此其附近区县镇乡街']);
/** Endings of place-like words that are ordinary nouns, not names (小区, 工业园区, 景区…). */
const GENERIC_PLACE =
  /(小区|园区|景区|城区|社区|保护区|开发区|新区|市区|郊区|片区|校区|厂区|矿区|街区|辖区|山区|库区|港区|商区|营区|灾区|禁区|功能区|示范区|试验区|服务区|生活区|住宅区|居住区|办公区|商业区|工业区|风景区|旅游区|度假区|城乡|乡镇|城镇|集镇|小镇|古镇|村镇|家乡|老乡|下乡|同乡|故乡|他乡|异乡|城县|外县|邻县|邻区)$/;
/** A suffix character that begins another word here (区域, 区别, 镇定, 乡村). */
const NOT_A_SUFFIX = /^(?:区[域别分间块]|镇[定压静痛守]|乡[村下亲愁音土间]|县[长委])/;
const HAN = /\p{Script=Han}/u;
const GENERIC_NAME_PART = /工业|经济|技术|开发|产业|物流|商业|住宅|生活|风景|自然|示范|试验|功能|服务|管理|居民|行政|贸易|保税|科技|高新|农业|旅游|度假|文化|创业|创新|实验|生态|湿地|公园|园|污染|噪音|噪声|垃圾|养殖|施工|建筑|拆迁|安置|重点|周边|附近|整个|这个|那个|一个/;

type Level = 'province' | 'city' | 'district' | 'town' | 'zone' | 'landmark' | 'old_name';

/** A word found in the text, with its readings. */
interface Hit {
  start: number;
  end: number;
  /** Chinese readings (empty for English). */
  entries: NameEntry[];
  /** English readings (empty for Chinese). */
  keys: KeyEntry[];
  /** English designator that followed, if any. */
  designator: (typeof DESIGNATORS)[string] | null;
  /** A river name that is also a place, not followed by river words: the place, but to confirm. */
  homonym: boolean;
  /** English name without designator. */
  bare: boolean;
}

interface CountyRead {
  hit: Hit;
  raw: number[];
  ids: number[];
  /** 3 official/old/designated English, 2 short, 1 landmark or bare English, 0 a homonym to confirm. */
  rank: number;
  homeNarrowed: boolean;
}

interface TownRead {
  hit: Hit;
  raw: number[];
  weak: boolean;
}

const EMPTY: PlaceResolution = Object.freeze({
  district: null,
  town: null,
  zone: null,
  ambiguous: [],
  mention: null,
  unknown: null,
  confidence: 0,
  spans: [],
  city: null,
}) as PlaceResolution;

/**
 * Reads the place a text names. Never throws; an empty or placeless text gives all-null fields.
 * `context.city` narrows ambiguous names; `context.candidates` (offered in the previous question)
 * are picked by an answer that names one of them.
 */
export function resolvePlace(text: string, context?: PlaceContext): PlaceResolution {
  try {
    const s = typeof text === 'string' ? text : String(text ?? '');
    if (!s) return { ...EMPTY, ambiguous: [], spans: [] };
    return resolve(s, context ?? {});
  } catch {
    return { ...EMPTY, ambiguous: [], spans: [] };
  }
}

function resolve(text: string, given: PlaceContext): PlaceResolution {
  const context: PlaceContext = {
    city: typeof given.city === 'string' ? given.city : null,
    candidates: Array.isArray(given.candidates) ? given.candidates : [],
  };
  const g = gazetteer();
  const home = { province: g.provinceByCode.get(HOME.province)!, city: g.cityByCode.get(HOME.city)! };
  // Past the cap on words read, the rest of a long text is not read at all.
  const han = scanHan(text, g);
  const read = han.end;
  const hits = [...han.hits, ...scanEnglish(text, g)];
  const provinceOfCounty = (i: number) => g.counties[i]!.province;
  const cityOfCounty = (i: number) => g.counties[i]!.city;
  const townCounty = (t: number) => g.townCounty[t]!;

  // 1. Readings per hit. Where short names compete, those in a named province (else the home
  //    province) win; a short name from elsewhere yields to a home-city town (龙泉 is 龙泉驿's
  //    龙泉街道 here, not 浙江's 龙泉市; 玉林 is 武侯区's 玉林街道, not 广西's 玉林市).
  const preferred = new Set<number>();
  for (const hit of hits) for (const e of hit.entries) if (e.kind === 'province') e.ids.forEach((p) => preferred.add(p));
  for (const hit of hits) for (const k of hit.keys) if (k.kind === 'province' && hit.designator !== 'city') preferred.add(k.id);
  if (!preferred.size) preferred.add(home.province);
  const homeWeak = g.weakIndex(home.city);
  for (const hit of hits) {
    if (!hit.entries.length) continue;
    const soft = (e: NameEntry) => e.kind !== 'province' && (e.form === 'short' || hit.homonym);
    const inPreferred = (e: NameEntry) => entryProvinces(e, g).some((p) => preferred.has(p));
    const softs = hit.entries.filter(soft);
    if (softs.length) {
      if (softs.some(inPreferred)) hit.entries = hit.entries.filter((e) => !soft(e) || inPreferred(e));
      else if (preferred.has(home.province)) {
        const towns = homeWeak.words.get(text.slice(hit.start, hit.end));
        if (towns) hit.entries = [...hit.entries.filter((e) => !soft(e)), { kind: 'town', form: 'weak', ids: towns, common: false }];
      }
    } else if (preferred.has(home.province) && hit.entries.every((e) => e.kind === 'town') && !hit.entries.some(inPreferred)) {
      // 三圣乡 is a 乡 in 湖南 today, but here it means 锦江区's 三圣街道 (the old name): confirm that.
      const towns = homeWeak.words.get(shortName(text.slice(hit.start, hit.end), 'town'));
      if (towns) hit.entries = [{ kind: 'town', form: 'weak', ids: towns, common: false }];
    }
  }

  const provinceReads: { hit: Hit; ids: number[] }[] = [];
  const cityReads: { hit: Hit; ids: number[]; common: boolean }[] = [];
  const countyReads: CountyRead[] = [];
  const townReads: TownRead[] = [];
  const zoneReads: { hit: Hit; zone: number; generic: boolean }[] = [];
  for (const hit of hits) {
    if (hit.keys.length) {
      readEnglish(hit, g, provinceReads, cityReads, countyReads);
      continue;
    }
    for (const e of hit.entries) {
      switch (e.kind) {
        case 'province':
          provinceReads.push({ hit, ids: e.ids });
          break;
        case 'city':
          cityReads.push({ hit, ids: e.ids, common: e.common });
          break;
        case 'county':
        case 'old_name':
        case 'landmark':
          if (e.common || e.form === 'short') continue; // read below, once the scope is known
          countyReads.push({
            hit,
            raw: e.ids,
            ids: e.ids,
            rank: hit.homonym ? 0 : e.kind === 'landmark' ? 1 : e.form === 'full' ? 3 : 2,
            homeNarrowed: false,
          });
          break;
        case 'town':
          townReads.push({ hit, raw: e.ids, weak: e.form === 'weak' || hit.homonym });
          break;
        case 'zone':
          zoneReads.push({ hit, zone: e.ids[0]!, generic: e.form === 'generic' });
          break;
        default:
          break;
      }
    }
  }

  // 2. Scope: the provinces and cities the text names, then the conversation's city.
  const textProvinces = new Set(provinceReads.flatMap((r) => r.ids));
  const textCities = new Set<number>();
  const usedCityReads = cityReads.filter((r) => {
    let ids = r.ids;
    if (textProvinces.size) {
      const inP = ids.filter((c) => textProvinces.has(g.cities[c]!.province));
      if (inP.length) ids = inP;
      else if (r.common) return false;
    } else if (r.common) return false;
    ids.forEach((c) => textCities.add(c));
    return true;
  });
  const ctxCities = new Set<number>(context.city ? (g.cityByName.get(context.city.trim()) ?? []) : []);

  // A generic zone name (高新区) is Chengdu's only when no other city is in play.
  const zoneCityOk = (zi: number) => [...textCities, ...ctxCities].every((c) => c === g.zones[zi]!.city);
  const zones = zoneReads.filter((z) => !z.generic || zoneCityOk(z.zone));
  for (const z of englishZones(text, g)) if (!z.generic || zoneCityOk(z.zone)) zones.push(z);
  const zone = zones.length ? zones[0]!.zone : null;
  const zoneTowns = zone !== null ? new Set(g.zones[zone]!.towns) : null;
  const scopeCities = new Set(textCities);
  if (zone !== null) scopeCities.add(g.zones[zone]!.city);
  const anyScope = scopeCities.size > 0 || textProvinces.size > 0 || ctxCities.size > 0;
  const named = (county: number) =>
    scopeCities.has(cityOfCounty(county)) || textProvinces.has(provinceOfCounty(county)) || ctxCities.has(cityOfCounty(county));

  // Short names (温江, 新建, 望江) count in the home province, elsewhere only inside a named city or
  // province; so do bare English names. Ordinary-word names (三台, 南部, 东区) count only there.
  const local = (c: number) => named(c) || provinceOfCounty(c) === home.province;
  for (const hit of hits) {
    for (const e of hit.entries) {
      if (e.kind !== 'county' && e.kind !== 'old_name') continue;
      if (!e.common && e.form !== 'short') continue;
      const ids = e.ids.filter(e.common ? named : local);
      const rank = hit.homonym ? 0 : e.form === 'full' ? 3 : 2;
      if (ids.length) countyReads.push({ hit, raw: e.ids, ids, rank, homeNarrowed: ids.length < e.ids.length });
    }
  }
  for (const r of countyReads) if (r.hit.bare) r.ids = r.ids.filter(local);

  /** Narrows by each scope in turn, skipping a scope that would leave nothing. */
  const narrow = (ids: number[], ofCounty: (id: number) => number, weak: boolean): { ids: number[]; home: boolean } => {
    let out = ids;
    const step = (keep: (county: number) => boolean) => {
      const next = out.filter((id) => keep(ofCounty(id)));
      if (next.length) out = next;
    };
    if (scopeCities.size) step((c) => scopeCities.has(cityOfCounty(c)));
    if (textProvinces.size) step((c) => textProvinces.has(provinceOfCounty(c)));
    if (ctxCities.size) step((c) => ctxCities.has(cityOfCounty(c)));
    const before = out.length;
    if (out.length > 1) step((c) => provinceOfCounty(c) === home.province);
    if (weak && out.length > 1) step((c) => cityOfCounty(c) === home.city);
    return { ids: out, home: out.length < before };
  };
  for (const r of countyReads) {
    const n = narrow(r.ids, (c) => c, r.rank === 0);
    r.ids = n.ids;
    r.homeNarrowed ||= n.home;
  }
  const counties = countyReads.filter((r) => r.ids.length);

  // 3. The strongest county readings decide; the rest only if there are none.
  const topRank = counties.reduce((m, r) => Math.max(m, r.rank), 0);
  const top = topRank > 0 ? counties.filter((r) => r.rank === topRank) : [];
  const weakCounties = counties.filter((r) => r.rank === 0);
  const unique = new Set<number>();
  for (const r of top) if (r.ids.length === 1) unique.add(r.ids[0]!);
  const pool = unique.size ? unique : new Set(top[0]?.ids ?? []);

  // 4. Town short names (weak), read only inside the cities in play: the county's, the zone's, the
  //    named ones, the offered candidates', else the home city.
  const weakCities = new Set<number>();
  if (pool.size) pool.forEach((c) => weakCities.add(cityOfCounty(c)));
  else if (anyScope) {
    scopeCities.forEach((c) => weakCities.add(c));
    ctxCities.forEach((c) => weakCities.add(c));
    g.cities.forEach((c, i) => textProvinces.has(c.province) && weakCities.add(i));
  } else weakCities.add(home.city);
  for (const c of context.candidates ?? []) {
    const i = g.countyByCode.get(c?.code);
    if (i !== undefined) weakCities.add(cityOfCounty(i));
  }
  for (const hit of scanWeak(text.slice(0, read), g, hits, [...weakCities])) {
    hits.push(hit);
    townReads.push({ hit, raw: hit.entries[0]!.ids, weak: true });
  }

  let district: number | null = null;
  let town: number | null = null;
  let ambiguous: number[] = [];
  let confidence = 0;
  const used = new Set<Hit>();

  const stemOf = (r: TownRead) => shortName(text.slice(r.hit.start, r.hit.end), 'town');
  /** Towns the text names inside these counties: full names, then their stems (团结镇 → 团结街道), then weak names. */
  const townsIn = (countySet: Set<number>): number[] => {
    const found = new Set<number>();
    const full = townReads.filter((r) => !r.weak);
    for (const r of full) for (const t of r.raw) if (countySet.has(townCounty(t))) found.add(t);
    if (!found.size) {
      for (const r of full) {
        const stem = stemOf(r);
        for (const c of countySet) for (const t of g.counties[c]!.towns) if (shortName(g.townName[t]!, 'town') === stem) found.add(t);
      }
    }
    if (!found.size) for (const r of townReads) if (r.weak) for (const t of r.raw) if (countySet.has(townCounty(t))) found.add(t);
    return [...found];
  };
  const markTown = (t: number) => {
    for (const r of townReads) if (r.raw.includes(t) || stemOf(r) === shortName(g.townName[t]!, 'town')) used.add(r.hit);
  };

  if (pool.size) {
    let picked: number | null = pool.size === 1 ? [...pool][0]! : null;
    if (picked === null) {
      const byTown = new Set(townsIn(pool).map(townCounty));
      if (byTown.size === 1) picked = [...byTown][0]!;
    }
    if (picked !== null) {
      const p = picked;
      district = p;
      const reads = top.filter((r) => r.ids.includes(p));
      confidence = topRank === 3 ? 1 : topRank === 2 ? 0.9 : 0.8;
      if (reads.every((r) => r.homeNarrowed)) confidence -= 0.1;
      for (const r of reads) used.add(r.hit);
      const ts = townsIn(new Set([p]));
      if (ts.length === 1) {
        town = ts[0]!;
        markTown(town);
      }
    } else {
      ambiguous = [...pool];
      confidence = 0.3;
      for (const r of top) used.add(r.hit);
    }
  } else {
    // No county named: a full town name decides when it is unique in scope.
    const uniques = new Map<number, number | null>(); // county → its town, or null when several differ
    let firstMulti: number[] | null = null;
    let homeNarrowed = false;
    for (const r of townReads) {
      if (r.weak) continue;
      let ids = r.raw;
      if (zoneTowns) {
        const inZone = ids.filter((t) => zoneTowns.has(t));
        if (inZone.length) ids = inZone;
      }
      const n = narrow(ids, townCounty, false);
      const cs = new Set(n.ids.map(townCounty));
      if (cs.size === 1) {
        const c = [...cs][0]!;
        const t = n.ids.length === 1 ? n.ids[0]! : null;
        const prev = uniques.get(c);
        uniques.set(c, prev === undefined || prev === t ? t : null);
        homeNarrowed ||= n.home;
        used.add(r.hit);
      } else if (!firstMulti) {
        firstMulti = [...cs];
        used.add(r.hit);
      }
    }
    if (uniques.size === 1) {
      const [c, t] = [...uniques][0]!;
      district = c;
      town = t;
      confidence = homeNarrowed ? 0.8 : 0.9;
    } else if (uniques.size > 1) {
      ambiguous = [...uniques.keys()];
      confidence = 0.3;
    } else if (firstMulti) {
      ambiguous = firstMulti;
      confidence = 0.3;
    } else {
      // Weak names never set a district alone, except inside a named zone.
      const weakTowns = new Set<number>();
      for (const r of townReads) {
        let ids = r.raw;
        if (zoneTowns) ids = ids.filter((t) => zoneTowns.has(t));
        if (!ids.length) continue;
        narrow(ids, townCounty, true).ids.forEach((t) => weakTowns.add(t));
        used.add(r.hit);
      }
      const cands = new Set([...weakTowns].map(townCounty));
      for (const r of weakCounties) {
        r.ids.forEach((c) => cands.add(c));
        used.add(r.hit);
      }
      if (zoneTowns && weakTowns.size === 1 && !weakCounties.length) {
        town = [...weakTowns][0]!;
        district = townCounty(town);
        confidence = 0.8;
      } else if (cands.size) {
        ambiguous = [...cands];
        confidence = 0.6;
      }
    }
  }

  // 5. An answer to "which of these?" picks one of the offered candidates.
  let picked: District | null = null;
  if (context.candidates?.length) {
    const matched = pickCandidates(text, context.candidates, g, countyReads, townReads, usedCityReads);
    if (matched.length === 1) {
      picked = matched[0]!;
      const ci = g.countyByCode.get(picked.code);
      district = ci ?? null;
      ambiguous = [];
      confidence = 0.9;
      if (ci !== undefined && (town === null || townCounty(town) !== ci)) {
        const ts = townsIn(new Set([ci]));
        town = ts.length === 1 ? ts[0]! : null;
      }
    } else if (matched.length > 1) {
      district = null;
      town = null;
      ambiguous = matched.map((c) => g.countyByCode.get(c.code)).filter((x): x is number => x !== undefined);
      confidence = 0.3;
    }
  }

  for (const r of provinceReads) used.add(r.hit);
  for (const r of usedCityReads) used.add(r.hit);
  const result = district !== null ? g.counties[district]!.district : picked;
  return finish(g, text, hits, used, zones, {
    district: result,
    town: town === null ? null : g.town(town),
    ambiguous: result ? [] : ambiguous.slice(0, MAX_CANDIDATES).map((c) => g.counties[c]!.district),
    confidence: result || ambiguous.length ? confidence : 0,
    zone,
    cityIds: textCities,
    read,
  });
}

/** Assembles the result: zone, city, spans, mention and unknown. */
function finish(
  g: Gazetteer,
  text: string,
  hits: Hit[],
  used: Set<Hit>,
  zones: { hit: Hit | null; zone: number }[],
  r: {
    district: District | null;
    town: Town | null;
    ambiguous: District[];
    confidence: number;
    zone: number | null;
    cityIds: Set<number>;
    /** How far the text was read. */
    read: number;
  },
): PlaceResolution {
  const spans: Span[] = [];
  const kindOf = new Map<Hit, Level>();
  for (const z of zones) if (z.hit) kindOf.set(z.hit, 'zone');
  for (const h of hits) {
    if (!used.has(h) && !kindOf.has(h)) continue;
    const kind = kindOf.get(h) ?? levelOf(h);
    spans.push({ kind, text: text.slice(h.start, h.end), start: h.start, end: h.end });
  }
  spans.sort((a, b) => a.start - b.start);

  let city: string | null = null;
  if (r.district) city = r.district.city;
  else if (r.zone !== null) city = g.zones[r.zone]!.zone.city;
  else if (r.ambiguous.length && r.ambiguous.every((d) => d.city === r.ambiguous[0]!.city)) city = r.ambiguous[0]!.city;
  else if (r.cityIds.size === 1) city = g.cities[[...r.cityIds][0]!]!.name || null;

  const unknown = findUnknown(text.slice(0, r.read), hits, g);
  return {
    district: r.district,
    town: r.town,
    zone: r.zone === null ? null : g.zones[r.zone]!.zone.name,
    ambiguous: r.district ? [] : r.ambiguous,
    mention: mentionOf(text, spans, r.district, r.town) ?? unknown,
    unknown,
    confidence: Math.round(r.confidence * 100) / 100,
    spans,
    city,
  };
}

/** The span kind a hit was read as. */
function levelOf(h: Hit): Level {
  if (h.keys.length) {
    const k = h.keys[0]!.kind;
    return k === 'county' ? 'district' : k;
  }
  const order: NameEntry['kind'][] = ['old_name', 'landmark', 'county', 'town', 'city', 'province', 'zone'];
  for (const k of order) {
    if (h.entries.some((e) => e.kind === k)) return k === 'county' ? 'district' : (k as Level);
  }
  return 'district';
}

/**
 * The place words as written: the run of adjacent spans (郫都区犀浦街道, 德阳市旌阳区, Wenjiang
 * District) around the one that decided, else around the first span.
 */
function mentionOf(text: string, spans: Span[], district: District | null, town: Town | null): string | null {
  if (!spans.length) return null;
  let anchor = spans.findIndex((s) => (town && s.kind === 'town') || (district && (s.kind === 'district' || s.kind === 'old_name' || s.kind === 'landmark')));
  if (anchor < 0) anchor = 0;
  const joins = (a: Span, b: Span) => /^[\s,，、]*(?:(?:in|of)\s+)?$/i.test(text.slice(a.end, b.start)) && b.start >= a.end;
  let lo = anchor;
  let hi = anchor;
  const MAX = 40;
  while (lo > 0 && joins(spans[lo - 1]!, spans[lo]!) && spans[hi]!.end - spans[lo - 1]!.start <= MAX) lo--;
  while (hi < spans.length - 1 && joins(spans[hi]!, spans[hi + 1]!) && spans[hi + 1]!.end - spans[lo]!.start <= MAX) hi++;
  return text.slice(spans[lo]!.start, spans[hi]!.end).trim() || null;
}

/** Provinces an entry's candidates lie in. */
function entryProvinces(e: NameEntry, g: Gazetteer): number[] {
  switch (e.kind) {
    case 'province':
      return e.ids;
    case 'city':
      return e.ids.map((i) => g.cities[i]!.province);
    case 'county':
    case 'old_name':
    case 'landmark':
      return e.ids.map((i) => g.counties[i]!.province);
    case 'town':
      return e.ids.map((i) => g.counties[g.townCounty[i]!]!.province);
    case 'zone':
      return e.ids.map((i) => g.cities[g.zones[i]!.city]?.province ?? -1);
    default:
      return [];
  }
}

/**
 * Scans Chinese text for the longest gazetteer word at each position (weak readings apart); `end`
 * is where it stopped (the text's length unless the cap on words was reached).
 */
function scanHan(text: string, g: Gazetteer): { hits: Hit[]; end: number } {
  const hits: Hit[] = [];
  const n = text.length;
  let i = 0;
  for (; i < n && hits.length < MAX_HITS; i++) {
    const m = longestAt(text, i, g);
    if (!m) continue;
    let { len, entries } = m;
    // 乐山市中区: prefer 乐山 + 市中区 over 乐山市 + 中区 when an official name starts inside.
    for (let j = i + 1; j < i + len; j++) {
      const inner = longestAt(text, j, g);
      if (inner && j + inner.len > i + len && inner.entries.some((e) => e.form === 'full' && e.kind !== 'river')) {
        const prefix = g.lookup(text.slice(i, j));
        // Only when the inner name is a county of the city before it (乐山 has a 市中区; 中山 has no 市南区).
        const cities = new Set(prefix?.flatMap((e) => (e.kind === 'city' ? e.ids : [])));
        const fits = inner.entries.some((e) => e.kind === 'county' && e.ids.some((c) => cities.has(g.counties[c]!.city)));
        if (prefix && fits) {
          len = j - i;
          entries = prefix;
        }
        break;
      }
    }
    const next = i + len - 1;
    const after = text.slice(i + len, i + len + 2);
    let homonym = false;
    if (entries.some((e) => e.kind === 'river')) {
      const places = entries.filter((e) => e.kind !== 'river');
      if (!places.length || RIVER_WORDS.some((w) => after.startsWith(w))) {
        i = next;
        continue;
      }
      entries = places;
      homonym = true;
    }
    if (NOT_PLACE_AFTER.some((w) => after.startsWith(w)) && !after.startsWith('街道')) {
      entries = entries.filter((e) => e.form === 'full');
      if (!entries.length) {
        i = next;
        continue;
      }
    }
    hits.push({ start: i, end: i + len, entries, keys: [], designator: null, homonym, bare: false });
    i = next;
  }
  return { hits, end: Math.min(i, n) };
}

/** The longest dictionary word starting at `i`. */
function longestAt(text: string, i: number, g: Gazetteer): { len: number; entries: NameEntry[] } | null {
  const mask = g.lengths[text.charCodeAt(i)]!;
  if (!mask) return null;
  const max = Math.min(31, text.length - i);
  for (let len = max; len >= 2; len--) {
    if (!(mask & (1 << len))) continue;
    const entries = g.lookup(text.slice(i, i + len));
    if (entries) return { len, entries };
  }
  return null;
}

/** Scans for town short names of the given cities where no stronger word was read. */
function scanWeak(text: string, g: Gazetteer, hits: Hit[], cities: number[]): Hit[] {
  if (!cities.length) return [];
  const covered = new Uint8Array(text.length);
  for (const h of hits) covered.fill(1, h.start, h.end);
  const indexes = cities.map((c) => g.weakIndex(c));
  const out: Hit[] = [];
  for (let i = 0; i < text.length && out.length < MAX_HITS; i++) {
    if (covered[i]) continue;
    const code = text.charCodeAt(i);
    let best = 0;
    let ids: number[] = [];
    for (const idx of indexes) {
      const mask = idx.lengths.get(code);
      if (!mask) continue;
      for (let len = Math.min(31, text.length - i); len >= Math.max(2, best); len--) {
        if (!(mask & (1 << len))) continue;
        const found = idx.words.get(text.slice(i, i + len));
        if (!found) continue;
        if (len > best) {
          best = len;
          ids = [...found];
        } else ids.push(...found);
        break;
      }
    }
    if (!best || covered.subarray(i, i + best).some((x) => x)) continue;
    const after = text.slice(i + best, i + best + 2);
    if (NOT_PLACE_AFTER.some((w) => after.startsWith(w)) && !after.startsWith('街道')) continue;
    out.push({ start: i, end: i + best, entries: [{ kind: 'town', form: 'weak', ids, common: false }], keys: [], designator: null, homonym: false, bare: false });
    i += best - 1;
  }
  return out;
}

const TOKEN = /[A-Za-z]+(?:['’-][A-Za-z]+)*/g;

/** Scans English text for pinyin place keys, up to four words long (Du Jiang Yan). */
function scanEnglish(text: string, g: Gazetteer): Hit[] {
  if (!/[A-Za-z]/.test(text)) return [];
  const tokens: { start: number; end: number; norm: string; cap: boolean }[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0].replace(/['’]s$/i, '');
    tokens.push({ start: m.index, end: m.index + raw.length, norm: raw.toLowerCase().replace(/[^a-z]/g, ''), cap: /^[A-Z]/.test(raw) });
    if (tokens.length > 20000) break;
  }
  const hits: Hit[] = [];
  for (let i = 0; i < tokens.length && hits.length < MAX_HITS; i++) {
    for (let k = Math.min(4, tokens.length - i); k >= 1; k--) {
      const span = tokens.slice(i, i + k);
      // Several words join only when written together as one name (Du Jiang Yan, Wen-jiang).
      if (k > 1 && !span.every((t, x) => x === 0 || /^[\s-]$/.test(text.slice(span[x - 1]!.end, t.start)))) continue;
      const key = span.map((t) => t.norm).join('');
      const keys = g.keys.get(key);
      if (!keys) continue;
      const next = tokens[i + k];
      const gap = next ? text.slice(tokens[i + k - 1]!.end, next.start) : '';
      const designator = next && /^\s+$/.test(gap) ? (DESIGNATORS[next.norm] ?? null) : null;
      if (next?.norm === 'river' && /^\s+$/.test(gap)) break;
      // Without a designator: capitalised, not an English word, and not a one-syllable name (Li, Gao).
      const readings = designator ? keys : keys.filter((e) => !e.mono);
      if (!designator && (!span[0]!.cap || ENGLISH_WORDS.has(key) || !readings.length)) break;
      const end = designator ? next!.end : span[k - 1]!.end;
      hits.push({ start: span[0]!.start, end, entries: [], keys: readings, designator, homonym: false, bare: !designator });
      i += k - 1 + (designator ? 1 : 0);
      break;
    }
  }
  return hits;
}

/** Distributes an English hit's readings by its designator. */
function readEnglish(
  hit: Hit,
  g: Gazetteer,
  provinceReads: { hit: Hit; ids: number[] }[],
  cityReads: { hit: Hit; ids: number[]; common: boolean }[],
  countyReads: CountyRead[],
): void {
  const d = hit.designator;
  const of = (kind: KeyEntry['kind']) => hit.keys.filter((k) => k.kind === kind).map((k) => k.id);
  let counties = of('county');
  const name = (c: number) => g.counties[c]!.district.name;
  const prefer = (ids: number[], re: RegExp) => (ids.some((c) => re.test(name(c))) ? ids.filter((c) => re.test(name(c))) : ids);
  const push = (ids: number[], rank: number) => {
    if (ids.length) countyReads.push({ hit, raw: ids, ids, rank, homeNarrowed: false });
  };
  if (d === 'province') {
    if (of('province').length) provinceReads.push({ hit, ids: of('province') });
  } else if (d === 'prefecture') {
    if (of('city').length) cityReads.push({ hit, ids: of('city'), common: false });
  } else if (d === 'district' || d === 'county') {
    counties = prefer(counties, d === 'district' ? /区$/ : /[县旗]$/);
    push(counties, 3);
  } else if (d === 'city') {
    if (of('city').length) cityReads.push({ hit, ids: of('city'), common: false });
    else push(counties.filter((c) => name(c).endsWith('市')), 3);
  } else {
    if (of('province').length) provinceReads.push({ hit, ids: of('province') });
    if (of('city').length) cityReads.push({ hit, ids: of('city'), common: false });
    else push(counties, 1);
  }
}

/** English zone names found in the text. */
function englishZones(text: string, g: Gazetteer): { hit: Hit; zone: number; generic: boolean }[] {
  if (!/[A-Za-z]/.test(text)) return [];
  const out: { hit: Hit; zone: number; generic: boolean }[] = [];
  g.zones.forEach((z, zi) => {
    for (const p of z.english) {
      const m = p.re.exec(text);
      if (m) {
        out.push({
          hit: { start: m.index, end: m.index + m[0].length, entries: [], keys: [], designator: null, homonym: false, bare: false },
          zone: zi,
          generic: p.generic,
        });
        break;
      }
    }
  });
  return out;
}

/** Which offered candidates the answer names (by county, short name, town or city). */
function pickCandidates(
  text: string,
  candidates: District[],
  g: Gazetteer,
  countyReads: CountyRead[],
  townReads: TownRead[],
  cityReads: { hit: Hit; ids: number[] }[],
): District[] {
  const valid = candidates.filter((c): c is District => typeof c?.code === 'string' && typeof c.name === 'string');
  const codes = new Set(valid.map((c) => c.code));
  const matched = new Set<string>();
  const match = (county: number) => {
    const code = g.counties[county]!.district.code;
    if (codes.has(code)) matched.add(code);
  };
  for (const r of countyReads) r.raw.forEach(match);
  for (const r of townReads) for (const t of r.raw) match(g.townCounty[t]!);
  for (const c of valid) {
    const short = shortName(c.name, 'county', c.code);
    if (text.includes(c.name) || (short.length >= 2 && text.includes(short))) matched.add(c.code);
  }
  if (!matched.size) {
    // 乐山的 → the candidate in 乐山市, when only one is there.
    const cityNames = new Set(cityReads.flatMap((r) => r.ids.map((i) => g.cities[i]!.name)));
    const inCity = valid.filter((c) => cityNames.has(c.city));
    if (inCity.length === 1) matched.add(inCity[0]!.code);
  }
  return valid.filter((c) => matched.has(c.code)).map((c) => {
    const i = g.countyByCode.get(c.code);
    return i === undefined ? c : g.counties[i]!.district;
  });
}

/**
 * A place-like word (2–6 Han characters + 街道/镇/乡/区/县) that the gazetteer did not read and that
 * is not an ordinary noun (小区, 工业园区, 景区…), or null.
 */
function findUnknown(text: string, hits: Hit[], g: Gazetteer): string | null {
  const covered = new Uint8Array(text.length);
  for (const h of hits) covered.fill(1, h.start, h.end);
  const nameChar = (i: number) => HAN.test(text[i]!) && !NOT_IN_NAME.has(text[i]!) && !covered[i];
  for (const m of text.matchAll(PLACE_SUFFIX)) {
    const end = m.index + m[0].length;
    if (covered[m.index] || NOT_A_SUFFIX.test(text.slice(m.index, end + 1))) continue;
    let start = m.index;
    while (start > 0 && m.index - start < 6 && nameChar(start - 1)) start--;
    // Longer than six characters: part of some longer phrase, not a name.
    if (start > 0 && m.index - start === 6 && nameChar(start - 1)) continue;
    const stem = text.slice(start, m.index);
    const word = text.slice(start, end);
    if (stem.length < 2 || GENERIC_PLACE.test(word) || GENERIC_NAME_PART.test(stem)) continue;
    // Known, though not read here (past the cap of words read, or an ordinary-word name).
    if (g.lookup(word) || g.lookup(stem)) continue;
    return word;
  }
  return null;
}
