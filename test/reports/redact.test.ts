import { describe, expect, it } from 'vitest';
import { REDACTED, redactPersonal } from '../../src/privacy/redact.js';

describe('redactPersonal', () => {
  it.each([
    ['电话13812345678', '电话×××'],
    ['电话 +86 138-1234-5678', '电话 ×××'],
    ['座机028-87654321', '座机×××'],
    ['身份证510104199001011234', '身份证×××'],
    ['身份证51010419900101123x已核', '身份证×××已核'],
    ['住12号3单元502室', '住×××'],
    ['犀浦北路12号附近', '×××附近'],
    ['5栋2-301', '×××'],
    ['微信wxid_abc123', '微信×××'],
    ['微信号：zw_wechat88', '×××'],
    ['tg @someuser 已联系', '××× 已联系'],
    ['邮箱zhangwei@example.com', '邮箱×××'],
    ['负责人王芳已到场', '负责人×××到场'],
    ['约谈李先生', '约谈×××'],
    ['老张烧烤', '×××烧烤'],
    ['卡号6222021234567890123', '卡号×××'],
  ])('removes %s', (text, want) => {
    expect(redactPersonal(text)).toBe(want);
  });

  it('keeps what is not personal: dates, case numbers, amounts, measurements, districts', () => {
    const t = '2026-11-25经监测噪声小于55分贝，罚款50000元，与HY-20261125-0001合并，郫都区犀浦街道，负责人已承诺整改。';
    expect(redactPersonal(t)).toBe(t);
  });

  it('removes the names and numbers it is told of, however a phone is grouped', () => {
    expect(redactPersonal('赵六反映，回电 139 8765 4321 或 13987654321', ['赵六', '13987654321'])).toBe(`${REDACTED}反映，回电 ${REDACTED} 或 ${REDACTED}`);
    expect(redactPersonal('没有个人信息', [null, '', 'x'])).toBe('没有个人信息');
  });

  it('reads full-width digits as digits', () => {
    expect(redactPersonal('电话１３８１２３４５６７８')).toBe('电话×××');
  });
});
