import { CASE_NUMBER_PATTERN } from '../../cases/number.js';
import type { Span } from '../../places/types.js';
import type { IdentityMode } from '../facts.js';

/** A value read from the text together with the span it came from. */
export interface Found<T> {
  /** The value. */
  value: T;
  /** Where it was read. */
  span: Span;
}

function firstMatch(re: RegExp, text: string, kind: string): Span | null {
  re.lastIndex = 0;
  const m = re.exec(text);
  return m ? { kind, text: m[0], start: m.index, end: m.index + m[0].length } : null;
}

/**
 * Words that make a complaint time-critical by themselves: fish dying, leaks, explosions, fire,
 * poisoning, a discharge or a chemical smell going on right now. Night construction is judged with
 * the time reading (see {@link readUrgent}).
 */
export const URGENT_WORDS =
  /死鱼|死了[^，。！？]{0,4}鱼|鱼[^，。！？]{0,4}死|泄漏|泄露|爆炸|着火|起火|失火|火灾|大火|毒气|中毒|晕倒|呕吐|喘不过气|头晕|(?:正在|现在|还在|此刻|这会儿)[^，。！？]{0,8}(?:偷排|直排|排放|排污|往[^，。！？]{0,4}(?:排|倒)|化学|刺鼻|呛)|\bdead fish\b|\bfish (?:are |were )?dy\w*|\bleak\w*|\bexplo\w*|\bon fire\b|\bfire\b|\bpoison\w*|\btoxic gas\b/i;

/** What {@link readUrgent} needs to know besides the words. */
export interface UrgencyContext {
  /** The text names construction (施工, 打桩, 工地, construction). */
  construction: boolean;
  /** The time reading says small hours (凌晨, 半夜, after midnight, 00:00–05:59). */
  lateNight: boolean;
  /** The time reading says night. */
  night: boolean;
  /** The time reading says it is going on now (还在, 正在, right now). */
  ongoing: boolean;
}

/**
 * Time-critical? Either an urgent word, or construction that is going on at night now or in the
 * small hours: night construction is banned unless permitted, so a live report must reach someone
 * while it can still be stopped. "夜间施工" on its own is a habit, not an emergency.
 */
export function readUrgent(text: string, ctx: UrgencyContext): Found<true> | null {
  const word = firstMatch(URGENT_WORDS, text, 'urgent');
  if (word) return { value: true, span: word };
  if (ctx.construction && (ctx.lateNight || (ctx.night && ctx.ongoing))) {
    const span = firstMatch(/施工|打桩|工地|\bconstruction\b|\bpile[- ]driv\w*/i, text, 'urgent');
    if (span) return { value: true, span };
  }
  return null;
}

const REPEAT_WORDS = new RegExp(
  [
    '(?:投诉|举报|反映|反应|打电话|报告|打12345|打12369)过',
    '打过[^，。！？]{0,4}电话',
    '第[二三四五六七八九十两几0-9]+次',
    '再次|多次|反复|屡次|一再|三番五次|上次|之前[^，。！？]{0,6}(?:投诉|举报|反映)',
    '(?:还是|一直|仍然|始终)没(?:有)?(?:人管|解决|处理|改)',
    '\\breported (?:it |this |them |that )?(?:before|already|twice|again|\\d+ times|several times|many times|multiple times)',
    '\\bcomplained (?:before|already|twice|again|several times|many times|multiple times)',
    '\\b(?:second|third|fourth|fifth|\\d+(?:st|nd|rd|th)) time\\b',
    '\\bagain\\b|\\bstill not (?:fixed|solved|resolved)\\b|\\bnothing (?:has been|was) done\\b',
  ].join('|'),
  'gi',
);

/**
 * The reporter says it was reported before: 投诉过, 第三次反映, 又, reported before, again. A lone
 * 又 counts, but not the 又…又 of description ("又脏又臭").
 */
export function readRepeat(text: string): Found<true> | null {
  const span = firstMatch(REPEAT_WORDS, text, 'repeat');
  const you = /又/g;
  for (let m = you.exec(text); m !== null; m = you.exec(text)) {
    const around = text.slice(Math.max(0, m.index - 4), m.index + 5);
    if ((around.match(/又/g)?.length ?? 0) > 1) continue;
    const youSpan: Span = { kind: 'repeat', text: '又', start: m.index, end: m.index + 1 };
    return { value: true, span: span && span.start < youSpan.start ? span : youSpan };
  }
  return span ? { value: true, span } : null;
}

const MOBILE = /(?<![\d])(?:\+?86[\s-]?)?(1[3-9]\d(?:[\s-]?\d){8})(?!\d)/g;
const LANDLINE = /(?<![\d-])(0\d{2,3})[\s-]?(\d{7,8})(?!\d)/g;

/**
 * A phone number, digits only: a mainland mobile (1[3-9] + 9 digits, spaces or dashes allowed,
 * +86 dropped) first, else a landline with area code (028-12345678).
 */
export function readPhone(text: string): Found<string> | null {
  MOBILE.lastIndex = 0;
  const mob = MOBILE.exec(text);
  if (mob) {
    const digits = (mob[1] ?? '').replace(/\D/g, '');
    if (digits.length === 11) return { value: digits, span: { kind: 'phone', text: mob[0], start: mob.index, end: mob.index + mob[0].length } };
  }
  LANDLINE.lastIndex = 0;
  const land = LANDLINE.exec(text);
  if (land) {
    const digits = `${land[1]}${land[2]}`;
    return { value: digits, span: { kind: 'phone', text: land[0], start: land.index, end: land.index + land[0].length } };
  }
  return null;
}

// The name stops at punctuation, a digit or the next field (电话, 手机, 住在...).
const ZH_NAME = /(?:我叫|我的名字(?:是|叫)|名字[:：]|姓名[:：是]?)\s*([\u4e00-\u9fa5·]{2,4}?)(?=$|[\s，,。.！!；;、：:\d]|电话|手机|联系|住在|家住|在|是|的|，)/;
const EN_NAME = /\bmy name is\s+([A-Za-z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+){0,2})/i;
const NOT_A_NAME = /^(?:not|none|withheld|private|secret|anonymous|no)$/i;

// A contact answer that is just a name and a number ("张三 13800000000", "13800000000，张三").
const PHONE_SRC = '(?:\\+?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d){8}|0\\d{2,3}[\\s-]?\\d{7,8}';
const NAME_THEN_PHONE = new RegExp(`^\\s*([\\u4e00-\\u9fa5·]{2,4}|[A-Za-z][A-Za-z'-]+(?: [A-Za-z][A-Za-z'-]+){0,2})[\\s,，、:：;；]*(?:电话|手机|phone)?[\\s:：]*(?:${PHONE_SRC})\\s*[。.!！]?\\s*$`, 'i');
const PHONE_THEN_NAME = new RegExp(`^\\s*(?:${PHONE_SRC})[\\s,，、:：;；]*([\\u4e00-\\u9fa5·]{2,4}|[A-Za-z][A-Za-z'-]+(?: [A-Za-z][A-Za-z'-]+){0,2})\\s*[。.!！]?\\s*$`, 'i');
const NOT_A_ZH_NAME = /^(?:电话|手机|号码|联系|我|本人|没有|不知道|匿名|保密|实名|phone|mobile|tel|call|number)/i;
// "my phone is 139..." puts words, not a name, before the number.
const NOT_AN_EN_NAME = /\b(?:my|phone|mobile|number|tel|call|is|it|this|me|here|contact|at|on)\b/i;

function bareContactName(text: string): Found<string> | null {
  if (text.length > 60) return null;
  const m = NAME_THEN_PHONE.exec(text) ?? PHONE_THEN_NAME.exec(text);
  const name = m?.[1]?.trim();
  if (!m || !name || NOT_A_ZH_NAME.test(name) || NOT_AN_EN_NAME.test(name)) return null;
  const start = m.index + m[0].indexOf(name);
  return { value: name, span: { kind: 'name', text: name, start, end: start + name.length } };
}

/**
 * A name the reporter gives for themselves: 我叫张三, 姓名：张三, my name is ..., or a contact
 * answer that is only a name and a phone number ("李四 13912345678").
 */
export function readSelfName(text: string): Found<string> | null {
  const zh = ZH_NAME.exec(text);
  if (zh?.[1]) {
    const start = zh.index + zh[0].length - zh[1].length;
    return { value: zh[1], span: { kind: 'name', text: zh[1], start, end: start + zh[1].length } };
  }
  const en = EN_NAME.exec(text);
  if (en?.[1] && !NOT_A_NAME.test(en[1].split(/\s+/)[0] ?? '')) {
    const start = en.index + en[0].length - en[1].length;
    return { value: en[1], span: { kind: 'name', text: en[1], start, end: start + en[1].length } };
  }
  return bareContactName(text);
}

/**
 * Identity-mode phrases, checked in order. Refusals come first: 不要实名 is anonymous, and
 * 不愿透露姓名 withholds the name (anonymous) while 不要透露 asks staff to keep it (confidential).
 */
export const IDENTITY_WORDS: readonly { mode: IdentityMode; re: RegExp }[] = [
  { mode: 'anonymous', re: /(?:不|不要|不想|不用|不愿意?)实名|匿名|不留名|不留姓名|不想留名|不(?:愿意?|想)?(?:留|透露|告诉你?)(?:我的)?(?:姓名|名字)|\banonym\w*|\bwithout (?:my|a) name\b/i },
  { mode: 'confidential', re: /保密|不要(?:对外|向[^，。！？]{0,8})?透露|别透露|不要告诉|别告诉|不要公开|不公开|\bconfidential\w*|\bkeep (?:my|it) (?:name |identity )?(?:private|secret)\b|\bdon'?t (?:share|disclose|reveal)\b/i },
  { mode: 'real_name', re: /实名|\breal name\b|\buse my (?:real )?name\b/i },
];

/** An identity mode named in the text (匿名 → anonymous, 保密 → confidential, 实名 → real_name). */
export function readIdentityMode(text: string): Found<IdentityMode> | null {
  for (const { mode, re } of IDENTITY_WORDS) {
    const m = re.exec(text);
    if (m) return { value: mode, span: { kind: 'identity', text: m[0], start: m.index, end: m.index + m[0].length } };
  }
  return null;
}


/** A case number `HY-YYYYMMDD-NNNN` (any case), returned upper-case. */
export function readCaseNumber(text: string): Found<string> | null {
  const m = CASE_NUMBER_PATTERN.exec(text);
  if (!m) return null;
  return { value: `HY-${m[1]}-${m[2]}`, span: { kind: 'case_number', text: m[0], start: m.index, end: m.index + m[0].length } };
}

// Demand cues start a clause that says what should be done; 请问 is a question, 申请 a noun.
const DEMAND_CUE =
  /(?:强烈)?(?:希望|要求|请求|恳请|盼望)|(?<![申邀聘宴])请(?!问|教)|麻烦(?:你们|相关部门|政府)?|尽快|赶紧|赶快|能不能|能否|可不可以|\bplease\b|\bI (?:want|would like|'d like|hope|demand|request|ask)\b|\bwe (?:want|hope|demand|ask)\b/gi;
const CLAUSE_END = /[。！？!?\n；;]/;

/**
 * What the reporter wants done (诉求), as written: the clause from a cue (希望, 要求, 请…, 尽快,
 * please, I want) to the end of the sentence, at most 80 characters.
 */
export function readDemand(text: string): Found<string> | null {
  DEMAND_CUE.lastIndex = 0;
  for (let m = DEMAND_CUE.exec(text); m !== null; m = DEMAND_CUE.exec(text)) {
    const start = m.index;
    let end = start;
    const limit = Math.min(text.length, start + 80);
    // An ASCII full stop ends the clause only before a space or the end (3.5 is a number).
    while (end < limit && !CLAUSE_END.test(text[end] as string) && !(text[end] === '.' && /^\s?$/.test(text[end + 1] ?? ''))) end++;
    const clause = text.slice(start, end).trim();
    const rest = clause.slice(m[0].length).replace(/[\s,，。.!！?？~]/g, '');
    if (rest.length < 2) continue;
    return { value: clause, span: { kind: 'demand', text: clause, start, end: start + clause.length } };
  }
  return null;
}
