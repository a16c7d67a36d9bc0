/**
 * Place-like words the gazetteer does not know (a misspelt or made-up 镇), so the bot can say it
 * does not know the place instead of silently ignoring it.
 */
import type { Gazetteer } from './gazetteer.js';
import type { Hit } from './scan.js';

/** Suffixes of a place-like word. */
const PLACE_SUFFIX = /街道|镇|乡|区|县/g;
/** Characters that cannot be inside a place name read backwards from its suffix. */
const NOT_IN_NAME = new Set([...'在的是到了住我你他她它们从去说那这和与及于往叫个有把被让给向对也就还又很要会能可请问吗呢吧啊哦嗯某该本全每各此其附近区县镇乡街']);
/** Endings of place-like words that are ordinary nouns, not names (小区, 工业园区, 景区…). */
const GENERIC_PLACE =
  /(小区|园区|景区|城区|社区|保护区|开发区|新区|市区|郊区|片区|校区|厂区|矿区|街区|辖区|山区|库区|港区|商区|营区|灾区|禁区|功能区|示范区|试验区|服务区|生活区|住宅区|居住区|办公区|商业区|工业区|风景区|旅游区|度假区|城乡|乡镇|城镇|集镇|小镇|古镇|村镇|家乡|老乡|下乡|同乡|故乡|他乡|异乡|城县|外县|邻县|邻区)$/;
/** A suffix character that begins another word here (区域, 区别, 镇定, 乡村). */
const NOT_A_SUFFIX = /^(?:区[域别分间块]|镇[定压静痛守]|乡[村下亲愁音土间]|县[长委])/;
/** Names are Chinese characters only: a digit, letter or mark ends the name read backwards. */
const HAN = /\p{Script=Han}/u;
/** Parts of a stem that make the word a description (养殖区, 施工区), not a name. */
const GENERIC_NAME_PART = /工业|经济|技术|开发|产业|物流|商业|住宅|生活|风景|自然|示范|试验|功能|服务|管理|居民|行政|贸易|保税|科技|高新|农业|旅游|度假|文化|创业|创新|实验|生态|湿地|公园|园|污染|噪音|噪声|垃圾|养殖|施工|建筑|拆迁|安置|重点|周边|附近|整个|这个|那个|一个/;

/**
 * A place-like word (2–6 Han characters + 街道/镇/乡/区/县) that the gazetteer did not read and that
 * is not an ordinary noun (小区, 工业园区, 景区…), or null.
 */
export function findUnknown(text: string, hits: readonly Hit[], g: Gazetteer): string | null {
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
