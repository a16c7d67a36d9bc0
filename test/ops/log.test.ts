import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

/** A logger writing into an array of parsed lines. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('info', sink), lines };
}

describe('the process logger', () => {
  it('masks phones, ID numbers and labelled names in errors and reasons, and keeps ids', () => {
    const { log, lines } = capture();
    const err = new Error('duplicate key value (contact_phone)=(13812345678) for 联系人张三, 身份证 510104199001011234');
    log.error({ err, caseNumber: 'HY-20261128-0001', conversationId: '42', chatId: '810005', reason: 'Forbidden: 电话 13912345678' }, 'turn failed');
    const line = JSON.stringify(lines[0]);
    for (const personal of ['13812345678', '13912345678', '张三', '510104199001011234']) expect(line).not.toContain(personal);
    expect(lines[0]).toMatchObject({ caseNumber: 'HY-20261128-0001', conversationId: '42', chatId: '810005', msg: 'turn failed', app: 'huiyin' });
    expect((lines[0]!.err as { message: string }).message).toContain('×××');
  });
});
