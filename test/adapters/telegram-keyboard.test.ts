import { describe, expect, it } from 'vitest';
import { choiceData, parseChoiceData, pressedLabel, replyMarkup } from '../../adapters/telegram/keyboard.js';

describe('Telegram keyboards', () => {
  it('round-trips a choice through callback data', () => {
    expect(parseChoiceData(choiceData(41, '2'))).toEqual({ version: 41, reply: '2' });
    expect(parseChoiceData(choiceData(7, '不知道'))).toEqual({ version: 7, reply: '不知道' });
  });

  it('does not read other callback data as a choice', () => {
    for (const data of ['', '/help', 'c:', 'c:x:1', 'c:12:', 'ack:HY-20261127-0001']) expect(parseChoiceData(data)).toBeNull();
  });

  it('refuses callback data Telegram would reject (over 64 bytes)', () => {
    expect(() => choiceData(1, '很长的回答'.repeat(5))).toThrow(/64 bytes/);
  });

  it('lays out short labels side by side and long ones one per row', () => {
    const short = replyMarkup({ kind: 'buttons', version: 3, options: [{ label: '确认提交', reply: '1' }, { label: '修改', reply: '2' }] });
    expect(short).toEqual({ inline_keyboard: [[{ text: '确认提交', callback_data: 'c:3:1' }, { text: '修改', callback_data: 'c:3:2' }]] });
    const long = replyMarkup({ kind: 'buttons', version: 3, options: [{ label: 'Wuhou District, Chengdu', reply: '1' }, { label: 'Shuangliu District, Chengdu', reply: '2' }] });
    expect('inline_keyboard' in long && long.inline_keyboard.map((r) => r.length)).toEqual([1, 1]);
    const eight = replyMarkup({ kind: 'buttons', version: 3, options: Array.from({ length: 8 }, (_, i) => ({ label: `类${i}`, reply: String(i + 1) })) });
    expect('inline_keyboard' in eight && eight.inline_keyboard.map((r) => r.length)).toEqual([4, 4]);
  });

  it('asks for a location with a one-time keyboard and removes it from plain messages', () => {
    expect(replyMarkup({ kind: 'location', label: '📍 发送我的位置' })).toEqual({ keyboard: [[{ text: '📍 发送我的位置', request_location: true }]], resize_keyboard: true, one_time_keyboard: true });
    expect(replyMarkup(undefined)).toEqual({ remove_keyboard: true });
  });

  it('finds the label of the pressed button', () => {
    const markup = { inline_keyboard: [[{ text: '匿名', callback_data: 'c:1:1' }, { text: '实名', callback_data: 'c:1:3' }]] };
    expect(pressedLabel(markup, 'c:1:3')).toBe('实名');
    expect(pressedLabel(markup, 'c:1:9')).toBeUndefined();
    expect(pressedLabel(undefined, 'c:1:3')).toBeUndefined();
  });
});
