import { maskPhone } from '../../src/privacy/mask.js';
import { describe, expect, it } from 'vitest';
import {
  readCaseNumber,
  readDemand,
  readIdentityMode,
  readPhone,
  readRepeat,
  readSelfName,
  readUrgent,
} from '../../src/understanding/rules/signals.js';

const calm = { construction: false, lateNight: false, night: false, ongoing: false };

describe('urgent', () => {
  it.each(['河里的鱼都死了', '沱江边发现大量死鱼', '化工厂发生泄漏', '厂里爆炸了', '仓库着火了', 'there are dead fish everywhere', 'a gas leak'])('%s', (t) =>
    expect(readUrgent(t, calm)).not.toBeNull(),
  );
  it('construction in the small hours or going on at night is urgent; a night-work habit is not', () => {
    expect(readUrgent('工地凌晨两点还在打桩', { construction: true, lateNight: true, night: true, ongoing: true })).not.toBeNull();
    expect(readUrgent('工地晚上十一点还在施工', { construction: true, lateNight: false, night: true, ongoing: true })).not.toBeNull();
    expect(readUrgent('工地夜间施工', { construction: true, lateNight: false, night: true, ongoing: false })).toBeNull();
    expect(readUrgent('KTV 凌晨三点还在唱', { construction: false, lateNight: true, night: true, ongoing: true })).toBeNull();
  });
  it('fireworks is not fire', () => expect(readUrgent('fireworks at night', calm)).toBeNull());
});

describe('repeat', () => {
  it.each(['昨天投诉过的工厂', '今天又开始冒烟了', '这是第三次反映了', '我已经打过三次电话了', '反映了多次还是没人管', 'I reported this before', 'it started again', 'this is the third time'])('%s', (t) =>
    expect(readRepeat(t)).not.toBeNull(),
  );
  it.each(['又脏又臭', '第一次举报', '工厂排黑烟'])('not: %s', (t) => expect(readRepeat(t)).toBeNull());
});

describe('phone', () => {
  it('reads mobiles with separators and +86', () => {
    expect(readPhone('电话13912345678')?.value).toBe('13912345678');
    expect(readPhone('call 139 1234 5678 please')?.value).toBe('13912345678');
    expect(readPhone('+86-139-1234-5678')?.value).toBe('13912345678');
  });
  it('reads landlines with area code', () => {
    expect(readPhone('座机028-87654321')?.value).toBe('02887654321');
  });
  it('ignores numbers that are no phones', () => {
    expect(readPhone('编号12912345678')).toBeNull();
    expect(readPhone('139123456789012')).toBeNull();
    expect(readPhone('HY-20261127-0001')).toBeNull();
    expect(readPhone('每天两点')).toBeNull();
  });
  it('masks', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('02887654321')).toBe('028****4321');
  });
});

describe('self-name', () => {
  it.each([
    ['我叫李明，电话13912345678', '李明'],
    ['我叫王小明', '王小明'],
    ['姓名：张三', '张三'],
    ['My name is Tom Lee', 'Tom Lee'],
    ['李四 13912345678', '李四'],
    ['张三，电话：13800138000', '张三'],
    ['13912345678 王五', '王五'],
    ['Tom Lee 13912345678', 'Tom Lee'],
  ])('%s → %s', (t, name) => expect(readSelfName(t)?.value).toBe(name));
  it('no name', () => {
    expect(readSelfName('我住在温江区')).toBeNull();
    expect(readSelfName('my name is not important')).toBeNull();
    expect(readSelfName('电话 13912345678')).toBeNull();
    expect(readSelfName('13912345678')).toBeNull();
  });
});

describe('identity mode', () => {
  it.each([
    ['我要匿名举报', 'anonymous'],
    ['不留名', 'anonymous'],
    ['不要实名', 'anonymous'],
    ['请替我保密', 'confidential'],
    ['不要透露我的信息给厂里', 'confidential'],
    ['我实名举报', 'real_name'],
    ['I want to stay anonymous', 'anonymous'],
    ['please keep my name confidential', 'confidential'],
  ])('%s → %s', (t, mode) => expect(readIdentityMode(t)?.value).toBe(mode));
});

describe('case number', () => {
  it('is case-insensitive and upper-cased', () => {
    expect(readCaseNumber('查一下 hy-20261127-0001 的进度')?.value).toBe('HY-20261127-0001');
    expect(readCaseNumber('HY-20261127-0001')?.value).toBe('HY-20261127-0001');
    expect(readCaseNumber('HY-2026112-0001')).toBeNull();
    expect(readCaseNumber('XHY-20261127-0001')).toBeNull();
  });
});

describe('demand', () => {
  it.each([
    ['工厂排黑烟。希望尽快处理！', '希望尽快处理'],
    ['请环保部门查处这家厂', '请环保部门查处这家厂'],
    ['要求关停这家作坊', '要求关停这家作坊'],
    ['隔壁工地晚上十一点了还在用电锯，能不能管一管', '能不能管一管'],
    ['Loud music. Please make them stop.', 'Please make them stop'],
  ])('%s → %s', (t, d) => expect(readDemand(t)?.value).toBe(d));
  it('请问 is a question, not a demand', () => expect(readDemand('请问你们受理哪些问题')).toBeNull());
});

describe('contact answers in English', () => {
  it('does not take "my phone is" for a name', async () => {
    const { readSelfName } = await import('../../src/understanding/rules/signals.js');
    expect(readSelfName('my phone is 13912345678')).toBeNull();
    expect(readSelfName('Zhang Wei 13912345678')?.value).toBe('Zhang Wei');
  });
});

describe('case numbers past 9999', () => {
  it('reads a five-digit serial as the engine formats it', async () => {
    const { readCaseNumber } = await import('../../src/understanding/rules/signals.js');
    const { formatCaseNumber } = await import('../../src/cases/number.js');
    const number = formatCaseNumber('20261127', 12345);
    expect(number).toBe('HY-20261127-12345');
    expect(readCaseNumber(`查询 ${number.toLowerCase()} 的进展`)?.value).toBe(number);
  });
});
