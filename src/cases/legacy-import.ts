/**
 * What a row of a legacy case list (an inspection team's hand-over, `huiyin import cases.csv`)
 * means: which column is which, whether the row can be imported, and the case and audit events it
 * becomes. Pure: the command reads the file and the repository writes the rows.
 */
import { isCalendarDate, type LocalTime } from '../routing/calendar.js';
import { routeInputOf } from '../routing/input.js';
import type { Routing } from '../routing/load.js';
import { routeCase } from '../routing/route.js';
import { extractFacts } from '../understanding/rules/extract.js';
import { CATEGORIES, SUBCATEGORY_PARENT, type Category, type Subcategory } from './categories.js';
import type { CaseStatus } from './status.js';

/** The columns an import reads; `district` and `type` may be absent from the file. */
export const LEGACY_FIELDS = ['number', 'description', 'district', 'type', 'received', 'status'] as const;

/** One of {@link LEGACY_FIELDS}. */
export type LegacyField = (typeof LEGACY_FIELDS)[number];

const REQUIRED: readonly LegacyField[] = ['number', 'description', 'received', 'status'];

// Header names as exported by the hotline systems seen so far, compared without case or spaces.
const HEADER_NAMES: Record<LegacyField, readonly string[]> = {
  number: ['编号', '案件编号', '工单编号', '投诉编号', '信访编号', 'number', 'no', 'no.', 'casenumber', 'caseno'],
  description: ['描述', '问题描述', '案件描述', '内容', '投诉内容', '反映内容', 'description', 'content', 'text'],
  district: ['区县', '区/县', '所属区县', '行政区', '区域', 'district', 'county'],
  type: ['类型', '问题类型', '污染类型', '投诉类型', '类别', 'type', 'category'],
  received: ['受理日期', '接收日期', '登记日期', '受理时间', '接收时间', '登记时间', '日期', 'received', 'receiveddate', 'receivedat', 'date'],
  status: ['状态', '办理状态', '案件状态', 'status', 'state'],
};

const normalizeName = (s: string): string => s.trim().toLowerCase().replace(/[\s_-]+/g, '');

/** Which field each column holds (null: the file has no such column), and how many columns a row must have. */
export interface LegacyHeader {
  columns: Record<LegacyField, number | null>;
  width: number;
}

/** A header read: the mapping and the columns not imported, or every problem that stops the import. */
export type HeaderReading = { ok: true; header: LegacyHeader; ignored: string[] } | { ok: false; problems: string[] };

/** Maps a header row, Chinese or English names, to the fields; a required field missing or a field twice stops the import. */
export function readLegacyHeader(names: readonly string[]): HeaderReading {
  const columns: Record<LegacyField, number | null> = { number: null, description: null, district: null, type: null, received: null, status: null };
  const problems: string[] = [];
  const ignored: string[] = [];
  names.forEach((name, i) => {
    const field = LEGACY_FIELDS.find((f) => HEADER_NAMES[f].includes(normalizeName(name)));
    if (!field) ignored.push(name.trim());
    else if (columns[field] !== null) problems.push(`columns ${columns[field] + 1} and ${i + 1} are both the ${field} column ("${names[columns[field]]?.trim()}", "${name.trim()}")`);
    else columns[field] = i;
  });
  for (const f of REQUIRED) {
    if (columns[f] === null) problems.push(`no ${f} column (name it one of ${HEADER_NAMES[f].join(', ')})`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, header: { columns, width: names.length }, ignored };
}

/** The statuses an imported case can have: only unfinished cases are imported. */
export type ImportStatus = Extract<CaseStatus, 'registered' | 'accepted' | 'forwarded' | 'in_progress'>;

const OPEN_STATUS_NAMES: Record<string, ImportStatus> = {
  待受理: 'registered',
  登记: 'registered',
  已登记: 'registered',
  new: 'registered',
  registered: 'registered',
  已受理: 'accepted',
  受理: 'accepted',
  accepted: 'accepted',
  已转办: 'forwarded',
  转办: 'forwarded',
  forwarded: 'forwarded',
  办理中: 'in_progress',
  处理中: 'in_progress',
  inprogress: 'in_progress',
};

const FINISHED_STATUS_NAMES = new Set(['办结', '已办结', '完结', '已完结', '已答复', '已回复', '不予受理', 'closed', 'answered', 'notaccepted', 'rejected', 'done']);

/** Our status for a legacy status text, or why the row cannot be imported (finished, unknown). */
export function legacyStatus(text: string): { status: ImportStatus } | { reason: string } {
  const key = normalizeName(text);
  const status = OPEN_STATUS_NAMES[key];
  if (status) return { status };
  if (key === '') return { reason: 'empty status' };
  if (FINISHED_STATUS_NAMES.has(key)) return { reason: `finished status "${text.trim()}": only unfinished cases are imported` };
  return { reason: `unknown status "${text.trim()}" (known: 待受理/登记/new, 已受理/accepted, 已转办/forwarded, 办理中/处理中/in progress)` };
}

const TYPE_NAMES: Record<string, Category> = {
  大气: 'air',
  空气: 'air',
  废气: 'air',
  水: 'water',
  废水: 'water',
  噪声: 'noise',
  噪音: 'noise',
  固体废物: 'solid_waste',
  固废: 'solid_waste',
  土壤: 'soil',
  辐射: 'radiation',
  生态: 'ecology',
  其他: 'other',
  ...Object.fromEntries(CATEGORIES.map((c) => [normalizeName(c), c])),
};

/** The category a type column value names (大气, 水污染, 噪声类, noise…), or null when it names none. */
export function categoryOfType(text: string): Category | null {
  const key = normalizeName(text).replace(/(污染|类|问题)+$/, '');
  return TYPE_NAMES[key] ?? null;
}

/** A local wall-clock time as written in the file: the date, and the time of day (00:00:00 when none). */
export interface LocalDateTime {
  date: string;
  time: string;
}

const DATE_FORMS = /^(\d{4})\s*(?:([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?)(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Reads 2026-11-03, 2026/11/3, 2026.11.3 or 2026年11月3日, optionally followed by 14:30 or 14:30:05; null for anything else. */
export function parseReceived(text: string): LocalDateTime | null {
  const m = DATE_FORMS.exec(text.trim());
  if (!m) return null;
  const two = (s: string | undefined): string => (s ?? '0').padStart(2, '0');
  const date = `${m[1]}-${two(m[3] ?? m[5])}-${two(m[4] ?? m[6])}`;
  const [h, min, s] = [Number(m[7] ?? 0), Number(m[8] ?? 0), Number(m[9] ?? 0)];
  if (!isCalendarDate(date) || h > 23 || min > 59 || s > 59) return null;
  return { date, time: `${two(m[7])}:${two(m[8])}:${two(m[9])}` };
}

/** Whether a received time lies after `now` (both local); within the current minute is not the future. */
export function isFuture(r: LocalDateTime, now: LocalTime): boolean {
  if (r.date !== now.date) return r.date > now.date;
  const [h, m] = r.time.split(':').map(Number);
  return h! * 60 + m! > now.minute;
}

/**
 * The case columns an import derives from a row (the repository adds what every imported case has
 * in common). Named as in `cases`, so routing reads them as it reads any case.
 */
export interface LegacyColumns {
  categories: Category[];
  subcategory: Subcategory | null;
  description: string;
  target: string | null;
  place_text: string | null;
  district_code: string | null;
  district_name: string | null;
  city: string | null;
  province: string | null;
  town: string | null;
  zone: string | null;
  time_text: string | null;
  night: boolean;
  urgent: boolean;
  repeat: boolean;
  demand: string | null;
}

/** A row that can be imported: the case it becomes, where it goes, and where it came from. */
export interface LegacyCase {
  /** The line of the file the row starts on (1-based, the header is line 1). */
  line: number;
  /** Their case number, kept as the case's number. */
  number: string;
  status: ImportStatus;
  /** The status as the file wrote it, for the audit trail. */
  originalStatus: string;
  received: LocalDateTime;
  columns: LegacyColumns;
  route: { unitId: string; rule: string };
  /** Why the case went to the triage desk (the routing fallback), or null when a unit owns its place. */
  triageDesk: string | null;
}

/** A row that is skipped, with the line it starts on and every reason. */
export interface BadRow {
  line: number;
  reason: string;
}

/** What a row reader needs besides the row: the routing files, and the local time now (received dates after it are refused). */
export interface LegacyContext {
  routing: Pick<Routing, 'table' | 'units'>;
  now: LocalTime;
}

/**
 * Reads the data rows of one file in order. It remembers the numbers it has seen, so the second
 * row with a number is the bad one, whatever became of the first.
 */
export class LegacyRowReader {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly header: LegacyHeader,
    private readonly ctx: LegacyContext,
  ) {}

  /** One row's fields as parsed, and the line it starts on: the case it becomes, or why not. */
  read(fields: readonly string[], line: number): LegacyCase | BadRow {
    if (fields.length !== this.header.width) return { line, reason: `wrong number of columns: ${fields.length}, the header has ${this.header.width}` };
    const cell = (f: LegacyField): string => {
      const i = this.header.columns[f];
      return i === null ? '' : fields[i]!.trim();
    };
    const reasons: string[] = [];
    // PostgreSQL text cannot hold U+0000; say so rather than let the database refuse the batch.
    if (fields.some((f) => f.includes('\u0000'))) reasons.push('contains a NUL character (U+0000)');
    const number = cell('number');
    if (number === '') reasons.push('empty number');
    else {
      const first = this.seen.get(number);
      if (first === undefined) this.seen.set(number, line);
      else reasons.push(`number ${number} is already on line ${first}`);
    }
    const description = cell('description');
    if (description === '') reasons.push('empty description');
    const receivedText = cell('received');
    const received = parseReceived(receivedText);
    if (receivedText === '') reasons.push('empty received date');
    else if (!received) reasons.push(`unreadable received date "${receivedText}" (write 2026-11-03, 2026/11/3 or 2026年11月3日)`);
    else if (isFuture(received, this.ctx.now)) reasons.push(`received date ${receivedText} is in the future`);
    const status = legacyStatus(cell('status'));
    if ('reason' in status) reasons.push(status.reason);

    const placed = description === '' ? null : this.place(description, cell('district'), cell('type'));
    if (placed && 'reason' in placed) reasons.push(placed.reason);
    if (reasons.length === 0 && received && 'status' in status && placed && !('reason' in placed)) {
      return { line, number, status: status.status, originalStatus: cell('status'), received, ...placed };
    }
    return { line, reason: reasons.join('; ') };
  }

  /**
   * Classifies and routes a row with the triage extractor: the district column is read together
   * with the description, and a type column that names a category comes first. A row with no
   * district and no pollution named is of no use to anyone; one with a category but no district
   * goes to the triage desk, which can ask the team.
   */
  private place(description: string, district: string, type: string): Pick<LegacyCase, 'columns' | 'route' | 'triageDesk'> | { reason: string } {
    const f = extractFacts(district === '' ? description : `${district} ${description}`);
    const typed = categoryOfType(type);
    const named = typed && typed !== 'other' ? [typed, ...f.categories.filter((c) => c !== typed)] : f.categories;
    const categories: Category[] = named.length > 0 ? named : ['other'];
    const d = f.place.district;
    const whyNoDistrict = (): string => {
      const column = district === '' ? 'the district column is empty' : `district "${district}" names no single district`;
      const candidates = f.place.ambiguous.length > 0 ? `, and ${f.place.mention ?? 'the place'} could be in ${f.place.ambiguous.map((a) => a.name).join('、')}` : '';
      return `${column}${candidates}`;
    };
    if (!d && !f.place.zone && categories[0] === 'other') return { reason: `could not place: ${whyNoDistrict()}, and no pollution type is named` };
    const columns: LegacyColumns = {
      categories,
      // A subcategory belongs to the primary category; the type column may have changed which that is.
      subcategory: f.subcategory && SUBCATEGORY_PARENT[f.subcategory] === categories[0] ? f.subcategory : null,
      description,
      target: f.target,
      place_text: f.place.mention ?? (district || null),
      district_code: d?.code ?? null,
      district_name: d?.name ?? null,
      city: f.place.city ?? d?.city ?? null,
      province: d?.province ?? null,
      town: f.place.town?.name ?? null,
      zone: f.place.zone,
      time_text: f.timeText,
      night: f.night,
      // "Going on now" in a record weeks old is no emergency: an urgent flag would page the duty officer for every one.
      urgent: false,
      repeat: f.repeat,
      demand: f.demand,
    };
    const route = routeCase(this.ctx.routing.table, this.ctx.routing.units, routeInputOf(columns));
    const desk = route.unit.id === this.ctx.routing.table.fallback;
    return {
      columns,
      route: { unitId: route.unit.id, rule: route.rule },
      triageDesk: !desk ? null : d || f.place.zone ? `no routing rule covers ${d?.name ?? f.place.zone}` : whyNoDistrict(),
    };
  }
}

/** An audit event of an imported case, without the case and the time (the received date). */
export interface ImportEvent {
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

/**
 * The events that bring an imported case to its status, oldest first, so that the clocks, which
 * read events only, run for it as for any case: registered and routed, then accepted for a case
 * past acceptance, then forwarded or in progress.
 */
export function importEvents(c: LegacyCase, actor: string): ImportEvent[] {
  const events: ImportEvent[] = [
    { type: 'registered', actor, data: { number: c.number, source: 'legacy', line: c.line, original_status: c.originalStatus } },
    { type: 'routed', actor: 'system:routing', data: { unit: c.route.unitId, rule: c.route.rule } },
  ];
  if (c.status === 'registered') return events;
  events.push({ type: 'accepted', actor, data: { imported: true } });
  // `back` is where a send-back returns the case, as a staff forward records it.
  if (c.status === 'forwarded') events.push({ type: 'forwarded', actor, data: { from: null, to: c.route.unitId, back: 'accepted' } });
  if (c.status === 'in_progress') events.push({ type: 'in_progress', actor, data: { imported: true } });
  return events;
}
