import type { Span } from '../../places/types.js';
import type { Rating } from '../../cases/lifecycle.js';
import type { Intent, Lang } from '../facts.js';
import { parseChineseNumber } from './time.js';
import { readCaseNumber } from './signals.js';

/**
 * Where a rule looks: `start` — at the start of the message (a reply like 好的 or 不对);
 * `short` — anywhere, but only in a short message (人工 in a long complaint is no request for staff);
 * `anywhere` — anywhere in any message.
 */
export type IntentScope = 'start' | 'short' | 'anywhere';

/** One intent rule: the words and where they count. */
export interface IntentRule {
  /** The intent the words signal. */
  intent: Intent;
  /** Where the words count. */
  scope: IntentScope;
  /** The words; `start` rules are matched against the trimmed message. */
  re: RegExp;
}

/** A message this long or shorter (trimmed) counts as short for `short` rules. */
export const SHORT_MESSAGE = 16;

// A short reply word must end there: "对，" is agreement, "对面的工厂" is not.
const END = '(?=$|[\\s,，。.!！~?？;；、]|啊|呀|吧|的|了|呢|谢谢)';

/** Intent rules in order of strength: the first intents found are listed first. */
export const INTENT_RULES: readonly IntentRule[] = [
  // Before cancel: "forget it" is a cancel, "/forget" and "forget my details" are not.
  {
    intent: 'forget',
    scope: 'anywhere',
    re: /\/forget\b|(?:删除|删掉|清除|注销|抹掉|不要保留|别保留|不要保存|别保存)(?:我的|我留的|我留下的|本人的?)(?:个人)?(?:联系方式|联系电话|电话号码?|手机号码?|姓名和电话|个人信息|个人资料|信息|资料)|\b(?:delete|erase|remove|forget)\s+my\s+(?:contact|personal|phone)\s*(?:details|data|info(?:rmation)?|number)?\b|\bforget me\b/i,
  },
  { intent: 'cancel', scope: 'anywhere', re: /\/cancel\b|取消(?:这个?|本次)?(?:举报|投诉)|撤回(?:举报|投诉)|不(?:想)?(?:举报|投诉)了/i },
  { intent: 'cancel', scope: 'short', re: /^(?:取消|算了|不用了|不要了|撤销|撤回|\bcancel\b|\bnever ?mind\b|\bforget it\b)/i },
  { intent: 'restart', scope: 'anywhere', re: /\/restart\b|重新开始|从头开始|重新(?:举报|投诉|填写?)|\bstart over\b|\brestart\b/i },
  { intent: 'restart', scope: 'short', re: /^重来/ },
  { intent: 'human', scope: 'anywhere', re: /\/human\b|转人工|人工客服|人工服务|找人工|要人工|\breal person\b|\btalk to (?:a |an )?(?:human|person|someone|staff|agent|operator)\b/i },
  { intent: 'human', scope: 'short', re: /人工|客服|真人|\bhuman\b|\bagent\b|\boperator\b/i },
  { intent: 'help', scope: 'anywhere', re: /\/help\b/i },
  { intent: 'help', scope: 'short', re: /^(?:帮助|help|怎么用|使用说明|菜单|menu)(?=$|[\s,，。.!！?？])/i },
  { intent: 'status', scope: 'anywhere', re: /\/status\b|进度|进展|处理得?怎么样|办得?怎么样|怎么样了|有(?:结果|回复|答复|消息)了?吗|到哪一?步|查询(?:一下)?(?:我的)?(?:案件|举报|投诉|结果)|查一下(?:结果|案件)|\bstatus\b|\bany (?:update|news)\b|\bprogress\b/i },
  { intent: 'status', scope: 'short', re: /^查询/ },
  { intent: 'deny', scope: 'start', re: new RegExp(`^(?:不是的?|不对|不行|不|否|错了|no|nope|nah|wrong|incorrect|n)${END}`, 'i') },
  { intent: 'affirm', scope: 'start', re: new RegExp(`^(?:是的?|对的?|对对对?|好的?|好吧|嗯+|确认|确定|没问题|没错|可以|行|正确|yes|yeah|yep|yup|ok(?:ay)?|y|sure|correct|right|confirm(?:ed)?|👌|👍)${END}`, 'iu') },
  {
    intent: 'unknown_answer',
    scope: 'start',
    re: /^(?:不知道|不清楚|不太清楚|不记得了?|记不清了?|不晓得|没有了?|没|无|暂无|不确定|说不清|don'?t know|do not know|not sure|no idea|dunno|none|nothing|n\/a|idk|unknown)(?=$|[\s,，。.!！~?？]|啊|呀|吧|的|了|呢|照片|图片|视频|电话|联系|名字|姓名)/i,
  },
  {
    intent: 'question',
    scope: 'anywhere',
    re: /受理哪些|受理什么|受理范围|管不管|管哪些|归谁管|多久|多长时间|几天(?:能|会|可以)|怎么(?:举报|投诉|办|查|联系)|如何(?:举报|投诉|查询)|请问|是否|[?？]\s*$|\b(?:what|how|when|where|why|which|who|can you|do you|does|is it|are you)\b[^.!?]{0,200}\?/i,
  },
  { intent: 'question', scope: 'short', re: /[吗么嘛]$/ },
  { intent: 'thanks', scope: 'anywhere', re: /谢谢|感谢|多谢|辛苦(?:了|你们)|\bthanks?\b|\bthank you\b|\bthx\b/i },
  { intent: 'unmute', scope: 'short', re: /\/notify\b|恢复通知|重新通知|开启通知|继续通知|\bnotify\b|\bupdates? on\b/i },
  { intent: 'mute', scope: 'short', re: /\/mute\b|免打扰|不(?:要|用)(?:再)?(?:通知|提醒|推送)|停止(?:通知|推送)|关闭通知|\bmute\b|\bstop updates\b|\bno (?:more )?updates\b/i },
  { intent: 'greeting', scope: 'start', re: /^(?:在吗|在不在|在么|在嘛|有人吗|有人在吗|你好|您好|哈喽|嗨|喂|早上好|晚上好|下午好|早安|hi\b|hello\b|hey\b|good (?:morning|afternoon|evening)\b|\/start\b)/i },
];

/** Correction phrases: the message fixes something said before. A bare 不对 is only a deny. */
export const CORRECTION_RE =
  /不对[，,、。\s]*[^\s，,。.!！?？]|不是[^，,。！？]{1,20}[，,\s]*(?:而)?是|改成|改为|应该是|更正|纠正|说错了|写错了|搞错了|弄错了|打错了|错了[，,\s]*(?:是|应该)|\bactually\b|\bI meant?\b|\bcorrection\b|\bnot [^,.]{1,30}, (?:it'?s|but)\b|\bsorry,? (?:it'?s|I meant)\b|\bno[,.]? (?:it'?s|it is|it was)\b|\bchange (?:it )?to\b/i;

const LANG_COMMAND = /^\/lang\s+(en|zh|english|chinese|中文|英文)\b/i;
const TO_EN = /\benglish please\b|\bin english\b|\bspeak english\b|\b(?:reply|answer|talk|switch|write)\b[^.。]{0,15}\benglish\b|(?:用|说|讲|切换(?:到|成|为)?|换成|回复)英[文语]|^(?:english|英文|英语)$/i;
const TO_ZH = /\bchinese please\b|\bin chinese\b|\bspeak (?:chinese|mandarin)\b|\b(?:reply|answer|talk|switch|write)\b[^.。]{0,15}\b(?:chinese|mandarin)\b|(?:用|说|讲|切换(?:到|成|为)?|换成|回复)中文|^(?:中文|chinese)$/i;

const ORDINAL_EN: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10 };

/** What {@link readIntents} found. */
export interface IntentReading {
  /** Intents, strongest first. */
  intents: Intent[];
  /** An explicit language switch, or null. */
  langSwitch: Lang | null;
  /** The message corrects something said before. */
  correction: boolean;
  /** A bare numbered choice, 1-based, or null. */
  choice: number | null;
  /** A rating the message starts with, or null. */
  rating: Rating | null;
  /** Spans read (`intent:<name>`, `lang_switch`, `correction`, `choice`, `rating`). */
  spans: Span[];
}

/** Rating words at the start of a message, the dissatisfied and the lukewarm tried first. */
const RATING_RULES: [RegExp, Rating][] = [
  [new RegExp(`^(?:很不满意|非常不满意|不太满意|不满意|不满|\\bnot (?:at all )?satisfied\\b|\\bunsatisfied\\b|\\bdissatisfied\\b)`, 'i'), 'unsatisfied'],
  [new RegExp(`^(?:基本满意|比较满意|还算满意|还可以|\\bmostly satisfied\\b|\\bbasically satisfied\\b|\\bsomewhat satisfied\\b)`, 'i'), 'basically_satisfied'],
  [new RegExp(`^(?:非常满意|很满意|满意|\\b(?:very )?satisfied\\b)${END}`, 'i'), 'satisfied'],
];

/** A rating word the message starts with: only a short message, or one naming a case, is a rating. */
function readRating(core: string, offset: number): { value: Rating; span: Span } | null {
  if (core.length > 40 && !readCaseNumber(core)) return null;
  for (const [re, value] of RATING_RULES) {
    const m = re.exec(core);
    if (m) return { value, span: { kind: 'rating', text: m[0], start: offset, end: offset + m[0].length } };
  }
  return null;
}

function trimmed(text: string): { core: string; offset: number } {
  // Keep a leading "/" (commands) and emoji (👍 is an answer).
  const lead = /^[\s，,。.!！?？~、;；:："'“”‘’【】[\]()（）]*/.exec(text)?.[0].length ?? 0;
  const core = text.slice(lead).replace(/[\s。.!！~]+$/u, '');
  return { core, offset: lead };
}

/**
 * A bare numbered choice: "2", "2.", "第二个", "第2个", "选2", "option 2", "the second one".
 * Only in short messages, so "第三次反映" is never a choice.
 */
export function readChoice(text: string): { value: number; span: Span } | null {
  const { core: raw, offset } = trimmed(text);
  if (raw.length === 0 || raw.length > 16) return null;
  const core = raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const patterns: RegExp[] = [
    /^(\d{1,2})\s*[.)、。:：号]?$/,
    /^(?:选|选择|就|要)?第?([一二两三四五六七八九十\d]{1,3})(?:个|项|条|号|种)(?:吧|的)?$/,
    /^(?:选|选择)第?([一二两三四五六七八九十\d]{1,3})(?:个|项|条|号|种)?(?:吧)?$/,
    /^第([一二两三四五六七八九十\d]{1,3})$/,
    /^([一二三四五六七八九])$/,
    /^(?:option|number|no\.?|#)\s*(\d{1,2})$/i,
  ];
  for (const re of patterns) {
    const m = re.exec(core);
    if (m?.[1]) {
      const n = parseChineseNumber(m[1]);
      if (n !== null && n >= 1 && n <= 99) return { value: n, span: { kind: 'choice', text: core, start: offset, end: offset + core.length } };
    }
  }
  const en = /^(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:\s+one)?$/i.exec(core);
  if (en?.[1]) return { value: ORDINAL_EN[en[1].toLowerCase()] as number, span: { kind: 'choice', text: core, start: offset, end: offset + core.length } };
  return null;
}

/** Reads an explicit language switch: `/lang en`, "English please", "用中文". */
export function readLangSwitch(text: string): { value: Lang; span: Span } | null {
  const { core, offset } = trimmed(text);
  const cmd = LANG_COMMAND.exec(core);
  if (cmd?.[1]) {
    const value: Lang = /^(en|english|英文)$/i.test(cmd[1]) ? 'en' : 'zh';
    return { value, span: { kind: 'lang_switch', text: cmd[0], start: offset, end: offset + cmd[0].length } };
  }
  // Only in short messages: a complaint that mentions 英文 is not asking for a language.
  if (core.length > 40) return null;
  for (const [value, re] of [['en', TO_EN], ['zh', TO_ZH]] as const) {
    const m = re.exec(core);
    if (m) return { value, span: { kind: 'lang_switch', text: m[0], start: offset + m.index, end: offset + m.index + m[0].length } };
  }
  return null;
}

/**
 * Reads intents (greeting, question, help, cancel, restart, status, human, affirm, deny,
 * unknown_answer, thanks), a language switch, a correction and a numbered choice. "不对，是温江区"
 * is deny plus correction; "没有" is an unknown/none answer, not a deny; a case number means status.
 */
export function readIntents(text: string): IntentReading {
  const { core, offset } = trimmed(text);
  const short = core.length <= SHORT_MESSAGE;
  const intents: Intent[] = [];
  const spans: Span[] = [];
  for (const rule of INTENT_RULES) {
    if (intents.includes(rule.intent)) continue;
    if (rule.scope === 'short' && !short) continue;
    const subject = rule.scope === 'anywhere' ? text : core;
    const base = rule.scope === 'anywhere' ? 0 : offset;
    const m = rule.re.exec(subject);
    if (!m) continue;
    intents.push(rule.intent);
    spans.push({ kind: `intent:${rule.intent}`, text: m[0], start: base + m.index, end: base + m.index + m[0].length });
  }
  if (!intents.includes('status')) {
    const cn = readCaseNumber(text);
    if (cn) {
      intents.push('status');
      spans.push({ ...cn.span, kind: 'intent:status' });
    }
  }
  // "在吗" is a greeting, not a question about whether anyone is there.
  if (intents.includes('greeting') && intents.includes('question')) {
    const g = spans.find((s) => s.kind === 'intent:greeting');
    const rest = core.slice(g ? g.end - offset : 0).replace(/[\s\p{P}]/gu, '');
    if (rest.length === 0) {
      intents.splice(intents.indexOf('question'), 1);
      spans.splice(spans.findIndex((s) => s.kind === 'intent:question'), 1);
    }
  }
  const corr = CORRECTION_RE.exec(text);
  if (corr) spans.push({ kind: 'correction', text: corr[0], start: corr.index, end: corr.index + corr[0].length });
  const lang = readLangSwitch(text);
  if (lang) spans.push(lang.span);
  const choice = readChoice(text);
  if (choice) spans.push(choice.span);
  const rating = readRating(core, offset);
  if (rating) spans.push(rating.span);
  return { intents, langSwitch: lang?.value ?? null, correction: corr !== null, choice: choice?.value ?? null, rating: rating?.value ?? null, spans };
}
