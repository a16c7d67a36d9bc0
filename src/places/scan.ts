/**
 * Scanners: the gazetteer words a text contains (Chinese names, pinyin keys, town short names,
 * English zone names), each with every reading it could have. Choosing between the readings is
 * `resolve.ts`'s job; the scanners only drop words that cannot be places where they stand.
 */
import { RIVER_WORDS } from './aliases.js';
import type { Gazetteer, KeyEntry, NameEntry } from './gazetteer.js';

/** Most place words read from one text (a 20,000-character paste stays fast and bounded). */
const MAX_HITS = 400;

/** After a short or weak name, these make it a road or a building, not the place (建设路, 成都大学). */
const NOT_PLACE_AFTER = ['路', '大道', '大街', '街', '巷'];

/** The level an English designator (District, Xian, Prefecture…) gives the name before it. */
type Designator = 'county' | 'district' | 'city' | 'province' | 'prefecture';

/** Words after an English name that say what level it is. */
const DESIGNATORS: Record<string, Designator> = {
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

/** An English word, apostrophes and hyphens inside it included (Xi'an, Wen-jiang). */
const TOKEN = /[A-Za-z]+(?:['’-][A-Za-z]+)*/g;

/** A word found in the text, with its readings. */
export interface Hit {
  start: number;
  end: number;
  /** Chinese readings (empty for English). */
  entries: NameEntry[];
  /** English readings (empty for Chinese). */
  keys: KeyEntry[];
  /** English designator that followed, if any. */
  designator: Designator | null;
  /** A river name that is also a place, not followed by river words: the place, but to confirm. */
  homonym: boolean;
  /** English name without designator. */
  bare: boolean;
}

/** A hit read as one of these provinces. */
export interface ProvinceRead {
  hit: Hit;
  ids: number[];
}

/** A hit read as one of these cities; `common` names are ordinary words too, read only in a named province. */
export interface CityRead {
  hit: Hit;
  ids: number[];
  common: boolean;
}

/** A hit read as one of these counties: `raw` as written, `ids` what is left once narrowed by scope. */
export interface CountyRead {
  hit: Hit;
  raw: number[];
  ids: number[];
  /** 3 official/old/designated English, 2 short, 1 landmark or bare English, 0 a homonym to confirm. */
  rank: number;
  /** Whether preferring the home province or city removed candidates (the reading is less sure). */
  homeNarrowed: boolean;
}

/** A hit read as a functional zone; `generic` names (高新区) are shared by many cities. */
export interface ZoneRead {
  hit: Hit;
  zone: number;
  generic: boolean;
}

/**
 * Scans Chinese text for the longest gazetteer word at each position (weak readings apart); `end`
 * is where it stopped (the text's length unless the cap on words was reached).
 */
export function scanHan(text: string, g: Gazetteer): { hits: Hit[]; end: number } {
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
export function scanWeak(text: string, g: Gazetteer, hits: Hit[], cities: number[]): Hit[] {
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

/** Scans English text for pinyin place keys, up to four words long (Du Jiang Yan). */
export function scanEnglish(text: string, g: Gazetteer): Hit[] {
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
export function readEnglish(
  hit: Hit,
  g: Gazetteer,
  provinceReads: ProvinceRead[],
  cityReads: CityRead[],
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
export function englishZones(text: string, g: Gazetteer): ZoneRead[] {
  if (!/[A-Za-z]/.test(text)) return [];
  const out: ZoneRead[] = [];
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
