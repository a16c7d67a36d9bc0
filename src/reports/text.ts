import type { Category } from '../cases/categories.js';
import { CATALOGS } from '../i18n/render.js';
import type { Lang } from '../understanding/facts.js';
import type { StatsCounts } from './case-stats.js';
import type { Digest, DigestKind } from './digest.js';

/** Every text of the public digests, in one language; category, finding and status names come from the i18n catalogs. */
export interface DigestText {
  /** The digest's title, e.g. 成都市生态环境信访投诉办理情况. */
  title(kind: DigestKind, scope: string): string;
  period(from: string, to: string): string;
  generated(at: string): string;
  /** A short line on the cadence, under the title. */
  cadence(kind: DigestKind): string;
  /** The counts that are not a case status (those take the status names, see {@link countLabel}). */
  counts: Record<'received' | 'answered' | 'on_time' | 'overdue', string>;
  receivedHeading: string;
  byDistrict: string;
  byCategory: string;
  total: string;
  district: string;
  category: string;
  closedHeading: string;
  noClosed: string;
  number: string;
  place: string;
  finding: string;
  action: string;
  registered: string;
  answered: string;
  closedOn: string;
  unknownPlace: string;
  mergedInto(number: string): string;
  /** What each count means, as the statistics define it. */
  definitions: string;
  /** What is left out of the digest, and why. */
  privacy: string;
  downloads: string;
  indexTitle: string;
  indexIntro: string;
  indexEmpty: string;
  /** The channel post announcing a digest: title line, figures, and the link when there is one. */
  post(p: { kind: DigestKind; scope: string; from: string; to: string; counts: StatsCounts; closedCases: number; url: string | null }): string;
}

/** The digests in Simplified Chinese (shown first) and English (shown second). */
export const DIGEST_TEXT: Record<Lang, DigestText> = {
  zh: {
    title: (kind, scope) => `${scope}生态环境信访投诉办理情况${kind === 'province' ? '（全省）' : ''}`,
    period: (from, to) => `${from} 至 ${to}`,
    generated: (at) => `统计时间：${at}`,
    cadence: (kind) => (kind === 'city' ? '各市（州）每3天公开一次办理情况。' : '全省办理进展每周公开两次。'),
    counts: { received: '登记', answered: '已答复', on_time: '按期答复', overdue: '超期未办' },
    receivedHeading: '本期登记的投诉',
    byDistrict: '按区（市）县',
    byCategory: '按问题类型',
    total: '合计',
    district: '区（市）县',
    category: '问题类型',
    closedHeading: '本期完结的案件',
    noClosed: '本期没有完结的案件。',
    number: '编号',
    place: '地点',
    finding: '核查结论',
    action: '处理情况',
    registered: '登记',
    answered: '答复',
    closedOn: '完结',
    unknownPlace: '地点不详',
    mergedInto: (n) => `与同一问题的案件 ${n} 合并办理`,
    definitions:
      '“登记”为本期内登记的投诉件数；“已受理”“不予受理”“已完结”为其中截至统计时间已到该环节的件数；“已答复”为已作出答复（或并入其他案件办理）的件数，“按期答复”为其中在答复期限内答复的件数；“已完结”指举报人已评价或逾期未评价；“超期未办”为尚未办结且已超过受理、答复或退回期限的件数。期限按法定工作日和节假日安排计算。一件投诉涉及多个问题类型的，在每个类型下各计一次，合计只计一次。',
    privacy: '依法为举报人保密：本页不公开举报人姓名、联系方式、账号，不公开投诉原文，地点只到乡镇（街道），处理情况中的姓名、电话、证件号、门牌号等已隐去（×××）。',
    downloads: '下载数据',
    indexTitle: '生态环境信访投诉办理情况公开',
    indexIntro: '各市（州）每3天、全省每周两次公开投诉办理情况。',
    indexEmpty: '尚无公开的办理情况。',
    post: ({ kind, scope, from, to, counts, closedCases, url }) =>
      `【${scope}生态环境信访投诉办理情况${kind === 'province' ? '（全省）' : ''}】${from} 至 ${to}\n` +
      `登记 ${counts.received} 件，已受理 ${counts.accepted} 件，不予受理 ${counts.not_accepted} 件，已完结 ${counts.closed} 件，按期答复 ${counts.on_time} 件，超期未办 ${counts.overdue} 件；本期完结 ${closedCases} 件。` +
      (url ? `\n详情：${url}` : ''),
  },
  en: {
    title: (kind, scope) => `${scope}: environmental complaints and how they were handled${kind === 'province' ? ' (province)' : ''}`,
    period: (from, to) => `${from} to ${to}`,
    generated: (at) => `Figures as of ${at}`,
    cadence: (kind) => (kind === 'city' ? 'Every city and prefecture publishes its figures every 3 days.' : 'The province publishes its progress twice a week.'),
    counts: { received: 'Received', answered: 'Answered', on_time: 'Answered on time', overdue: 'Overdue' },
    receivedHeading: 'Complaints received in the period',
    byDistrict: 'By district or county',
    byCategory: 'By type of problem',
    total: 'Total',
    district: 'District / county',
    category: 'Type',
    closedHeading: 'Cases closed in the period',
    noClosed: 'No case was closed in this period.',
    number: 'Number',
    place: 'Place',
    finding: 'Finding',
    action: 'Action taken',
    registered: 'registered',
    answered: 'answered',
    closedOn: 'closed',
    unknownPlace: 'place unknown',
    mergedInto: (n) => `handled together with case ${n}, the same problem`,
    definitions:
      '"Received" counts complaints registered in the period; "accepted", "not accepted" and "closed" count those of them that had reached that step when the figures were taken; "answered" those answered (or merged into another case), and "answered on time" those of them answered within the answer deadline; "closed" means the reporter rated the answer or the time to rate it ran out; "overdue" those still open past an acceptance, answer or send-back deadline. Deadlines follow the statutory working days and public holidays. A complaint about several types of problem counts under each type, and once in the total.',
    privacy: "Reporters are protected by law: no reporter's name, contact or account, and no complaint text, is published; places go down to the town or street only, and names, phone, ID and house numbers in the actions taken are removed (×××).",
    downloads: 'Download the data',
    indexTitle: 'Environmental complaints: public figures',
    indexIntro: 'Every city and prefecture publishes every 3 days, the province twice a week.',
    indexEmpty: 'Nothing has been published yet.',
    post: ({ kind, scope, from, to, counts, closedCases, url }) =>
      `${scope}${kind === 'province' ? ' (province)' : ''}, ${from} to ${to}: ${counts.received} complaints received, ${counts.accepted} accepted, ${counts.not_accepted} not accepted, ${counts.closed} closed, ${counts.on_time} answered on time, ${counts.overdue} overdue; ${closedCases} cases closed in the period.` +
      (url ? `\nDetails: ${url}` : ''),
  },
};

/** The name of a count in `lang`: a status's own name (已受理, 不予受理, 已完结) where the count is one. */
export function countLabel(key: keyof StatsCounts, lang: Lang): string {
  return key === 'received' || key === 'answered' || key === 'on_time' || key === 'overdue' ? DIGEST_TEXT[lang].counts[key] : CATALOGS[lang].labels.statuses[key]!;
}

/** A category's name in Chinese and English; an unknown key shows as itself. */
export function categoryName(c: string): { zh: string; en: string } {
  const name = (lang: 'zh' | 'en') => CATALOGS[lang].labels.categories[c as Category] ?? c;
  return { zh: name('zh'), en: name('en') };
}

/** A district key of the statistics as a reader sees it: without the city a city digest is about. */
export function districtLabel(key: string, d: Pick<Digest, 'kind' | 'scope'>): { zh: string; en: string } {
  if (key === '') return { zh: DIGEST_TEXT.zh.unknownPlace, en: DIGEST_TEXT.en.unknownPlace };
  const name = d.kind === 'city' && key.startsWith(d.scope.name) && key !== d.scope.name ? key.slice(d.scope.name.length) : key;
  return { zh: name, en: name };
}
