import { describe, expect, it } from 'vitest';
import { isNightAt, isNightMinute, parseChineseNumber, readTime } from '../../src/understanding/rules/time.js';

describe('parseChineseNumber', () => {
  it.each([
    ['十', 10], ['十一', 11], ['二十三', 23], ['两', 2], ['零', 0], ['一百零五', 105], ['22', 22], ['２２', 22], ['三十', 30],
  ] as const)('%s → %d', (s, n) => expect(parseChineseNumber(s)).toBe(n));
  it('rejects non-numbers', () => {
    expect(parseChineseNumber('点')).toBeNull();
    expect(parseChineseNumber('')).toBeNull();
  });
});

describe('night by the text', () => {
  const cases: [string, boolean][] = [
    ['每天晚上十点以后排黑烟', true],
    ['晚上十点半还在放音乐', true],
    ['晚上八点', false],
    ['晚上八点到十二点一直响', true],
    ['每天晚上都有', true],
    ['白天晚上都有', true],
    ['早上七点不到就开始用电钻', false],
    ['早上六点以前就开始施工', true],
    ['凌晨两点还在打桩', true],
    ['半夜偷偷排放', true],
    ['深夜施工', true],
    ['十点以后还在施工', true],
    ['下午三点', false],
    ['中午一点', false],
    ['22:30还在响', true],
    ['晚上九点以后一直响', true],
    ['傍晚六点', false],
    ['every night', true],
    ['after midnight', true],
    ['until 2 am', true],
    ['starts at 6:30 am every day', false],
    ['at 11pm', true],
    ['in the evening', false],
    ['昨天', false],
    ['声音小一点', false],
    ['有一点臭', false],
  ];
  it.each(cases)('%s → %s', (text, night) => expect(readTime(text).night).toBe(night));
});

describe('time text, late night and ongoing', () => {
  it('keeps the phrase as written', () => {
    expect(readTime('塑料厂每天晚上十点以后排黑烟').text).toBe('每天晚上十点以后');
    expect(readTime('音响每天晚上开到十点半').text).toBe('每天晚上开到十点半');
    expect(readTime('没有时间').text).toBeNull();
  });
  it('small hours and now', () => {
    expect(readTime('凌晨两点还在打桩')).toMatchObject({ lateNight: true, ongoing: true });
    expect(readTime('晚上十一点还在')).toMatchObject({ lateNight: false, ongoing: true, night: true });
    expect(readTime('after midnight').lateNight).toBe(true);
    expect(readTime('正在施工').ongoing).toBe(true);
  });
  it('现在/正在 is night only when the message is sent at night', () => {
    const night = new Date('2026-11-27T15:30:00Z'); // 23:30 in Shanghai
    const day = new Date('2026-11-27T04:00:00Z'); // 12:00 in Shanghai
    expect(readTime('工地现在还在施工', night).night).toBe(true);
    expect(readTime('工地现在还在施工', day).night).toBe(false);
    expect(readTime('工地现在还在施工').night).toBe(false);
    expect(readTime('昨天施工', night).night).toBe(false);
  });
});

describe('isNightAt', () => {
  it('uses the wall clock of the time zone', () => {
    expect(isNightAt(new Date('2026-11-27T14:00:00Z'))).toBe(true); // 22:00
    expect(isNightAt(new Date('2026-11-27T13:59:00Z'))).toBe(false); // 21:59
    expect(isNightAt(new Date('2026-11-27T21:59:00Z'))).toBe(true); // 05:59
    expect(isNightAt(new Date('2026-11-27T22:00:00Z'))).toBe(false); // 06:00
    expect(isNightAt(new Date('2026-11-27T23:00:00Z'), 'UTC')).toBe(true);
    expect(isNightAt(new Date('invalid'))).toBe(false);
  });
  it('isNightMinute is the half-open 22:00–06:00 window', () => {
    expect(isNightMinute(22 * 60)).toBe(true);
    expect(isNightMinute(6 * 60)).toBe(false);
    expect(isNightMinute(6 * 60 - 1)).toBe(true);
    expect(isNightMinute(-1)).toBe(true);
  });
});
