import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `npm run demo`'s script and resolves with what it printed. */
function runDemo(): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-escalation.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out }));
  });
}

describe('the escalation demo (npm run demo)', () => {
  it('pages the duty officer, climbs to the chief, and the reporter sees the chief’s reply', async () => {
    const { code, out } = await runDemo();
    expect(code, out).toBe(0);
    const at = (pattern: RegExp): number => {
      const i = out.search(pattern);
      expect(i, String(pattern)).toBeGreaterThanOrEqual(0);
      return i;
    };
    const steps = [
      at(/回音 → 市民: 已登记，案件编号 HY-\d{8}-\d{4}/),
      at(/\[2026-11-28 02:05\] 回音 → housing\.night1: 【回音·紧急案件】/),
      at(/\[2026-11-28 02:36\] 回音 → housing\.chief: 【回音·紧急案件·第2级/),
      at(/回音 → 市民: 值班工作人员已接入/),
      at(/回音 → housing\.chief: 【市民 #\d+】还在打/),
      at(/回音 → 市民: 【值班工作人员】已通知城管执法队/),
    ];
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(out).not.toMatch(/回音 → housing\.lead/);
  });
});
