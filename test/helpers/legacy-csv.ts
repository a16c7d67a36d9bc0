/**
 * Generates a legacy case list (`huiyin import`) the way an inspection team's spreadsheet export
 * looks: a BOM, CRLF line ends, Chinese headers plus a column we do not import, quoted fields with
 * commas, quotes and line breaks, blank lines — and bad rows of every kind scattered through it.
 * It counts lines itself as it writes, so the import's line numbers are checked against an
 * independent count.
 */

/** A row the import must take, and what it must become. */
export interface ExpectedCase {
  number: string;
  line: number;
  status: 'registered' | 'accepted' | 'forwarded' | 'in_progress';
  originalStatus: string;
  /** The received time as an instant (the file's dates are Asia/Shanghai). */
  registeredAt: Date;
  /** Why it goes to the triage desk, as the summary says it, or null when a district bureau owns it. */
  triageDesk: string | null;
}

/** A generated file and what importing it must do. */
export interface LegacyCsv {
  text: string;
  good: ExpectedCase[];
  /** Every skipped row: its line and the reason as the summary prints it. */
  bad: { line: number; reason: string }[];
  /** Rows of empty cells, which are passed over. */
  blank: number;
}

/** Options: how many data rows, numbers already in the database, and the header's names. */
export interface LegacyCsvOptions {
  rows: number;
  /** Numbers that a row of the file repeats and the database already has. */
  existing?: readonly string[];
  /** Other names for the seven columns, in the same order (number, description, district, type, received, status, a note). */
  header?: readonly string[];
  /** Insert bad rows (about one in 250, every kind); false gives only good rows. */
  withBad?: boolean;
}

const HEADER = ['编号', '描述', '区县', '类型', '受理日期', '状态', '备注'];
const DISTRICTS = ['锦江区', '青羊区', '金牛区', '武侯区', '成华区', '龙泉驿区', '青白江区', '新都区', '温江区', '双流区', '郫都区', '新津区', '都江堰市', '彭州市', '邛崃市', '崇州市', '简阳市', '金堂县', '大邑县', '蒲江县'];
const SUBJECTS = ['有家塑料厂每天晚上排黑烟', '河边的养殖场把污水直接排进河里', '工地夜里施工噪音很大', '小区门口堆了很多建筑垃圾', '餐馆油烟很大，熏得没法开窗', '化工厂附近的土壤被污染了，地里庄稼都死了'];
const TYPES = ['', '大气', '水污染', '噪声', '', 'solid_waste', ''];
const STATUSES: [string, ExpectedCase['status']][] = [
  ['待受理', 'registered'],
  ['登记', 'registered'],
  ['new', 'registered'],
  ['已受理', 'accepted'],
  ['Accepted', 'accepted'],
  ['已转办', 'forwarded'],
  ['forwarded', 'forwarded'],
  ['办理中', 'in_progress'],
  ['处理中', 'in_progress'],
  ['in progress', 'in_progress'],
];

/** A CSV field, quoted when it must be. */
const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const breaks = (s: string): number => s.match(/\r\n|\r|\n/g)?.length ?? 0;
const pad = (n: number): string => String(n).padStart(2, '0');

/** A received date in one of the formats teams write, with the instant it means (Asia/Shanghai). */
function received(i: number): { text: string; at: Date } {
  const month = 1 + (i % 11);
  const day = 1 + ((i * 7) % 27);
  const withTime = i % 5 === 4;
  const at = new Date(`2026-${pad(month)}-${pad(day)}T${withTime ? '14:30' : '00:00'}:00+08:00`);
  const text = [`2026-${pad(month)}-${pad(day)}`, `2026/${month}/${day}`, `2026年${month}月${day}日`, `2026.${pad(month)}.${pad(day)}`, `2026-${pad(month)}-${pad(day)} 14:30`][i % 5]!;
  return { text, at };
}

/** The number of data row `i`. */
export const legacyNumber = (i: number): string => `JC2026-${String(i).padStart(5, '0')}`;

/**
 * Generates the file. Rows are numbered 1..rows; every 250th row (offset 17) is bad, cycling
 * through the kinds; every 500th (offset 123) is a good row with no place but a pollution type,
 * which goes to the triage desk; the file ends with a record whose quote never closes.
 */
export function legacyCsv(o: LegacyCsvOptions): LegacyCsv {
  const header = o.header ?? HEADER;
  const width = HEADER.length;
  const out: string[] = [header.map(field).join(',')];
  const good: ExpectedCase[] = [];
  const bad: LegacyCsv['bad'] = [];
  const existing = [...(o.existing ?? [])];
  let line = 2 + breaks(out[0]!);
  let blank = 0;
  let kind = 0;
  const push = (cells: string[]): number => {
    const at = line;
    const text = cells.map(field).join(',');
    out.push(text);
    line += 1 + breaks(text);
    return at;
  };

  for (let i = 1; i <= o.rows; i++) {
    if (i === Math.floor(o.rows / 2)) {
      // A blank line and a row of empty cells, as spreadsheets leave them.
      out.push('');
      line += 1;
      push(Array<string>(width).fill(''));
      blank++;
    }
    const number = legacyNumber(i);
    const r = received(i);
    const [statusText, status] = STATUSES[i % STATUSES.length]!;
    const district = DISTRICTS[i % DISTRICTS.length]!;
    let description = SUBJECTS[i % SUBJECTS.length]!;
    // Quoted fields that span lines (CRLF and LF inside), with commas and quotes.
    if (i % 97 === 0) description = `${description}，已经持续一个月了。\r\n群众说"太难受了"，希望尽快处理`;
    else if (i % 89 === 0) description = `${description}\n（附近居民反映）`;
    const type = TYPES[i % TYPES.length]!;
    const note = i % 13 === 0 ? '复核,待回访' : '';

    if (o.withBad !== false && i % 250 === 17) {
      const k = kind++ % 12;
      const row = [number, description, district, type, r.text, statusText, note];
      let reason: string;
      if (k === 0) {
        row.splice(5);
        reason = `wrong number of columns: 5, the header has ${width}`;
      } else if (k === 1) {
        row[1] = '   ';
        reason = 'empty description';
      } else if (k === 2) {
        row[4] = ['2026-13-01', '2026-02-30', '上周三'][i % 3]!;
        reason = `unreadable received date "${row[4]}" (write 2026-11-03, 2026/11/3 or 2026年11月3日)`;
      } else if (k === 3) {
        row[4] = i % 2 === 0 ? '2026-12-25' : '2026-11-28 18:00';
        reason = `received date ${row[4]} is in the future`;
      } else if (k === 4) {
        row[5] = '挂起';
        reason = 'unknown status "挂起" (known: 待受理/登记/new, 已受理/accepted, 已转办/forwarded, 办理中/处理中/in progress)';
      } else if (k === 5) {
        row[5] = i % 2 === 0 ? '已办结' : 'closed';
        reason = `finished status "${row[5]}": only unfinished cases are imported`;
      } else if (k === 6) {
        // The same number as an earlier good row: this second one is the bad one.
        const first = good[good.length - 1]!;
        row[0] = first.number;
        reason = `number ${first.number} is already on line ${first.line}`;
      } else if (k === 7 && existing.length > 0) {
        row[0] = existing.shift()!;
        const at = push(row);
        bad.push({ line: at, reason: `number ${row[0]} already exists in the database` });
        continue;
      } else if (k === 7 || k === 8) {
        row[1] = '请尽快处理，谢谢';
        row[2] = k === 7 ? '' : '火星区';
        row[3] = '';
        reason = `could not place: ${k === 7 ? 'the district column is empty' : 'district "火星区" names no single district'}, and no pollution type is named`;
      } else if (k === 9) {
        row[1] = `${description}\u0000`;
        reason = 'contains a NUL character (U+0000)';
      } else if (k === 10) {
        row[0] = '';
        reason = 'empty number';
      } else {
        row.push('多出来的一列');
        reason = `wrong number of columns: ${width + 1}, the header has ${width}`;
      }
      bad.push({ line: push(row), reason });
      continue;
    }
    if (i % 500 === 123) {
      const at = push([number, '河里有死鱼，水发臭', '', '', r.text, statusText, note]);
      good.push({ number, line: at, status, originalStatus: statusText, registeredAt: r.at, triageDesk: 'the district column is empty' });
      continue;
    }
    const at = push([number, description, district, type, r.text, statusText, note]);
    good.push({ number, line: at, status, originalStatus: statusText, registeredAt: r.at, triageDesk: null });
  }
  if (o.withBad !== false) {
    // A quote that never closes swallows the rest of the file: it has to be the last record.
    bad.push({ line, reason: 'a quoted field is never closed: the rest of the file from here is unreadable' });
    out.push(`${legacyNumber(o.rows + 1)},"没有结束的引号,锦江区,,2026-11-01,待受理,`);
  }
  return { text: `\ufeff${out.join('\r\n')}\r\n`, good, bad, blank };
}
