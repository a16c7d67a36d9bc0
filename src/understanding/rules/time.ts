import type { Span } from '../../places/types.js';

/** What a text says about when (and how often) the problem happens. */
export interface TimeReading {
  /** The time phrases as written, joined with `，` when there are several, or null. */
  text: string | null;
  /** Happens at night (22:00–06:00) by the text, or by `now` for 现在/正在 messages. */
  night: boolean;
  /** Names the small hours: 凌晨, 半夜, after midnight, or a clock time 00:00–05:59. */
  lateNight: boolean;
  /** Says it is going on right now (现在, 正在, 还在, right now). */
  ongoing: boolean;
  /** The spans read (`time`, and `night` for the ones that made it night). */
  spans: Span[];
}

/** Half-open night window for noise rules, in minutes after midnight: 22:00 → 06:00. */
export const NIGHT_START_MIN = 22 * 60;
/** End of the night window (exclusive), in minutes after midnight. */
export const NIGHT_END_MIN = 6 * 60;

/** True when a time of day (minutes after midnight) falls in the 22:00–06:00 night window. */
export function isNightMinute(minuteOfDay: number): boolean {
  const m = ((minuteOfDay % 1440) + 1440) % 1440;
  return m >= NIGHT_START_MIN || m < NIGHT_END_MIN;
}

/**
 * True when `date` is night (22:00–06:00) on the wall clock of `timeZone`. The extractor never
 * reads the clock itself; callers pass `now` so "现在还在施工" sent at 23:40 counts as night.
 */
export function isNightAt(date: Date, timeZone = 'Asia/Shanghai'): boolean {
  if (Number.isNaN(date.getTime())) return false;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 'NaN');
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? '0');
  return Number.isFinite(hour) && isNightMinute(hour * 60 + minute);
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Reads a small number written in Arabic or Chinese numerals (`10`, `十`, `十一`, `二十三`,
 * `两`, `一百零五`). Returns null for anything else.
 */
export function parseChineseNumber(input: string): number | null {
  const s = input.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^\d{1,9}$/.test(s)) return Number(s);
  if (s.length === 0 || s.length > 12) return null;
  let total = 0;
  let current = -1;
  for (const ch of s) {
    const d = DIGIT[ch];
    const u = UNIT[ch];
    if (d !== undefined) current = d;
    else if (u !== undefined) {
      total += (current === -1 ? 1 : current) * u;
      current = -1;
    } else return null;
  }
  return total + (current === -1 ? 0 : current);
}

/**
 * How a period word shifts a clock hour: `pm` (晚上八点 = 20:00 but 晚上两点 = 02:00), `afternoon`
 * (下午三点 = 15:00), `am`, `late` (凌晨两点 = 02:00), `noon`.
 */
type Shift = 'pm' | 'afternoon' | 'am' | 'late' | 'noon' | 'none';

interface PeriodWord {
  /** Regular expression source. */
  source: string;
  /** Is this period night by itself (when no clock time follows it)? */
  night: boolean;
  /** How a following clock time is read. */
  shift: Shift;
  /** Small hours (凌晨, 半夜)? */
  late?: boolean;
  /** Going on now? */
  ongoing?: boolean;
}

/**
 * Period and frequency words. 晚上 counts as night by itself: a complaint about 每天晚上 is about
 * the evening into the night. A clock time after a period word decides instead (晚上八点 is not).
 */
export const PERIOD_WORDS: readonly PeriodWord[] = [
  { source: '白天晚上|白天黑夜|日日夜夜|昼夜|没日没夜|24小时|二十四小时|通宵|整夜|整晚|彻夜|一整晚', night: true, shift: 'none' },
  { source: '凌晨|半夜三更|半夜|深夜|午夜|后半夜|大半夜', night: true, shift: 'late', late: true },
  { source: '每天晚上|每天夜里|天天晚上|每晚|每个晚上|昨天晚上|昨晚|今晚|今天晚上|前晚|前天晚上|晚上|夜晚|夜里|夜间|晚间|入夜', night: true, shift: 'pm' },
  { source: '傍晚|下午|黄昏', night: false, shift: 'afternoon' },
  { source: '中午', night: false, shift: 'noon' },
  { source: '早上|早晨|清晨|一大早|大清早|上午|早晨', night: false, shift: 'am' },
  { source: '白天', night: false, shift: 'none' },
  { source: '现在|正在|还在|此刻|目前|刚刚|刚才', night: false, shift: 'none', ongoing: true },
  { source: '每天|天天|每周|周末|经常|一直|最近|这几天|这段时间|昨天|今天|前天|长期|常年|多次', night: false, shift: 'none' },
  // English.
  { source: '\\bafter midnight\\b|\\bmidnight\\b|\\bsmall hours\\b|\\bmiddle of the night\\b', night: true, shift: 'late', late: true },
  { source: '\\b(?:every|each|at|all|late at|last|per)\\s+night\\b|\\bnights?\\b|\\bovernight\\b|\\btonight\\b|\\bround the clock\\b|\\b24/7\\b', night: true, shift: 'pm' },
  { source: '\\b(?:in the |every |this )?evenings?\\b|\\bafternoons?\\b', night: false, shift: 'afternoon' },
  { source: '\\b(?:in the |every |this )?mornings?\\b', night: false, shift: 'am' },
  { source: '\\bright now\\b|\\bcurrently\\b|\\bat the moment\\b|\\bstill going\\b|\\bnow\\b', night: false, shift: 'none', ongoing: true },
  { source: '\\bevery day\\b|\\bdaily\\b|\\byesterday\\b|\\btoday\\b|\\bweekends?\\b|\\boften\\b|\\balways\\b', night: false, shift: 'none' },
];

const NUM = '[零〇一二两三四五六七八九十0-9０-９]{1,3}';
// 十点, 十点半, 22:30, 两点多, 七点不到, 十点以后. A bare "一点" (a little) is only a clock when
// something anchors it: a period word before it, minutes, or a qualifier after it.
const ZH_CLOCK = new RegExp(
  `(${NUM})\\s*(?:点钟?|时|[:：])\\s*(半|一刻|三刻|${NUM}\\s*分|[零〇一二两三四五六七八九十]{2,3}(?![点时])|[0-9０-９]{1,2})?\\s*(以后|之后|后|以前|之前|前|左右|多|不到|过)?`,
  'g',
);
const EN_CLOCK = /\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])/gi;
const COMPILED_PERIODS = PERIOD_WORDS.map((p) => ({ word: p, re: new RegExp(p.source, 'gi') }));

interface Token {
  start: number;
  end: number;
  kind: 'period' | 'clock';
  period?: PeriodWord;
  minute?: number; // clock: minute of day once the period is applied
  hour?: number;
  min?: number;
  qualifier?: string;
  anchored?: boolean;
  explicit24?: boolean;
  en?: boolean;
}

const CLAUSE_BREAK = /[。！？!?；;\n]/;

function clockTokens(text: string): Token[] {
  const out: Token[] = [];
  ZH_CLOCK.lastIndex = 0;
  for (let m = ZH_CLOCK.exec(text); m !== null; m = ZH_CLOCK.exec(text)) {
    const hour = parseChineseNumber(m[1] ?? '');
    if (hour === null || hour > 24) continue;
    const sep = m[0].slice((m[1] ?? '').length).trim()[0];
    let min = 0;
    const minPart = m[2];
    if (minPart === '半') min = 30;
    else if (minPart === '一刻') min = 15;
    else if (minPart === '三刻') min = 45;
    else if (minPart) min = parseChineseNumber(minPart.replace(/分|\s/g, '')) ?? 0;
    if (min > 59) continue;
    const qualifier = m[3];
    const colon = sep === ':' || sep === '：';
    // "有点", "一点点", "小一点": 点 as "a bit", not a clock.
    const prev = text[m.index - 1] ?? '';
    const next = text[m.index + m[0].length] ?? '';
    if (!colon && !minPart && m[1] === '一' && (/[有小大快慢好多少]/.test(prev) || next === '点' || next === '儿')) continue;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      kind: 'clock',
      hour,
      min,
      qualifier,
      anchored: colon || Boolean(minPart) || Boolean(qualifier) || /点钟/.test(m[0]),
      explicit24: colon && hour >= 13,
    });
  }
  EN_CLOCK.lastIndex = 0;
  for (let m = EN_CLOCK.exec(text); m !== null; m = EN_CLOCK.exec(text)) {
    const h = Number(m[1]);
    const min = m[2] ? Number(m[2]) : 0;
    if (h < 1 || h > 12 || min > 59) continue;
    const pm = /^p/i.test(m[3] ?? '');
    const hour24 = (h % 12) + (pm ? 12 : 0);
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'clock', hour: hour24, min, anchored: true, explicit24: true, en: true });
  }
  return out;
}

function periodTokens(text: string): Token[] {
  const out: Token[] = [];
  for (const { word, re } of COMPILED_PERIODS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      out.push({ start: m.index, end: m.index + m[0].length, kind: 'period', period: word });
    }
  }
  // Longest wins where period words overlap (每天晚上 over 晚上 and 每天).
  out.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const used = new Uint8Array(text.length);
  const kept: Token[] = [];
  for (const t of out) {
    if (used.subarray(t.start, t.end).some((x) => x === 1)) continue;
    used.fill(1, t.start, t.end);
    kept.push(t);
  }
  return kept;
}

/** Applies the period's shift to a clock hour; returns minute of day. */
function applyShift(hour: number, min: number, shift: Shift, qualifier: string | undefined, explicit24: boolean): number {
  let h = hour;
  if (!explicit24) {
    switch (shift) {
      case 'pm':
        // 晚上两点 means 02:00 in speech; 晚上八点 means 20:00.
        if (h >= 6 && h < 12) h += 12;
        else if (h === 12) h = 0;
        break;
      case 'afternoon':
        if (h < 12) h += 12;
        break;
      case 'late':
        if (h === 12) h = 0;
        else if (h >= 6 && h < 12) h += 12; // 深夜十一点
        break;
      case 'noon':
        if (h < 6) h += 12;
        break;
      case 'am':
        if (h === 12) h = 0;
        break;
      case 'none':
        // 十点以后 with no period is the evening: a morning "after ten" is no complaint phrase.
        if (h >= 9 && h <= 11 && qualifier && /以后|之后|后|多|过/.test(qualifier)) h += 12;
        break;
    }
  }
  return (h % 24) * 60 + min;
}

function clockIsNight(minute: number, qualifier: string | undefined): boolean {
  if (qualifier && /以前|之前|前|不到/.test(qualifier)) return isNightMinute(minute - 1);
  // "九点以后" runs on into the night.
  if (qualifier && /以后|之后|后/.test(qualifier) && minute >= 21 * 60) return true;
  return isNightMinute(minute);
}

/**
 * Reads time and frequency phrases: period words (每天晚上, 凌晨, 半夜, every night, after midnight),
 * clock times in Chinese or Arabic numerals (晚上十点半, 凌晨两点, 22:30, 2 am) and their qualifiers
 * (以后, 不到). A clock time after a period word overrides the period (晚上八点 is not night). Pass
 * `now` to let 现在/正在 count as night when the message is sent at night.
 */
export function readTime(text: string, now?: Date): TimeReading {
  const periods = periodTokens(text);
  const inPeriod = new Uint8Array(text.length);
  for (const p of periods) inPeriod.fill(1, p.start, p.end);
  const clocks = clockTokens(text).filter((c) => !inPeriod.subarray(c.start, c.end).some((x) => x === 1));
  const tokens = [...periods, ...clocks].sort((a, b) => a.start - b.start);

  let night = false;
  let lateNight = false;
  let ongoing = false;
  const used: Token[] = [];
  const nightSpans: Span[] = [];
  // The shift a clock time inherits: from the last period word, or the previous clock of a range.
  let carryShift: Shift = 'none';
  let carryEnd = -1;
  let carryOwner: Token | null = null;
  const consumed = new Set<Token>();

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'period') {
      const p = t.period as PeriodWord;
      if (p.ongoing) ongoing = true;
      if (p.shift !== 'none') {
        carryShift = p.shift;
        carryEnd = t.end;
        carryOwner = t;
      }
      used.push(t);
      continue;
    }
    // A clock time: take the shift of a period word (or previous clock) in the same clause nearby.
    let shift: Shift = 'none';
    if (carryEnd >= 0 && t.start - carryEnd <= 8 && !CLAUSE_BREAK.test(text.slice(carryEnd, t.start))) shift = carryShift;
    if (!t.anchored && shift === 'none') continue;
    // English "night" is night whatever the clock says; 晚上 is evening until a clock says otherwise.
    if (shift !== 'none' && !t.en && carryOwner) consumed.add(carryOwner);
    const minute = t.en ? (t.hour as number) * 60 + (t.min as number) : applyShift(t.hour as number, t.min as number, shift, t.qualifier, Boolean(t.explicit24));
    t.minute = minute;
    carryShift = shift;
    carryEnd = t.end;
    used.push(t);
    if (clockIsNight(minute, t.qualifier)) {
      night = true;
      nightSpans.push(spanOf(text, t, 'night'));
    }
    if (minute < NIGHT_END_MIN && !(t.qualifier && /以前|之前|前|不到/.test(t.qualifier))) lateNight = true;
  }

  for (const t of used) {
    if (t.kind !== 'period' || consumed.has(t)) continue;
    const p = t.period as PeriodWord;
    if (p.night) {
      night = true;
      nightSpans.push(spanOf(text, t, 'night'));
    }
    if (p.late) lateNight = true;
  }
  if (!night && ongoing && now && isNightAt(now)) night = true;

  const groups = mergeNearby(text, used);
  const spans: Span[] = [...groups.map((g) => ({ kind: 'time', text: text.slice(g.start, g.end), start: g.start, end: g.end })), ...nightSpans];
  return {
    text: groups.length > 0 ? groups.map((g) => text.slice(g.start, g.end)).join('，') : null,
    night,
    lateNight,
    ongoing,
    spans,
  };
}

function spanOf(text: string, t: Token, kind: string): Span {
  return { kind, text: text.slice(t.start, t.end), start: t.start, end: t.end };
}

// Phrases a few characters apart in one clause read as one ("每天晚上开到十点半").
function mergeNearby(text: string, tokens: Token[]): { start: number; end: number }[] {
  const sorted = [...tokens].sort((a, b) => a.start - b.start);
  const groups: { start: number; end: number }[] = [];
  for (const t of sorted) {
    const last = groups[groups.length - 1];
    if (last && t.start - last.end <= 3 && !/[，,。！？!?；;\n]/.test(text.slice(last.end, t.start))) {
      last.end = Math.max(last.end, t.end);
    } else groups.push({ start: t.start, end: t.end });
  }
  return groups;
}
