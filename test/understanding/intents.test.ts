import { describe, expect, it } from 'vitest';
import { readChoice, readIntents, readLangSwitch } from '../../src/understanding/rules/intents.js';

const first = (t: string) => readIntents(t).intents[0];

describe('intents', () => {
  it.each([
    ['在吗', 'greeting'],
    ['你好', 'greeting'],
    ['hi', 'greeting'],
    ['请问你们这里受理哪些问题？', 'question'],
    ['举报之后多久会有答复', 'question'],
    ['怎么举报', 'question'],
    ['/help', 'help'],
    ['帮助', 'help'],
    ['取消', 'cancel'],
    ['算了吧', 'cancel'],
    ['/cancel', 'cancel'],
    ['cancel', 'cancel'],
    ['我不想投诉了', 'cancel'],
    ['重新开始', 'restart'],
    ['重来', 'restart'],
    ['/restart', 'restart'],
    ['我的举报进度怎么样了', 'status'],
    ['查询', 'status'],
    ['处理得怎么样', 'status'],
    ['status', 'status'],
    ['HY-20261127-0001', 'status'],
    ['转人工', 'human'],
    ['人工', 'human'],
    ['I want to talk to a human', 'human'],
    ['是', 'affirm'],
    ['对', 'affirm'],
    ['好的', 'affirm'],
    ['确认', 'affirm'],
    ['没问题', 'affirm'],
    ['yes', 'affirm'],
    ['OK', 'affirm'],
    ['y', 'affirm'],
    ['👍', 'affirm'],
    ['不是', 'deny'],
    ['不对', 'deny'],
    ['否', 'deny'],
    ['no', 'deny'],
    ['不知道', 'unknown_answer'],
    ['不清楚', 'unknown_answer'],
    ['没有', 'unknown_answer'],
    ['没有照片', 'unknown_answer'],
    ['无', 'unknown_answer'],
    ["don't know", 'unknown_answer'],
    ['none', 'unknown_answer'],
    ['谢谢', 'thanks'],
    ['thank you!', 'thanks'],
  ])('%s → %s', (text, intent) => expect(first(text)).toBe(intent));

  it('complaints carry no reply intents', () => {
    expect(readIntents('对面的工厂排黑烟').intents).toEqual([]);
    expect(readIntents('好臭啊，受不了').intents).toEqual([]);
    expect(readIntents('是这样的，我们小区旁边有个工地晚上施工').intents).toEqual([]);
    expect(readIntents('无人管理的垃圾堆').intents).toEqual([]);
    expect(readIntents('希望取消这个厂的执照，工作人员也不管，人工湖都臭了').intents).not.toContain('human');
  });
  it('在吗 is a greeting only; a greeting with a question keeps both', () => {
    expect(readIntents('在吗').intents).toEqual(['greeting']);
    expect(readIntents('你好，我想问问怎么举报？').intents).toEqual(['question', 'greeting']);
  });
  it('orders strongest first', () => {
    expect(readIntents('你好，我想查询一下进度').intents).toEqual(['status', 'greeting']);
    expect(readIntents('好的谢谢').intents).toEqual(['affirm', 'thanks']);
  });
});

describe('corrections', () => {
  it('不对，是温江区 is deny plus correction', () => {
    const r = readIntents('不对，是温江区');
    expect(r.intents).toContain('deny');
    expect(r.correction).toBe(true);
  });
  it.each(['不是郫都区，是温江区', '地址改成温江区万春镇', '应该是温江区', '我说错了', 'actually it is in Wenjiang', 'I meant Wenjiang'])('%s', (t) =>
    expect(readIntents(t).correction).toBe(true),
  );
  it('a bare 不对 is a deny, not a correction', () => {
    expect(readIntents('不对').correction).toBe(false);
    expect(readIntents('不对').intents).toEqual(['deny']);
  });
  it('no correction in a plain complaint', () => expect(readIntents('工厂排黑烟').correction).toBe(false));
});

describe('choices', () => {
  it.each([
    ['2', 2], ['2.', 2], ['２', 2], ['第二个', 2], ['第2个', 2], ['选2', 2], ['选第三个', 3], ['第一个吧', 1], ['三', 3], ['option 2', 2], ['the second one', 2],
  ] as const)('%s → %d', (t, n) => expect(readChoice(t)?.value).toBe(n));
  it.each(['第三次反映了', '0', '工厂排黑烟', '2023年', '十点以后'])('not a choice: %s', (t) => expect(readChoice(t)).toBeNull());
});

describe('language switch', () => {
  it.each([
    ['/lang en', 'en'], ['/lang zh', 'zh'], ['English please', 'en'], ['can you reply in English?', 'en'], ['用中文', 'zh'], ['请说中文', 'zh'], ['English', 'en'],
  ] as const)('%s → %s', (t, lang) => expect(readLangSwitch(t)?.value).toBe(lang));
  it('none in a complaint', () => expect(readLangSwitch('工厂排黑烟')).toBeNull());
});

describe('English corrections', () => {
  it('reads "no, it is in ..." as a correction', async () => {
    const { readIntents } = await import('../../src/understanding/rules/intents.js');
    expect(readIntents('no, it is in Pidu District').correction).toBe(true);
    expect(readIntents("No it's the other factory").correction).toBe(true);
    expect(readIntents('no').correction).toBe(false);
  });
});
