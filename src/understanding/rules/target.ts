import type { Span } from '../../places/types.js';

/**
 * Endings of a reported unit's name (举报对象), longest first so 工业园区 wins over 园区. 站 is
 * listed only in compounds: 车站 and 站在 are no polluters.
 */
export const TARGET_SUFFIXES: readonly string[] = [
  '工业园区', '产业园区', '工业园', '产业园', '物流园', '园区',
  '搅拌站', '中转站', '转运站', '压缩站', '垃圾站', '加油站', '变电站', '污水站', '泵站', '基站', '信号塔',
  '收购站', '回收站', '基地', '填埋场', '养殖场', '养猪场', '养鸡场', '采石场', '洗砂场', '砂石场', '屠宰场', '垃圾场', '堆场', '洗车场',
  '工地', '作坊', '码头', '车间', '诊所', '医院', '卫生院', '公司', '企业', '酒店', '宾馆', '酒吧', '歌厅', 'KTV',
  '网吧', '饭店', '餐馆', '餐厅', '食堂', '烧烤摊', '大排档', '加工点', '矿山',
  '摊', '店', '厂', '场', '矿', '窑',
];

/** Words ending in a target suffix that are places or something else, never a reported unit. */
export const NOT_TARGETS: ReadonlySet<string> = new Set([
  '现场', '市场', '广场', '操场', '机场', '停车场', '会场', '立场', '当场', '在场', '全场', '下场', '官场', '球场',
  '剧场', '赛场', '考场', '战场', '道场', '登场', '出场', '到场', '进场', '商场', '农贸市场', '菜市场', '火车站',
  '厂长', '厂家', '矿泉', '采矿', '开矿', '挖矿', '金矿',
]);

// Characters that end a qualifier when walking back from the suffix: function words, measure
// words, and the last character of place names (镇, 街道, 区...), so a place never joins the name.
const STOP = new Set(
  Array.from('的有家个一在是把那这了和与及或里边旁近位座些着往向从对该被某我你他她们楼下上内外号路街道镇乡区县市村省州巷组说到就还都也很太又再将让给跟同比离自于为以而且但附旁面隔壁间条栋所其多几好'),
);
const MAX_QUALIFIER = 6;

const SUFFIX_RE = new RegExp(`(?:${TARGET_SUFFIXES.join('|')})(?!长|家|泉)`, 'g');
const HAN = /[\u4e00-\u9fff]/;

/** The reported unit found in a text, with its span. */
export interface TargetReading {
  /** The unit as a short noun phrase, e.g. `化工厂`, `汽车厂喷涂车间`, `chemical plant`. */
  value: string;
  /** Where it was read (for a joined phrase, from the first part's start to the last's end). */
  span: Span;
}

function walkBack(text: string, suffixStart: number): number {
  let i = suffixStart;
  while (i > 0 && suffixStart - i < MAX_QUALIFIER) {
    const ch = text[i - 1] as string;
    // Digits belong to names too: 4S店, 798厂.
    if (!(HAN.test(ch) || /[A-Za-z0-9]/.test(ch)) || STOP.has(ch)) break;
    i--;
  }
  return i;
}

function zhCandidates(text: string): { start: number; end: number; value: string }[] {
  const out: { start: number; end: number; value: string }[] = [];
  SUFFIX_RE.lastIndex = 0;
  for (let m = SUFFIX_RE.exec(text); m !== null; m = SUFFIX_RE.exec(text)) {
    const start = walkBack(text, m.index);
    const end = m.index + m[0].length;
    const value = text.slice(start, end);
    if (value.length < 2 || NOT_TARGETS.has(value) || [...NOT_TARGETS].some((w) => value.endsWith(w) && w.length >= 2)) continue;
    out.push({ start, end, value });
  }
  return out;
}

const EN_TARGET =
  /\b(?:a|an|the|this|that|one|some)\s+((?:(?!near\b|next\b|from\b|by\b|in\b|at\b|of\b|to\b|is\b|was\b|loud\b|big\b|small\b|huge\b|local\b|nearby\b)[a-z]+\s+){0,2}?(?:factory|plant|mill|workshop|construction site|building site|restaurant|bar|club|ktv|karaoke bar|hotel|pig farm|chicken farm|farm|quarry|mine|dock|wharf|company|landfill|clinic|hospital|garage|smelter|refinery))\b/i;

/**
 * The reported unit (举报对象): a noun phrase ending in 厂/场/站/店/公司/工地/作坊/码头/车间/诊所/
 * KTV/酒店/工业园区…, with a short qualifier (一家化工厂 → 化工厂). "汽车厂的喷涂车间" joins to
 * 汽车厂喷涂车间. `placeSpans` are cut off the front, so a place name never becomes the target.
 */
export function readTarget(text: string, placeSpans: readonly Span[] = []): TargetReading | null {
  const cands = zhCandidates(text)
    .map((c) => trimPlaces(c, placeSpans, text))
    .filter((c): c is { start: number; end: number; value: string } => c !== null);
  const first = cands[0];
  if (first) {
    // "X厂的Y车间": the second names a part of the first.
    const next = cands[1];
    if (next && text.slice(first.end, next.start) === '的' && next.end - first.end <= 8) {
      return { value: first.value + next.value, span: { kind: 'target', text: text.slice(first.start, next.end), start: first.start, end: next.end } };
    }
    return { value: first.value, span: { kind: 'target', text: first.value, start: first.start, end: first.end } };
  }
  const en = EN_TARGET.exec(text);
  if (en?.[1]) {
    const start = en.index + en[0].length - en[1].length;
    return { value: en[1].toLowerCase(), span: { kind: 'target', text: en[1], start, end: start + en[1].length } };
  }
  return null;
}

function trimPlaces(c: { start: number; end: number; value: string }, placeSpans: readonly Span[], text: string) {
  let start = c.start;
  for (const p of placeSpans) if (p.start <= start && p.end > start && p.end < c.end) start = p.end;
  if (placeSpans.some((p) => p.start <= start && p.end >= c.end)) return null;
  const value = text.slice(start, c.end);
  return value.length >= 2 ? { start, end: c.end, value } : null;
}
