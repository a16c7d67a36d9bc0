/**
 * Every text the Open311 API shows people, Simplified Chinese first and English second. Category,
 * subcategory, slot, identity, status and finding names come from the chat's catalogs
 * (`src/i18n/`), so the API and the bot call things the same; what is only the API's is here.
 */
import type { Category } from '../cases/categories.js';
import type { CaseStatus } from '../cases/status.js';

/** A text in both languages the API answers in. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** One string for a field that has room for one: Chinese, then English. */
export function bilingual(t: Bilingual): string {
  return t.zh === t.en ? t.zh : `${t.zh} / ${t.en}`;
}

/** What the services list says a category is about, beyond its subcategories' names. */
export const SERVICE_GROUPS: Record<Category, Bilingual> = {
  air: { zh: '污染', en: 'Pollution' },
  water: { zh: '污染', en: 'Pollution' },
  noise: { zh: '污染', en: 'Pollution' },
  solid_waste: { zh: '污染', en: 'Pollution' },
  soil: { zh: '污染', en: 'Pollution' },
  radiation: { zh: '污染', en: 'Pollution' },
  ecology: { zh: '生态', en: 'Ecology' },
  other: { zh: '其他', en: 'Other' },
};

/** The service description's frame around a category's names. */
export const SERVICE_TEXT = {
  includes: (zh: string, en: string): Bilingual => ({ zh: `包括：${zh}`, en: `Includes: ${en}` }),
  general: { zh: '其他环境问题', en: 'Other environmental problems' },
};

/** What each attribute of a service definition asks, by attribute code. */
export const ATTRIBUTE_TEXT = {
  subcategory: { zh: '更具体的问题类型（可选）', en: 'A more specific kind of problem (optional)' },
  target: { zh: '被举报的单位或污染源：厂名、店名、工地名称或大概位置', en: 'The reported unit or source: the name of the factory, shop or site, or roughly where it is' },
  time: { zh: '一般什么时候发生、多久一次，例如"每天晚上十点以后"', en: 'When it happens and how often, e.g. "every night after 10 pm"' },
  observed_at: { zh: '最近一次发生的时间（ISO 8601，带时区）', en: 'When it last happened (ISO 8601 with a time zone)' },
  demand: { zh: '希望怎样处理（诉求）', en: 'What the reporter wants done' },
  identity: {
    zh: '举报人身份方式。匿名：不保存任何联系方式；保密：仅受理人员可见，用于答复；实名：须留姓名。不填时，留了电话或邮箱即为保密，否则为匿名',
    en: 'How the reporter is identified. anonymous: no contact is kept; confidential: seen only by the handling staff, for the answer; real_name: a name is required. When not given: confidential if a phone or e-mail is given, else anonymous',
  },
} satisfies Record<string, Bilingual>;

/** How free-text attributes are to be written. */
export const DATATYPE_TEXT = {
  string: { zh: '不超过500字', en: 'At most 500 characters' },
  text: { zh: '不超过500字', en: 'At most 500 characters' },
  datetime: { zh: '例如 2026-11-27T23:10:00+08:00', en: 'e.g. 2026-11-27T23:10:00+08:00' },
} satisfies Record<string, Bilingual>;

/** The endpoint's contact line in discovery. */
export const DISCOVERY_CONTACT: Bilingual = {
  zh: '回音环境投诉举报平台；紧急情况请拨打12345',
  en: 'Huiyin environmental complaints; in an emergency call 12345',
};

/** Where a client gets an api_key, in discovery. */
export const KEY_SERVICE: Bilingual = { zh: '请向运营方申请 api_key', en: 'Ask the operator for an api_key' };

/** The notice a POST answers with. */
export const NOTICES = {
  opened: (unit: Bilingual | null, acceptDays: number, urgent: boolean): Bilingual => ({
    zh: `已登记${unit ? `，将转交${unit.zh}办理` : ''}。是否受理会在${acceptDays}日内决定，受理后60日内办结答复。${urgent ? '情况紧急，已通知值班人员。' : ''}举报人身份严格保密。`,
    en: `Registered${unit ? ` and passed to ${unit.en}` : ''}. Acceptance is decided within ${acceptDays} days; an accepted case is answered within 60 days.${urgent ? ' It is urgent: the duty officer was paged.' : ''} The reporter's identity is kept confidential.`,
  }),
  joined: (number: string): Bilingual => ({
    zh: `同一问题已在办理中（${number}），本次举报已并入该案件并计入重复举报。`,
    en: `The same problem is already being handled (${number}); this report was added to that case and counted as a repeat.`,
  }),
};

/** Status notes a request shows, by its status. */
export const STATUS_NOTES: Record<CaseStatus, Bilingual> = {
  registered: { zh: '已登记，等待受理', en: 'Registered, awaiting acceptance' },
  accepted: { zh: '已受理', en: 'Accepted' },
  not_accepted: { zh: '不予受理，已告知举报人去向', en: 'Not accepted; the reporter was told where to turn' },
  forwarded: { zh: '已转办给负责单位', en: 'Forwarded to the responsible unit' },
  in_progress: { zh: '办理中', en: 'In progress' },
  answered: { zh: '已办结答复', en: 'Answered' },
  closed: { zh: '已完结', en: 'Closed' },
};

/** Status notes that say more than the status: the finding of an answer, the case a case was merged into. */
export const STEP_NOTES = {
  answered: (finding: Bilingual): Bilingual => ({ zh: `已办结答复：${finding.zh}`, en: `Answered: ${finding.en}` }),
  merged: (into: string): Bilingual => ({ zh: `已并入 ${into} 办理`, en: `Merged into ${into}` }),
};

/** The public description of a request: what and where, never the reporter's words. */
export function publicDescription(what: Bilingual, where: Bilingual | null): Bilingual {
  return where ? { zh: `${what.zh}，${where.zh}`, en: `${what.en}, ${where.en}` } : what;
}

/** Why a request was refused: the description of an Open311 error. */
export const ERRORS = {
  api_key: { zh: 'api_key 无效或已停用', en: 'Invalid or revoked api_key' },
  no_service: (code: string): Bilingual => ({ zh: `没有服务代码 ${code}`, en: `No service with the code ${code}` }),
  no_request: (id: string): Bilingual => ({ zh: `没有编号为 ${id} 的案件`, en: `No service request ${id}` }),
  no_endpoint: { zh: '接口不存在', en: 'No such endpoint' },
  format: { zh: '格式只支持 .json 和 .xml', en: 'Only the .json and .xml formats are served' },
  body: (detail: string): Bilingual => ({ zh: `请求体无法读取（${detail}）`, en: `The request body cannot be read (${detail})` }),
  media_type: { zh: '请求体须为 application/x-www-form-urlencoded 或 application/json', en: 'The body must be application/x-www-form-urlencoded or application/json' },
  invalid: (field: string, detail: string): Bilingual => ({ zh: `${field}：参数无效（${detail}）`, en: `${field}: invalid value (${detail})` }),
  required: (field: string): Bilingual => ({ zh: `${field}：必须填写`, en: `${field}: required` }),
  unknown_attribute: (code: string): Bilingual => ({ zh: `attribute[${code}]：该服务没有这个属性`, en: `attribute[${code}]: the service has no such attribute` }),
  location_required: { zh: 'lat/long 或 address_string：须提供位置（经纬度或地址）', en: 'lat/long or address_string: a location is required' },
  lat_long_pair: { zh: 'lat/long：经纬度须同时提供', en: 'lat/long: give both or neither' },
  pin_invalid: { zh: 'lat/long：不是有效的位置', en: 'lat/long: not a usable position' },
  place_unclear: { zh: 'address_string：无法确定所在区县，请写明区（县）和街道（乡镇）', en: 'address_string: the district cannot be told; name the district and the town or street' },
  place_ambiguous: (candidates: Bilingual): Bilingual => ({ zh: `address_string：地名有歧义，可能是：${candidates.zh}；请写明区县`, en: `address_string: the place is ambiguous, it may be: ${candidates.en}; name the district` }),
  place_unknown: (name: string): Bilingual => ({ zh: `address_string：未找到地名"${name}"`, en: `address_string: no place called "${name}" is known` }),
  place_disagrees: (said: Bilingual, pinned: Bilingual): Bilingual => ({ zh: `lat/long 与 address_string 不一致：地址在${said.zh}，坐标在${pinned.zh}`, en: `lat/long and address_string disagree: the address is in ${said.en}, the position in ${pinned.en}` }),
  phone: { zh: 'phone：不是有效的手机或固定电话号码', en: 'phone: not a valid mobile or landline number' },
  contact_required: { zh: 'phone 或 email：保密或实名举报须留联系方式', en: 'phone or email: a confidential or real-name report needs a contact' },
  name_required: { zh: 'first_name/last_name：实名举报须留姓名', en: 'first_name/last_name: a real-name report needs a name' },
  date_range: { zh: 'start_date 须早于 end_date', en: 'start_date must be before end_date' },
  internal: { zh: '系统繁忙，请稍后再试', en: 'The system is busy, please try again' },
} as const;
