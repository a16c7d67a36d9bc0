/**
 * Text → place: which county (区/县/市), town and functional zone a complaint names, or which
 * candidates to ask about. Longest-match over the gazetteer's names (Chinese) and pinyin keys
 * (English), then disambiguation by the text's own cities and provinces, the conversation's city,
 * and a home preference (Sichuan, then Chengdu).
 */
import { gazetteer, shortName, type Gazetteer, type NameEntry } from './gazetteer.js';
import {
  englishZones,
  readEnglish,
  scanEnglish,
  scanHan,
  scanWeak,
  type CityRead,
  type CountyRead,
  type Hit,
  type ProvinceRead,
  type ZoneRead,
} from './scan.js';
import type { District, PlaceContext, PlaceResolution, Span, Town } from './types.js';
import { findUnknown } from './unknown.js';

/** Where the bot serves: ties are broken toward this province, then (for weak names) this city. */
export const HOME = { province: '51', city: '5101' } as const;

/** Most candidates returned in `ambiguous`. */
export const MAX_CANDIDATES = 12;

/** The span kinds a hit can be reported as. */
type Level = 'province' | 'city' | 'district' | 'town' | 'zone' | 'landmark' | 'old_name';

/** `HOME` as gazetteer indexes. */
interface Home {
  province: number;
  city: number;
}

/** A hit read as one of these towns; weak readings (short names, homonyms) never decide alone. */
interface TownRead {
  hit: Hit;
  raw: number[];
  weak: boolean;
}

/** The text's hits sorted by what they were read as. */
interface Reads {
  provinces: ProvinceRead[];
  cities: CityRead[];
  counties: CountyRead[];
  towns: TownRead[];
  zones: ZoneRead[];
}

/** Where the text and the conversation put the place, and how to narrow readings to it. */
interface Scope {
  /** Provinces the text names. */
  provinces: Set<number>;
  /** Cities the text names (within its provinces, when it names some). */
  textCities: Set<number>;
  /** The city readings that counted. */
  cityReads: CityRead[];
  /** The conversation's city. */
  ctxCities: Set<number>;
  /** Zones the text names, the first deciding. */
  zones: ZoneRead[];
  zone: number | null;
  zoneTowns: Set<number> | null;
  /** The cities named, the zone's included. */
  cities: Set<number>;
  /** Whether anything at all narrows the place. */
  any: boolean;
  /** Whether a county lies in a named city or province or the conversation's city. */
  named(county: number): boolean;
  /** Whether a short name may mean this county: named, or in the home province. */
  local(county: number): boolean;
  /** Narrows by each scope in turn, skipping a scope that would leave nothing; `home` when the home preference removed some. */
  narrow(ids: number[], ofCounty: (id: number) => number, weak: boolean): { ids: number[]; home: boolean };
}

/** The county readings that decide: those of the highest rank, and the counties they leave. */
interface Strongest {
  rank: number;
  top: CountyRead[];
  /** Homonyms to confirm (rank 0), counted only when no town decides. */
  weak: CountyRead[];
  pool: Set<number>;
}

/** The towns named inside given counties, and which hits named them. */
interface TownFinder {
  inCounties(counties: Set<number>): number[];
  mark(town: number): void;
}

/** What the text was read as, in gazetteer indexes, before it becomes a `PlaceResolution`. */
interface Choice {
  district: number | null;
  town: number | null;
  ambiguous: number[];
  confidence: number;
  /** The offered candidate an answer picked (kept even when the gazetteer lacks its code). */
  picked?: District;
}

const NONE: Choice = Object.freeze({ district: null, town: null, ambiguous: [], confidence: 0 });

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

/** The steps of one reading, in order; `resolvePlace` keeps them from throwing. */
function resolve(text: string, given: PlaceContext): PlaceResolution {
  const context: PlaceContext = {
    city: typeof given.city === 'string' ? given.city : null,
    candidates: Array.isArray(given.candidates) ? given.candidates : [],
  };
  const g = gazetteer();
  const home: Home = { province: g.provinceByCode.get(HOME.province)!, city: g.cityByCode.get(HOME.city)! };
  const { hits, read, reads } = readText(text, g, home);
  const scope = scopeOf(text, g, reads, context, home);
  const strongest = strongestCounties(countiesInScope(hits, reads.counties, scope));
  for (const hit of scanWeak(text.slice(0, read), g, hits, weakCities(g, scope, strongest.pool, context, home))) {
    hits.push(hit);
    reads.towns.push({ hit, raw: hit.entries[0]!.ids, weak: true });
  }

  const used = new Set<Hit>();
  const towns = townFinder(text, g, reads.towns, used);
  let choice = strongest.pool.size ? chooseByCounty(g, strongest, towns, used) : chooseByTown(g, reads.towns, scope, strongest.weak, used);
  if (context.candidates?.length) choice = answerCandidates(text, g, context.candidates, reads, scope, towns, choice);

  for (const r of reads.provinces) used.add(r.hit);
  for (const r of scope.cityReads) used.add(r.hit);
  const result = choice.district !== null ? g.counties[choice.district]!.district : (choice.picked ?? null);
  return finish(g, text, hits, used, scope.zones, {
    district: result,
    town: choice.town === null ? null : g.town(choice.town),
    ambiguous: result ? [] : choice.ambiguous.slice(0, MAX_CANDIDATES).map((c) => g.counties[c]!.district),
    confidence: result || choice.ambiguous.length ? choice.confidence : 0,
    zone: scope.zone,
    cityIds: scope.textCities,
    read,
  });
}

/**
 * Scans the text and sorts its words by level, so later steps see readings rather than words;
 * `read` is how far it got (past the cap on words read, the rest of a long text is not read at all).
 */
function readText(text: string, g: Gazetteer, home: Home): { hits: Hit[]; read: number; reads: Reads } {
  const han = scanHan(text, g);
  const hits = [...han.hits, ...scanEnglish(text, g)];
  preferProvinces(text, g, hits, home);
  return { hits, read: han.end, reads: sortReads(hits, g) };
}

/**
 * Where short names compete, those in a named province (else the home province) win; a short name
 * from elsewhere yields to a home-city town (龙泉 is 龙泉驿's 龙泉街道 here, not 浙江's 龙泉市; 玉林
 * is 武侯区's 玉林街道, not 广西's 玉林市).
 */
function preferProvinces(text: string, g: Gazetteer, hits: Hit[], home: Home): void {
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
}

/** Sorts the readings by level; short and ordinary-word county names wait for `countiesInScope`. */
function sortReads(hits: Hit[], g: Gazetteer): Reads {
  const reads: Reads = { provinces: [], cities: [], counties: [], towns: [], zones: [] };
  for (const hit of hits) {
    if (hit.keys.length) {
      readEnglish(hit, g, reads.provinces, reads.cities, reads.counties);
      continue;
    }
    for (const e of hit.entries) {
      switch (e.kind) {
        case 'province':
          reads.provinces.push({ hit, ids: e.ids });
          break;
        case 'city':
          reads.cities.push({ hit, ids: e.ids, common: e.common });
          break;
        case 'county':
        case 'old_name':
        case 'landmark':
          if (e.common || e.form === 'short') continue; // read in `countiesInScope`, once the scope is known
          reads.counties.push({
            hit,
            raw: e.ids,
            ids: e.ids,
            rank: hit.homonym ? 0 : e.kind === 'landmark' ? 1 : e.form === 'full' ? 3 : 2,
            homeNarrowed: false,
          });
          break;
        case 'town':
          reads.towns.push({ hit, raw: e.ids, weak: e.form === 'weak' || hit.homonym });
          break;
        case 'zone':
          reads.zones.push({ hit, zone: e.ids[0]!, generic: e.form === 'generic' });
          break;
        default:
          break;
      }
    }
  }
  return reads;
}

/** The provinces and cities the text names, then the conversation's city: what every reading is narrowed by. */
function scopeOf(text: string, g: Gazetteer, reads: Reads, context: PlaceContext, home: Home): Scope {
  const provinceOf = (county: number) => g.counties[county]!.province;
  const cityOf = (county: number) => g.counties[county]!.city;
  const provinces = new Set(reads.provinces.flatMap((r) => r.ids));
  const textCities = new Set<number>();
  const cityReads = reads.cities.filter((r) => {
    let ids = r.ids;
    if (provinces.size) {
      const inP = ids.filter((c) => provinces.has(g.cities[c]!.province));
      if (inP.length) ids = inP;
      else if (r.common) return false;
    } else if (r.common) return false;
    ids.forEach((c) => textCities.add(c));
    return true;
  });
  const ctxCities = new Set<number>(context.city ? (g.cityByName.get(context.city.trim()) ?? []) : []);

  // A generic zone name (高新区) is Chengdu's only when no other city is in play.
  const zoneCityOk = (zi: number) => [...textCities, ...ctxCities].every((c) => c === g.zones[zi]!.city);
  const zones = reads.zones.filter((z) => !z.generic || zoneCityOk(z.zone));
  for (const z of englishZones(text, g)) if (!z.generic || zoneCityOk(z.zone)) zones.push(z);
  const zone = zones.length ? zones[0]!.zone : null;
  const cities = new Set(textCities);
  if (zone !== null) cities.add(g.zones[zone]!.city);
  const named = (county: number) => cities.has(cityOf(county)) || provinces.has(provinceOf(county)) || ctxCities.has(cityOf(county));

  return {
    provinces,
    textCities,
    cityReads,
    ctxCities,
    zones,
    zone,
    zoneTowns: zone !== null ? new Set(g.zones[zone]!.towns) : null,
    cities,
    any: cities.size > 0 || provinces.size > 0 || ctxCities.size > 0,
    named,
    local: (county) => named(county) || provinceOf(county) === home.province,
    narrow(ids, ofCounty, weak) {
      let out = ids;
      const step = (keep: (county: number) => boolean) => {
        const next = out.filter((id) => keep(ofCounty(id)));
        if (next.length) out = next;
      };
      if (cities.size) step((c) => cities.has(cityOf(c)));
      if (provinces.size) step((c) => provinces.has(provinceOf(c)));
      if (ctxCities.size) step((c) => ctxCities.has(cityOf(c)));
      const before = out.length;
      if (out.length > 1) step((c) => provinceOf(c) === home.province);
      if (weak && out.length > 1) step((c) => cityOf(c) === home.city);
      return { ids: out, home: out.length < before };
    },
  };
}

/**
 * Short names (温江, 新建, 望江) count in the home province, elsewhere only inside a named city or
 * province; so do bare English names. Ordinary-word names (三台, 南部, 东区) count only there.
 * Adds those to `countyReads`, narrows every reading by the scope, and returns those left.
 */
function countiesInScope(hits: Hit[], countyReads: CountyRead[], scope: Scope): CountyRead[] {
  for (const hit of hits) {
    for (const e of hit.entries) {
      if (e.kind !== 'county' && e.kind !== 'old_name') continue;
      if (!e.common && e.form !== 'short') continue;
      const ids = e.ids.filter(e.common ? scope.named : scope.local);
      const rank = hit.homonym ? 0 : e.form === 'full' ? 3 : 2;
      if (ids.length) countyReads.push({ hit, raw: e.ids, ids, rank, homeNarrowed: ids.length < e.ids.length });
    }
  }
  for (const r of countyReads) if (r.hit.bare) r.ids = r.ids.filter(scope.local);
  for (const r of countyReads) {
    const n = scope.narrow(r.ids, (c) => c, r.rank === 0);
    r.ids = n.ids;
    r.homeNarrowed ||= n.home;
  }
  return countyReads.filter((r) => r.ids.length);
}

/** The strongest county readings decide; the rest only if there are none. */
function strongestCounties(counties: CountyRead[]): Strongest {
  const rank = counties.reduce((m, r) => Math.max(m, r.rank), 0);
  const top = rank > 0 ? counties.filter((r) => r.rank === rank) : [];
  const unique = new Set<number>();
  for (const r of top) if (r.ids.length === 1) unique.add(r.ids[0]!);
  return { rank, top, weak: counties.filter((r) => r.rank === 0), pool: unique.size ? unique : new Set(top[0]?.ids ?? []) };
}

/**
 * Town short names are too common to read nationwide, so only inside the cities in play: the
 * county's, the zone's, the named ones, the offered candidates', else the home city.
 */
function weakCities(g: Gazetteer, scope: Scope, pool: Set<number>, context: PlaceContext, home: Home): number[] {
  const out = new Set<number>();
  if (pool.size) pool.forEach((c) => out.add(g.counties[c]!.city));
  else if (scope.any) {
    scope.cities.forEach((c) => out.add(c));
    scope.ctxCities.forEach((c) => out.add(c));
    g.cities.forEach((c, i) => scope.provinces.has(c.province) && out.add(i));
  } else out.add(home.city);
  for (const c of context.candidates ?? []) {
    const i = g.countyByCode.get(c?.code);
    if (i !== undefined) out.add(g.counties[i]!.city);
  }
  return [...out];
}

/** Town lookups shared by the choices and the answer to candidates, which both look inside counties. */
function townFinder(text: string, g: Gazetteer, townReads: TownRead[], used: Set<Hit>): TownFinder {
  const townCounty = (t: number) => g.townCounty[t]!;
  const stemOf = (r: TownRead) => shortName(text.slice(r.hit.start, r.hit.end), 'town');
  return {
    // Full names, then their stems (团结镇 → 团结街道), then weak names.
    inCounties(countySet) {
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
    },
    mark(t) {
      for (const r of townReads) if (r.raw.includes(t) || stemOf(r) === shortName(g.townName[t]!, 'town')) used.add(r.hit);
    },
  };
}

/** A county was named: it decides when one is left, directly or through a town only one of them has. */
function chooseByCounty(g: Gazetteer, strongest: Strongest, towns: TownFinder, used: Set<Hit>): Choice {
  const { rank, top, pool } = strongest;
  let picked: number | null = pool.size === 1 ? [...pool][0]! : null;
  if (picked === null) {
    const byTown = new Set(towns.inCounties(pool).map((t) => g.townCounty[t]!));
    if (byTown.size === 1) picked = [...byTown][0]!;
  }
  if (picked === null) {
    for (const r of top) used.add(r.hit);
    return { district: null, town: null, ambiguous: [...pool], confidence: 0.3 };
  }
  const p = picked;
  const reads = top.filter((r) => r.ids.includes(p));
  let confidence = rank === 3 ? 1 : rank === 2 ? 0.9 : 0.8;
  if (reads.every((r) => r.homeNarrowed)) confidence -= 0.1;
  for (const r of reads) used.add(r.hit);
  const ts = towns.inCounties(new Set([p]));
  let town: number | null = null;
  if (ts.length === 1) {
    town = ts[0]!;
    towns.mark(town);
  }
  return { district: p, town, ambiguous: [], confidence };
}

/** No county named: a full town name decides when it is unique in scope. */
function chooseByTown(g: Gazetteer, townReads: TownRead[], scope: Scope, weakCounties: CountyRead[], used: Set<Hit>): Choice {
  const townCounty = (t: number) => g.townCounty[t]!;
  const { zoneTowns } = scope;
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
    const n = scope.narrow(ids, townCounty, false);
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
    return { district: c, town: t, ambiguous: [], confidence: homeNarrowed ? 0.8 : 0.9 };
  }
  if (uniques.size > 1) return { district: null, town: null, ambiguous: [...uniques.keys()], confidence: 0.3 };
  if (firstMulti) return { district: null, town: null, ambiguous: firstMulti, confidence: 0.3 };
  return chooseByWeakNames(g, townReads, scope, weakCounties, used);
}

/** Weak names never set a district alone, except inside a named zone; otherwise they are candidates to confirm. */
function chooseByWeakNames(g: Gazetteer, townReads: TownRead[], scope: Scope, weakCounties: CountyRead[], used: Set<Hit>): Choice {
  const townCounty = (t: number) => g.townCounty[t]!;
  const { zoneTowns } = scope;
  const weakTowns = new Set<number>();
  for (const r of townReads) {
    let ids = r.raw;
    if (zoneTowns) ids = ids.filter((t) => zoneTowns.has(t));
    if (!ids.length) continue;
    scope.narrow(ids, townCounty, true).ids.forEach((t) => weakTowns.add(t));
    used.add(r.hit);
  }
  const cands = new Set([...weakTowns].map(townCounty));
  for (const r of weakCounties) {
    r.ids.forEach((c) => cands.add(c));
    used.add(r.hit);
  }
  if (zoneTowns && weakTowns.size === 1 && !weakCounties.length) {
    const town = [...weakTowns][0]!;
    return { district: townCounty(town), town, ambiguous: [], confidence: 0.8 };
  }
  if (cands.size) return { district: null, town: null, ambiguous: [...cands], confidence: 0.6 };
  return NONE;
}

/** An answer to "which of these?" picks one of the offered candidates, or narrows them to those it names. */
function answerCandidates(
  text: string,
  g: Gazetteer,
  candidates: District[],
  reads: Reads,
  scope: Scope,
  towns: TownFinder,
  choice: Choice,
): Choice {
  const matched = pickCandidates(text, candidates, g, reads.counties, reads.towns, scope.cityReads);
  if (matched.length === 1) {
    const picked = matched[0]!;
    const ci = g.countyByCode.get(picked.code);
    let town = choice.town;
    if (ci !== undefined && (town === null || g.townCounty[town]! !== ci)) {
      const ts = towns.inCounties(new Set([ci]));
      town = ts.length === 1 ? ts[0]! : null;
    }
    return { district: ci ?? null, town, ambiguous: [], confidence: 0.9, picked };
  }
  if (matched.length > 1) {
    const ambiguous = matched.map((c) => g.countyByCode.get(c.code)).filter((x): x is number => x !== undefined);
    return { district: null, town: null, ambiguous, confidence: 0.3 };
  }
  return choice;
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

/** Which offered candidates the answer names (by county, short name, town or city). */
function pickCandidates(
  text: string,
  candidates: District[],
  g: Gazetteer,
  countyReads: CountyRead[],
  townReads: TownRead[],
  cityReads: CityRead[],
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

