import type { Category, Subcategory } from '../../cases/categories.js';

/**
 * One row of the category lexicon: a pattern and what it is evidence of.
 *
 * Weights: 3 = the pollution itself (黑烟, 噪音, 废水); 2 = strong context (河水, 基站, 飞机);
 * 1 = weak context that should not add a category on its own (工地, 邻居, 机场).
 */
export interface LexiconEntry {
  /** Category the words are evidence of. */
  category: Category;
  /** Subcategory, when the words name one. */
  subcategory: Subcategory | null;
  /** Evidence weight, 1..3. */
  weight: number;
  /** Regular expression source; compiled with `gi`, so English is case-insensitive. */
  source: string;
}

/** One lexicon match in a text, after overlaps and negations are removed. */
export interface LexiconHit {
  /** Category the match is evidence of. */
  category: Category;
  /** Subcategory the match names, or null. */
  subcategory: Subcategory | null;
  /** Evidence weight. */
  weight: number;
  /** The matched text. */
  text: string;
  /** Start offset in the input. */
  start: number;
  /** End offset, exclusive. */
  end: number;
}

// Row shorthand keeps the table readable: [category, subcategory, weight, pattern].
type Row = readonly [Category, Subcategory | null, number, string];

const ROWS: readonly Row[] = [
  // ── air ──────────────────────────────────────────────────────────────────────────────
  ['air', 'odour', 3, '臭味|臭气|恶臭|臭(?!氧)|异味|刺鼻|难闻|熏人|熏得|气味|味道[很太特别非常好]{0,3}(?:大|重|冲|难闻|刺鼻|呛)|呛人|呛得'],
  ['air', 'odour', 2, '怪味|闻到'],
  ['air', 'odour', 3, '\\b(?:smell\\w*|stink\\w*|stench|odou?rs?|reek\\w*)\\b'],
  ['air', 'industrial_gas', 3, '废气|黑烟|黄烟|白烟|冒烟|排烟|冒[黑黄白灰]?烟|排放?[^，。！？,.!?油]{0,4}烟(?!花)|喷漆|喷涂|烟囱|有毒气体|化学气体|VOCs?'],
  ['air', 'industrial_gas', 2, '油漆味'],
  ['air', 'industrial_gas', 3, '\\b(?:black smoke|waste gas|exhaust gas(?:es)?|smokestacks?|chimneys?|spray[- ]?paint\\w*|toxic gas|industrial emissions?)\\b'],
  ['air', null, 2, '浓烟|烟雾|烟尘|空气[^，。！？]{0,4}(?:差|污染)|\\bsmoke\\w*\\b|\\bfumes\\b|\\bair pollution\\b'],
  ['air', null, 1, '烟(?!花|草|酒)'],
  ['air', 'dust', 3, '粉尘|扬尘|灰尘|煤灰|尘土|落满[^，。！？]{0,3}灰|一层灰|都是灰|到处是灰|\\bdust\\w*\\b|\\bsoot\\b'],
  ['air', 'dust', 2, '(?<!石)灰(?![色心白蒙])'],
  ['air', 'cooking_fumes', 3, '油烟|烧烤|烤串|烤肉|炒菜|\\bcooking fumes\\b|\\bbarbecue\\b|\\bbbq\\b|\\bkitchen (?:smoke|exhaust)\\b'],
  ['air', 'burning', 3, '焚烧|烧(?=垃圾|秸秆|塑料|轮胎|电缆|电线|树叶|落叶|枝叶|树枝|枯枝|杂草|荒草|废|麦秆|稻草|东西|纸|柴)|秸秆|露天烧|\\bburn(?:s|t|ed|ing)?\\b'],
  ['air', 'vehicle_exhaust', 3, '尾气|\\btailpipe\\b|\\bvehicle (?:exhaust|emissions)\\b|\\bexhaust\\b(?! gas)'],

  // ── noise ────────────────────────────────────────────────────────────────────────────
  ['noise', null, 3, '噪音|噪声|吵|扰民|轰鸣|震耳|响声|声音?[很太特别非常好]{0,3}大|\\bnois[ey]\\w*\\b|\\bloud\\w*\\b'],
  ['noise', null, 2, '放炮|爆破|\\bblasting\\b'],
  ['noise', null, 1, '睡不着|没法睡|\\bcan\'?t sleep\\b'],
  ['noise', 'construction_noise', 3, '施工|打桩|夜间作业|\\bconstruction\\b|\\bpile[- ]driv\\w*|\\bjackhammer\\w*'],
  ['noise', 'construction_noise', 2, '电钻|电锯|破碎锤|塔吊|搅拌机|切割机|\\bdrilling\\b'],
  ['noise', 'construction_noise', 1, '工地'],
  ['noise', 'industrial_noise', 3, '机器声|机器轰鸣|设备噪|车间噪|切割|冲压|鼓风机|风机|空压机|发电机|冷却塔|\\bmachinery\\b|\\bmachine noise\\b|\\bgenerators?\\b'],
  ['noise', 'social_noise', 3, '广场舞|KTV|卡拉OK|歌厅|酒吧|音响|喇叭|唱歌|音乐|装修(?!垃圾|废)|狗[^，。！？]{0,6}叫|麻将|叫卖|\\bsquare danc\\w*|\\bkaraoke\\b|\\bmusic\\b|\\bparty\\b|\\bdogs? bark\\w*|\\brenovat\\w*'],
  ['noise', 'social_noise', 2, '\\bbars?\\b|\\bclubs?\\b'],
  ['noise', 'social_noise', 1, '邻居|楼上|\\bneighbou?rs?\\b'],
  ['noise', 'traffic_noise', 3, '鸣笛|炸街|按喇叭|喇叭按|\\bhonk\\w*'],
  ['noise', 'traffic_noise', 2, '飞机|航班|火车|高铁|轻轨|高架|摩托车|大货车|货车|\\baircraft\\b|\\bairplanes?\\b|\\bplanes?\\b|\\bflights?\\b|\\btrains?\\b|\\btraffic\\b|\\bmotorcycles?\\b'],
  ['noise', 'traffic_noise', 1, '机场|铁路|\\bairport\\b|\\brailway\\b'],

  // ── water ────────────────────────────────────────────────────────────────────────────
  // Smell or colour said of a water body is water pollution, not an odour complaint.
  ['water', null, 3, '(?:河|江|湖|塘|沟|渠|溪)(?:水|面|里|道)?[都也很发变得黑又有股]{0,4}臭|黑臭'],
  ['water', null, 3, '污水|排污|发黑|水质|水体|死鱼|鱼[^，。！？]{0,4}死|水华|蓝藻|投肥|油污|渗滤液|湖水|河水|江水|水[都也已经]{0,3}变[绿黑黄红浑]|浑浊|浑了|发绿'],
  ['water', null, 3, '\\b(?:river|lake|pond|stream|creek|canal|water)\\b[^.,;!?]{0,30}\\b(?:black|smell\\w*|stinks?|dirty|polluted|foam\\w*|green|murky)\\b|\\bdead fish\\b|\\bwater pollution\\b|\\bpolluted (?:river|lake|water)\\b'],
  ['water', null, 2, '(?:排|倒|流|冲|扔|丢|泄)(?:进|入|到|在)[^，。！？]{0,6}?(?:河|江|湖|塘|沟|渠|溪|水库|下水道)|往[^，。！？]{0,6}?(?:河|江|湖|塘|沟|渠|溪|水库|下水道)里?(?:倒|扔|排|丢|泄)|\\b(?:discharg\\w*|dump\\w*) (?:into|in) the (?:river|lake|water)\\b'],
  ['water', null, 1, '泡沫|\\brivers?\\b'],
  ['water', 'industrial_wastewater', 3, '废水|洗砂水|电镀|\\bwaste ?water\\b|\\beffluent\\b'],
  ['water', 'domestic_sewage', 3, '污水处理厂|生活污水|化粪池|污水井|污水管|\\bsewage\\b'],
  ['water', 'livestock', 3, '[猪鸡牛羊鸭]?粪水|粪污|养殖废水|沼液|\\bmanure (?:water|runoff)\\b'],
  // Solid manure smells or litters; it is only a water lead when it runs off (粪水 above).
  ['water', 'livestock', 1, '[猪鸡牛羊鸭]粪|粪便|\\bmanure\\b'],

  // ── solid waste ──────────────────────────────────────────────────────────────────────
  ['solid_waste', 'garbage', 3, '垃圾(?!中转站|站|场|填埋|处理|桶|箱)|\\bgarbage\\b|\\btrash\\b|\\brubbish\\b|\\blitter\\w*'],
  ['solid_waste', 'garbage', 2, '垃圾中转站|垃圾站|垃圾场|垃圾填埋场|填埋场|垃圾处理厂|\\blandfill\\b'],
  ['solid_waste', 'garbage', 1, '垃圾桶|垃圾箱'],
  ['solid_waste', 'hazardous_waste', 3, '医疗废物|医疗垃圾|医废|针头|针管|输液袋|输液管|带血|纱布|棉签|危废|危险废物|废机油|废电池|废酸|化学废料|\\bmedical waste\\b|\\bneedles\\b|\\bsyringes?\\b|\\bhazardous waste\\b|\\bchemical waste\\b'],
  ['solid_waste', 'construction_waste', 3, '建筑垃圾|渣土(?!车)|装修垃圾|建渣|弃土|\\bconstruction (?:waste|debris)\\b|\\brubble\\b'],
  ['solid_waste', null, 3, '废渣|固废|固体废物|工业垃圾|废料|尾矿|\\bsolid waste\\b'],
  ['solid_waste', null, 1, '偷倒|乱倒|倾倒|乱扔|\\bdumping\\b'],

  // ── soil ─────────────────────────────────────────────────────────────────────────────
  ['soil', null, 3, '土壤|土地污染|耕地污染|重金属|(?:种出来的|地里的?|田里的?)[^，。！？]{0,4}(?:菜|庄稼|粮食|水稻|作物)[^，。！？]{0,6}(?:怪味|异味|发黄|枯死|死)|\\bsoil\\b|\\bfarmland (?:contamination|pollution)\\b'],
  ['soil', null, 2, '农田|耕地|菜地|\\bfarmland\\b|\\bcrops?\\b'],

  // ── radiation ────────────────────────────────────────────────────────────────────────
  ['radiation', 'electromagnetic', 3, '辐射|电磁|\\bradiation\\b|\\belectromagnetic\\b'],
  ['radiation', 'electromagnetic', 2, '基站|信号塔|发射塔|高压线|变电站|雷达|\\bbase stations?\\b|\\bcell towers?\\b'],

  // ── ecology ──────────────────────────────────────────────────────────────────────────
  ['ecology', 'mining', 3, '采石|开矿|炸山|采矿|挖山|矿山|\\bquarr(?:y|ies|ying)\\b|\\bmining\\b'],
  ['ecology', 'mining', 2, '挖秃|矿(?!泉|物质)'],
  ['ecology', 'sand_dredging', 3, '采砂|挖砂|挖沙|采沙|抽砂|河道采|\\bsand (?:mining|dredging)\\b|\\bdredg\\w*'],
  // A reserve is where the harm is; the harm itself (building, felling) carries the weight.
  ['ecology', 'nature_reserve', 2, '保护区|湿地公园|\\bnature reserve\\b|\\bprotected area\\b'],
  ['ecology', 'nature_reserve', 1, '修别墅|建别墅|违建|违章建|违法建|乱建|私建|盖房'],
  ['ecology', 'deforestation', 3, '砍树|砍伐|毁林|伐木|盗伐|砍了[^，。！？]{0,4}树|\\bcut(?:ting)? (?:down )?trees\\b|\\blogging\\b|\\bdeforestation\\b'],
];

/** The lexicon as data: every pattern the rules extractor counts as category evidence. */
export const LEXICON: readonly LexiconEntry[] = ROWS.map(([category, subcategory, weight, source]) => ({
  category,
  subcategory,
  weight,
  source,
}));

/**
 * Sources that imply a subcategory when the pollution words do not: a 厂 that pours 污水 is
 * industrial wastewater, a 养猪场 that stinks is odour. Checked in order; first fit wins.
 */
export const SOURCE_HINTS: readonly { source: string; hints: Partial<Record<Category, Subcategory>> }[] = [
  { source: '污水处理厂|污水站', hints: { water: 'domestic_sewage' } },
  { source: '养猪场|养殖场|养鸡场|猪场|牛场|养殖户|畜禽|\\b(?:pig|chicken|livestock) farms?\\b', hints: { water: 'livestock', air: 'odour' } },
  { source: '垃圾中转站|垃圾站|填埋场|垃圾场', hints: { air: 'odour', solid_waste: 'garbage' } },
  { source: '工地|施工|\\bconstruction site\\b', hints: { noise: 'construction_noise', air: 'dust', solid_waste: 'construction_waste' } },
  { source: '饭店|餐馆|餐厅|火锅店|烧烤|大排档|\\brestaurants?\\b', hints: { air: 'cooking_fumes', noise: 'social_noise' } },
  { source: '诊所|医院|卫生院|\\bclinics?\\b|\\bhospitals?\\b', hints: { solid_waste: 'hazardous_waste' } },
  { source: '机场|\\bairport\\b', hints: { noise: 'traffic_noise' } },
  { source: '码头|堆场|搅拌站|砂石场|水泥厂|\\bdocks?\\b', hints: { air: 'dust' } },
  { source: '采石场|矿', hints: { ecology: 'mining' } },
  { source: '厂|车间|作坊|企业|公司|工业园|\\bfactor(?:y|ies)\\b|\\bplants?\\b|\\bworkshops?\\b', hints: { water: 'industrial_wastewater', air: 'industrial_gas', noise: 'industrial_noise' } },
];

const COMPILED = LEXICON.map((entry) => ({ entry, re: new RegExp(entry.source, 'gi') }));
const COMPILED_HINTS = SOURCE_HINTS.map((h) => ({ hints: h.hints, re: new RegExp(h.source, 'gi') }));

// A negation right before a word ("没有异味", "不是噪音") takes it back; 不停/不断 do not negate.
const ZH_NEGATION = /(?:没有|没|无|不是|并非|不再|已经不|不)[什么啥任何一点的]{0,3}$/;
const EN_NEGATION = /\b(?:no|not|never|without|isn't|aren't|wasn't|no longer)\s+(?:any\s+|the\s+|more\s+|much\s+)?$/i;

function negated(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 12), start);
  return ZH_NEGATION.test(before) || EN_NEGATION.test(before);
}

/**
 * All lexicon matches in `text`. Longer matches win over the shorter ones they overlap (建筑垃圾
 * over 垃圾), and negated matches are dropped. Sorted by position.
 */
export function findLexiconHits(text: string): LexiconHit[] {
  const raw: LexiconHit[] = [];
  for (const { entry, re } of COMPILED) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      raw.push({ category: entry.category, subcategory: entry.subcategory, weight: entry.weight, text: m[0], start: m.index, end: m.index + m[0].length });
    }
  }
  raw.sort((a, b) => b.end - b.start - (a.end - a.start) || b.weight - a.weight || a.start - b.start);
  const taken: LexiconHit[] = [];
  const used = new Uint8Array(text.length);
  for (const hit of raw) {
    let free = true;
    for (let i = hit.start; i < hit.end; i++) {
      if (used[i]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    used.fill(1, hit.start, hit.end);
    if (!negated(text, hit.start)) taken.push(hit);
  }
  return taken.sort((a, b) => a.start - b.start);
}

/** Subcategory hints from the sources named in `text`, in order of appearance. */
export function findSourceHints(text: string): { start: number; text: string; hints: Partial<Record<Category, Subcategory>> }[] {
  const found: { start: number; text: string; hints: Partial<Record<Category, Subcategory>>; rank: number }[] = [];
  COMPILED_HINTS.forEach(({ hints, re }, rank) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      found.push({ start: m.index, text: m[0], hints, rank });
    }
  });
  // Specific rows come first in the table, so at one position the more specific hint wins.
  return found.sort((a, b) => a.start - b.start || a.rank - b.rank);
}

/** Result of classifying a text by the lexicon. */
export interface Classification {
  /** Categories, primary first. */
  categories: Category[];
  /** Subcategory of the primary category, or null. */
  subcategory: Subcategory | null;
  /** The matches used. */
  hits: LexiconHit[];
  /** Summed weight per category. */
  scores: Partial<Record<Category, number>>;
}

/** A secondary category needs at least this much evidence; weak context alone does not count. */
export const SECONDARY_MIN_SCORE = 2;

/**
 * Ranks categories by summed evidence, ties broken by where the first strongest word appears, and
 * picks the primary category's subcategory the same way, falling back to the source's hint.
 */
export function classify(text: string): Classification {
  const hits = findLexiconHits(text);
  const scores: Partial<Record<Category, number>> = {};
  const firstStrong = new Map<Category, { weight: number; start: number }>();
  for (const hit of hits) {
    scores[hit.category] = (scores[hit.category] ?? 0) + hit.weight;
    const seen = firstStrong.get(hit.category);
    if (!seen || hit.weight > seen.weight) firstStrong.set(hit.category, { weight: hit.weight, start: hit.start });
  }
  const ranked = (Object.keys(scores) as Category[]).sort(
    (a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || (firstStrong.get(a)?.start ?? 0) - (firstStrong.get(b)?.start ?? 0),
  );
  const categories = ranked.filter((c, i) => i === 0 || (scores[c] ?? 0) >= SECONDARY_MIN_SCORE);
  const primary = categories[0];
  return { categories, subcategory: primary ? pickSubcategory(primary, hits, text) : null, hits, scores };
}

function pickSubcategory(primary: Category, hits: LexiconHit[], text: string): Subcategory | null {
  const bySub = new Map<Subcategory, { score: number; start: number }>();
  for (const hit of hits) {
    if (hit.category !== primary || hit.subcategory === null) continue;
    const cur = bySub.get(hit.subcategory);
    if (cur) cur.score += hit.weight;
    else bySub.set(hit.subcategory, { score: hit.weight, start: hit.start });
  }
  let best: Subcategory | null = null;
  let bestScore = { score: -1, start: Infinity };
  for (const [sub, s] of bySub) {
    if (s.score > bestScore.score || (s.score === bestScore.score && s.start < bestScore.start)) {
      best = sub;
      bestScore = s;
    }
  }
  if (best) return best;
  for (const hint of findSourceHints(text)) {
    const sub = hint.hints[primary];
    if (sub) return sub;
  }
  return null;
}
