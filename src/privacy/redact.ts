/**
 * Removal of personal data from text that is published (disclosure digests): unlike masking
 * (src/privacy/mask.ts), nothing of an identifier is left, since anyone may read the result.
 * Rules catch what has a shape — phone, ID and account numbers, e-mail, chat handles, house and
 * room numbers, names next to a label or an honorific, nicknames (老张) — and the names and numbers the caller
 * knows belong to the people of the case. A bare name with no label nobody can recognise by
 * rule: staff are asked not to write names into answers (README, "Public disclosure").
 */

/** What stands where something was removed: the marker Chinese public documents use. */
export const REDACTED = '×××';

// The most common surnames (about 85% of people): a name is only taken as one after a label or before an honorific.
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳司马诸葛';
const NAME = `[${SURNAMES}][\\u4e00-\\u9fa5]{1,2}`;
const LABELS = '举报人|投诉人|反映人|来电人|来信人|信访人|联系人|当事人|负责人|法定代表人|法人代表|法人|经营者|业主|户主|房主|租户|姓名|名字';
const HONORIFICS = '先生|女士|小姐|师傅|老师|阿姨|大爷|大妈|大姐|大哥|同志|老板|经理';
const NUMERAL = '[0-9０-９A-Za-z一二三四五六七八九十百零〇两]';
const HOUSE_UNITS = '号楼|号院|号|栋|幢|单元|室|楼|层|户|座|弄|组|社';
// A street name, taken out only together with a house number after it: the place is published at town level.
const STREET = '[\\u4e00-\\u9fa5]{2,6}(?:路|大道|大街|街|巷|胡同|里)(?:[东西南北中一二三四五六七八九十0-9]+段)?';

/** Ordered: account-like patterns before the bare digit runs that would otherwise cut them in half. */
const RULES: readonly RegExp[] = [
  // E-mail, then what names an account on a platform.
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g,
  /(?:https?:\/\/)?(?:t\.me|telegram\.me|wa\.me|weixin\.qq\.com|u\.wechat\.com)\/\S*/gi,
  /wxid_[A-Za-z0-9_-]+/gi,
  /(?:微信号?|weixin|wechat|wx|QQ号?|qq|telegram|tg|电报|抖音号?|快手号?|微博)\s*(?:号|ID|id)?\s*[:：是为]?\s*[A-Za-z0-9_@.+-]{3,}/gi,
  /(?<![A-Za-z0-9_])@[A-Za-z0-9_]{3,}/g,
  // Resident ID numbers (18 digits, the last may be X; the old 15), then phones.
  /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g,
  /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g,
  /(?<!\d)0\d{2,3}[-\s]?\d{7,8}(?!\d)/g,
  // Any other long number (a bank card, a licence, an account) — but not a case number HY-YYYYMMDD-NNNN.
  /(?<![\d-])\d{7,}(?![\d-])/g,
  // House, building, unit and room, with the street before them: 犀浦北路12号3单元502室, 5栋2-301, 3组.
  new RegExp(`(?:${STREET})?(?:${NUMERAL}+(?:-${NUMERAL}+)*(?:${HOUSE_UNITS}))+(?:${NUMERAL}+(?:-${NUMERAL}+)+)?`, 'g'),
  /(?<![\dA-Za-z-])(?!\d{4}-\d{1,2}-\d{1,2}(?![\d-]))\d{1,4}(?:-\d{1,4}){1,3}(?![\dA-Za-z-])/g,
  // Names: after a label (负责人王某某), before an honorific (张先生, 李总).
  new RegExp(`((?:${LABELS})\\s*[:：为是]?\\s*)${NAME}`, 'g'),
  new RegExp(`${NAME.replace('{1,2}', '{0,2}')}(?=${HONORIFICS})(?:${HONORIFICS})`, 'g'),
  // Nicknames: 老张, 小李 (小于 is "less than").
  new RegExp(`[老小](?!于)[${SURNAMES}]`, 'g'),
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with personal data removed. `known` are names and numbers of the people of this case
 * (the reporter's contact name and phone): every occurrence goes, phones also when written
 * with spaces or dashes. Each removal leaves {@link REDACTED}; runs of markers collapse to one.
 */
export function redactPersonal(text: string, known: readonly (string | null | undefined)[] = []): string {
  // Full-width digits (１３８…) would slip past every number rule.
  const digits = (t: string) => t.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  let out = digits(text);
  for (const k of known) {
    const v = k === null || k === undefined ? '' : digits(k).trim();
    if (!v || v.length < 2) continue;
    // A number matches however it is grouped: 138 1234 5678, 138-1234-5678.
    const pattern = /^\+?[\d\s-]+$/.test(v) ? [...v.replace(/\D/g, '')].map(escapeRegExp).join('[\\s-]?') : escapeRegExp(v);
    out = out.replace(new RegExp(pattern, 'gi'), REDACTED);
  }
  for (const rule of RULES) {
    out = out.replace(rule, (m, label?: unknown) => (typeof label === 'string' ? `${label}${REDACTED}` : REDACTED));
  }
  return out.replace(new RegExp(`${REDACTED}(?:[\\s,，、]*${REDACTED})+`, 'g'), REDACTED);
}
