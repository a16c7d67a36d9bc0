import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file below `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

// The house rules of ARCHITECTURE.md, checked rather than hoped for.
describe('architecture', () => {
  it('keeps the domain pure: no database, HTTP, adapter or SDK imports', () => {
    const domain = ['src/conversation', 'src/cases', 'src/places', 'src/understanding/rules', 'src/i18n', 'src/reports', 'src/privacy'];
    const forbidden = /^(?:kysely|pg|@electric-sql|fastify|pino|grammy|wechaty|openai|node-cron)$|\/db\/|\/http\/|adapters\/|\/notify\/|\/intake\/|main\.js$/;
    const offenders = domain.flatMap(files).flatMap((f) => imports(f).filter((i) => forbidden.test(i)).map((i) => `${f} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  it('lets adapters import only the channel contract from the core', () => {
    const offenders = files('adapters').flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('.') && i.includes('/src/') && !i.endsWith('/src/channels/contract.js'))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('has nothing import main.ts but the command-line entry points', () => {
    const entry = (f: string): boolean => f === join('src', 'cli.ts') || f.startsWith(join('src', 'commands'));
    const offenders = [...files('src'), ...files('adapters')].filter((f) => !entry(f) && imports(f).some((i) => i.endsWith('/main.js')));
    expect(offenders).toEqual([]);
  });
});
