import { describe, expect, it } from 'vitest';
import {
  categoryOfType,
  importEvents,
  isFuture,
  legacyStatus,
  LegacyRowReader,
  parseReceived,
  readLegacyHeader,
  type LegacyCase,
  type LegacyHeader,
} from '../../src/cases/legacy-import.js';
import { caseClocks, STATUTORY_CLOCKS, type ClockEvent } from '../../src/cases/clocks.js';
import { loadRouting } from '../../src/routing/load.js';

const routing = loadRouting('config');
const NOW = { date: '2026-11-28', minute: 12 * 60 };

/** The header of the usual Chinese export, as read. */
function chineseHeader(): LegacyHeader {
  const h = readLegacyHeader(['编号', '描述', '区县', '类型', '受理日期', '状态']);
  if (!h.ok) throw new Error(h.problems.join('; '));
  return h.header;
}

/** A reader over the Chinese header, and a row of it with some cells changed. */
function reader() {
  const r = new LegacyRowReader(chineseHeader(), { routing, now: NOW });
  const row = (cells: Partial<Record<'number' | 'description' | 'district' | 'type' | 'received' | 'status', string>> = {}): string[] => {
    const c = { number: 'JC-1', description: '有家塑料厂每天晚上排黑烟', district: '郫都区', type: '', received: '2026-11-03', status: '待受理', ...cells };
    return [c.number, c.description, c.district, c.type, c.received, c.status];
  };
  return { r, row };
}

const good = (x: LegacyCase | { reason: string }): LegacyCase => {
  if ('reason' in x) throw new Error(`bad row: ${x.reason}`);
  return x;
};

describe('readLegacyHeader', () => {
  it('reads Chinese names, and their variants', () => {
    expect(chineseHeader()).toEqual({ columns: { number: 0, description: 1, district: 2, type: 3, received: 4, status: 5 }, width: 6 });
    const h = readLegacyHeader(['工单编号', '接收日期', '办理状态', '投诉内容']);
    expect(h).toEqual({ ok: true, header: { columns: { number: 0, received: 1, status: 2, description: 3, district: null, type: null }, width: 4 }, ignored: [] });
  });

  it('reads English names in any case and spacing, and lists the columns it will not import', () => {
    const h = readLegacyHeader([' Number ', 'DESCRIPTION', 'district', 'Type', 'Received Date', 'status', 'Remarks']);
    expect(h).toEqual({ ok: true, header: { columns: { number: 0, description: 1, district: 2, type: 3, received: 4, status: 5 }, width: 7 }, ignored: ['Remarks'] });
    expect(readLegacyHeader(['number', 'description', 'received_at', 'status']).ok).toBe(true);
  });

  it('refuses a header without a required column, or with a field twice, saying all of it', () => {
    const h = readLegacyHeader(['编号', '描述', '受理日期', '接收日期']);
    expect(h.ok).toBe(false);
    if (h.ok) return;
    expect(h.problems).toHaveLength(2);
    expect(h.problems[0]).toBe('columns 3 and 4 are both the received column ("受理日期", "接收日期")');
    expect(h.problems[1]).toMatch(/^no status column \(name it one of 状态, 办理状态, .*status/);
    expect(readLegacyHeader([])).toMatchObject({ ok: false, problems: [expect.stringMatching(/^no number column/), expect.stringMatching(/^no description column/), expect.stringMatching(/^no received column/), expect.stringMatching(/^no status column/)] });
  });
});

describe('legacyStatus', () => {
  it.each([
    ['待受理', 'registered'],
    ['登记', 'registered'],
    ['new', 'registered'],
    [' New ', 'registered'],
    ['已受理', 'accepted'],
    ['accepted', 'accepted'],
    ['已转办', 'forwarded'],
    ['Forwarded', 'forwarded'],
    ['办理中', 'in_progress'],
    ['处理中', 'in_progress'],
    ['in progress', 'in_progress'],
    ['In_Progress', 'in_progress'],
  ])('maps %s to %s', (text, status) => {
    expect(legacyStatus(text)).toEqual({ status });
  });

  it.each(['办结', '已办结', 'closed', 'answered', 'Closed'])('refuses the finished status %s', (text) => {
    expect(legacyStatus(text)).toEqual({ reason: `finished status "${text}": only unfinished cases are imported` });
  });

  it('refuses an unknown or empty status', () => {
    expect(legacyStatus('挂起')).toEqual({ reason: expect.stringMatching(/^unknown status "挂起" \(known: 待受理/) });
    expect(legacyStatus('  ')).toEqual({ reason: 'empty status' });
  });
});

describe('parseReceived', () => {
  it.each([
    ['2026-11-03', '2026-11-03', '00:00:00'],
    ['2026/11/3', '2026-11-03', '00:00:00'],
    ['2026.1.30', '2026-01-30', '00:00:00'],
    ['2026年11月3日', '2026-11-03', '00:00:00'],
    ['2026年1月3号', '2026-01-03', '00:00:00'],
    [' 2026-11-03 14:30 ', '2026-11-03', '14:30:00'],
    ['2026/11/3 8:05:09', '2026-11-03', '08:05:09'],
    ['2026-11-03T23:59', '2026-11-03', '23:59:00'],
    ['2024-02-29', '2024-02-29', '00:00:00'],
  ])('reads %s', (text, date, time) => {
    expect(parseReceived(text)).toEqual({ date, time });
  });

  it.each(['', '2026-13-01', '2026-02-30', '2025-02-29', '2026-11-03 24:00', '2026-11-03 12:60', '2026-11/03', '26-11-03', '03/11/2026', '2026-11', '昨天', '2026-11-03 下午'])('refuses %j', (text) => {
    expect(parseReceived(text)).toBeNull();
  });
});

describe('isFuture', () => {
  it('compares local days, then minutes on the same day', () => {
    expect(isFuture({ date: '2026-11-29', time: '00:00:00' }, NOW)).toBe(true);
    expect(isFuture({ date: '2026-11-27', time: '23:59:00' }, NOW)).toBe(false);
    expect(isFuture({ date: '2026-11-28', time: '12:00:59' }, NOW)).toBe(false);
    expect(isFuture({ date: '2026-11-28', time: '12:01:00' }, NOW)).toBe(true);
  });
});

describe('categoryOfType', () => {
  it.each([
    ['大气', 'air'],
    ['大气污染', 'air'],
    ['水', 'water'],
    ['水污染', 'water'],
    ['噪声类', 'noise'],
    ['固体废物', 'solid_waste'],
    ['土壤', 'soil'],
    ['辐射', 'radiation'],
    ['生态', 'ecology'],
    ['Noise', 'noise'],
    ['solid_waste', 'solid_waste'],
    ['solid waste', 'solid_waste'],
    ['其他', 'other'],
  ])('reads %s as %s', (text, category) => {
    expect(categoryOfType(text)).toBe(category);
  });

  it.each(['', '投诉', '餐饮', 'smell'])('names no category in %j', (text) => {
    expect(categoryOfType(text)).toBeNull();
  });
});

describe('LegacyRowReader', () => {
  it('turns a good row into a case placed and routed by the triage extractor', () => {
    const { r, row } = reader();
    const c = good(r.read(row({ received: '2026年11月3日 09:30', status: '已受理' }), 2));
    expect(c).toMatchObject({ line: 2, number: 'JC-1', status: 'accepted', originalStatus: '已受理', received: { date: '2026-11-03', time: '09:30:00' }, triageDesk: null });
    expect(c.route).toEqual({ unitId: 'cd-pidu-eeb', rule: '属地生态环境局（成都各区县）' });
    expect(c.columns).toMatchObject({ categories: ['air'], subcategory: 'industrial_gas', description: '有家塑料厂每天晚上排黑烟', district_name: '郫都区', city: '成都市', target: '塑料厂', night: true, urgent: false });
  });

  it('reads the district column with the description, even a street a zone administers', () => {
    const { r, row } = reader();
    const c = good(r.read(row({ district: '双流区', description: '华阳街道有家工厂排污水' }), 2));
    expect(c.columns).toMatchObject({ district_name: '双流区', town: '华阳街道' });
    expect(c.route.unitId).toBe('cd-tianfu-eeb');
  });

  it('puts the type column first and drops a subcategory that belongs to another category', () => {
    const { r, row } = reader();
    const c = good(r.read(row({ type: '噪声' }), 2));
    expect(c.columns.categories).toEqual(['noise', 'air']);
    expect(c.columns.subcategory).toBeNull();
    const same = good(r.read(row({ number: 'JC-2', type: '大气污染' }), 3));
    expect([same.columns.categories, same.columns.subcategory]).toEqual([['air'], 'industrial_gas']);
    // A type that names no category leaves the extractor's reading alone.
    expect(good(r.read(row({ number: 'JC-3', type: '投诉' }), 4)).columns.categories).toEqual(['air']);
  });

  it('never marks an imported case urgent: it would page the duty officer about an old record', () => {
    const { r, row } = reader();
    expect(good(r.read(row({ description: '河里有死鱼，正在往外冒黑水' }), 2)).columns.urgent).toBe(false);
  });

  it('sends a row with a pollution type but no district to the triage desk, and says why', () => {
    const { r, row } = reader();
    const none = good(r.read(row({ district: '', description: '河里有死鱼，水发臭' }), 2));
    expect([none.route, none.triageDesk]).toEqual([{ unitId: 'cd-city-eeb', rule: 'fallback' }, 'the district column is empty']);
    const typed = good(r.read(row({ number: 'JC-2', district: '', description: '请尽快处理', type: '水' }), 3));
    expect([typed.columns.categories, typed.route.unitId]).toEqual([['water'], 'cd-city-eeb']);
    const ambiguous = good(r.read(row({ number: 'JC-3', district: '', description: '太平镇有家工厂排污水' }), 4));
    expect(ambiguous.triageDesk).toMatch(/^the district column is empty, and 太平镇 could be in 古蔺县、江油市、/);
    const unknown = good(r.read(row({ number: 'JC-4', district: '火星区', description: '河里有死鱼' }), 5));
    expect(unknown.triageDesk).toBe('district "火星区" names no single district');
  });

  it('skips a row it can place nowhere and that names no pollution', () => {
    const { r, row } = reader();
    expect(r.read(row({ district: '', description: '请尽快处理，谢谢' }), 7)).toEqual({ line: 7, reason: 'could not place: the district column is empty, and no pollution type is named' });
    expect(r.read(row({ number: 'JC-2', district: '火星区', description: '请尽快处理，谢谢' }), 8)).toEqual({
      line: 8,
      reason: 'could not place: district "火星区" names no single district, and no pollution type is named',
    });
    // A district alone is enough: its bureau can read the description.
    expect(good(r.read(row({ number: 'JC-3', description: '请尽快处理，谢谢' }), 9)).route.unitId).toBe('cd-pidu-eeb');
  });

  it.each([
    ['a missing column', ['JC-1', '有家塑料厂排黑烟', '郫都区', '', '2026-11-03'], 'wrong number of columns: 5, the header has 6'],
    ['an extra column', ['JC-1', '有家塑料厂排黑烟', '郫都区', '', '2026-11-03', '待受理', 'x'], 'wrong number of columns: 7, the header has 6'],
    ['an empty number', ['  ', '有家塑料厂排黑烟', '郫都区', '', '2026-11-03', '待受理'], 'empty number'],
    ['an empty description', ['JC-1', ' ', '郫都区', '', '2026-11-03', '待受理'], 'empty description'],
    ['an empty date', ['JC-1', '有家塑料厂排黑烟', '郫都区', '', '', '待受理'], 'empty received date'],
    ['an unreadable date', ['JC-1', '有家塑料厂排黑烟', '郫都区', '', '2026-02-30', '待受理'], 'unreadable received date "2026-02-30" (write 2026-11-03, 2026/11/3 or 2026年11月3日)'],
    ['a future date', ['JC-1', '有家塑料厂排黑烟', '郫都区', '', '2026年12月1日', '待受理'], 'received date 2026年12月1日 is in the future'],
    ['later today', ['JC-1', '有家塑料厂排黑烟', '郫都区', '', '2026-11-28 18:00', '待受理'], 'received date 2026-11-28 18:00 is in the future'],
    ['a finished status', ['JC-1', '有家塑料厂排黑烟', '郫都区', '', '2026-11-03', '已办结'], 'finished status "已办结": only unfinished cases are imported'],
    ['an empty status', ['JC-1', '有家塑料厂排黑烟', '郫都区', '', '2026-11-03', ''], 'empty status'],
    ['a NUL character', ['JC-1', '有家塑料厂\u0000排黑烟', '郫都区', '', '2026-11-03', '待受理'], 'contains a NUL character (U+0000)'],
  ])('skips a row with %s', (_, cells, reason) => {
    const { r } = reader();
    expect(r.read(cells, 12)).toEqual({ line: 12, reason });
  });

  it('gives every reason a row has at once', () => {
    const { r } = reader();
    expect(r.read(['', '', '', '', '明天', '挂起'], 3)).toEqual({
      line: 3,
      reason: expect.stringMatching(/^empty number; empty description; unreadable received date "明天" .*; unknown status "挂起"/),
    });
  });

  it('skips the second row with a number, whatever became of the first', () => {
    const { r, row } = reader();
    expect(good(r.read(row(), 2)).number).toBe('JC-1');
    expect(r.read(row(), 5)).toEqual({ line: 5, reason: 'number JC-1 is already on line 2' });
    expect(r.read(row({ number: 'JC-2', status: '已办结' }), 6)).toHaveProperty('reason');
    expect(r.read(row({ number: 'JC-2' }), 7)).toEqual({ line: 7, reason: 'number JC-2 is already on line 6' });
    // Numbers are compared as written, after trimming.
    expect(r.read(row({ number: ' JC-1 ' }), 8)).toEqual({ line: 8, reason: 'number JC-1 is already on line 2' });
    expect(good(r.read(row({ number: 'jc-1' }), 9)).number).toBe('jc-1');
  });
});

describe('importEvents', () => {
  const { r, row } = reader();
  const of = (status: string, n: string) => importEvents(good(r.read(row({ number: n, status }), 4)), 'import:cases.csv');
  const registered = (n: string, status: string) => ({ type: 'registered', actor: 'import:cases.csv', data: { number: n, source: 'legacy', line: 4, original_status: status } });
  const routed = { type: 'routed', actor: 'system:routing', data: { unit: 'cd-pidu-eeb', rule: '属地生态环境局（成都各区县）' } };
  const accepted = { type: 'accepted', actor: 'import:cases.csv', data: { imported: true } };

  it('registers and routes every case, and accepts those past acceptance', () => {
    expect(of('待受理', 'E-1')).toEqual([registered('E-1', '待受理'), routed]);
    expect(of('已受理', 'E-2')).toEqual([registered('E-2', '已受理'), routed, accepted]);
  });

  it('forwards a forwarded case to its unit, and starts one in progress', () => {
    expect(of('已转办', 'E-3')).toEqual([registered('E-3', '已转办'), routed, accepted, { type: 'forwarded', actor: 'import:cases.csv', data: { from: null, to: 'cd-pidu-eeb', back: 'accepted' } }]);
    expect(of('in progress', 'E-4')).toEqual([registered('E-4', 'in progress'), routed, accepted, { type: 'in_progress', actor: 'import:cases.csv', data: { imported: true } }]);
  });

  it('starts the statutory clocks from the received date, as the clocks read events alone', () => {
    // The events as the import writes them: all at the received date (2026-11-03 00:00 in Chengdu).
    const at = new Date('2026-11-03T00:00:00+08:00');
    const clocks = (status: string, n: string) =>
      caseClocks(
        of(status, n).map((e) => ({ type: e.type as ClockEvent['type'], at })),
        STATUTORY_CLOCKS,
        routing.calendar,
        'Asia/Shanghai',
        new Date('2026-11-28T12:00:00+08:00'),
      ).running;
    // Not accepted: 15 days to decide, long past.
    expect(clocks('待受理', 'C-1')).toEqual([{ kind: 'accept', from: '2026-11-03', due: '2026-11-18', overdue: true }]);
    // Accepted: 60 days to answer, from the received date.
    expect(clocks('办理中', 'C-2')).toEqual([{ kind: 'answer', from: '2026-11-03', due: '2027-01-02', overdue: false }]);
  });
});
