import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPublic } from '../../adapters/web/public.js';

/* The public folder over HTTP: files and folder indexes, never a listing, nothing outside it. */

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'huiyin-public-'));
  const dir = join(base, 'public');
  mkdirSync(join(dir, 'digests', 'city', '5101-chengdu'), { recursive: true });
  writeFileSync(join(dir, 'digests', 'index.html'), '<!doctype html><title>index</title>公开');
  writeFileSync(join(dir, 'digests', 'city', '5101-chengdu', '2026-11-24_2026-11-26.csv'), 'section,key\r\n');
  writeFileSync(join(dir, 'digests', 'city', '5101-chengdu', '2026-11-24_2026-11-26.json'), '{"ok":true}');
  writeFileSync(join(dir, '.env'), 'SECRET=public-dotfile');
  writeFileSync(join(base, 'secret.txt'), 'SECRET=outside');
  app = Fastify();
  await registerPublic(app, dir);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  rmSync(base, { recursive: true, force: true });
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('registerPublic', () => {
  it("serves files and a folder's index.html, with a no-script policy", async () => {
    const index = await get('/public/digests/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.body).toContain('公开');
    expect((await get('/public/digests/index.html')).statusCode).toBe(200);
    const json = await get('/public/digests/city/5101-chengdu/2026-11-24_2026-11-26.json');
    expect([json.statusCode, json.headers['content-type'], json.body]).toEqual([200, 'application/json; charset=utf-8', '{"ok":true}']);
    expect((await get('/public/digests/city/5101-chengdu/2026-11-24_2026-11-26.csv')).headers['content-type']).toMatch(/^text\/csv/);
  });

  it('serves files written after the server started', async () => {
    writeFileSync(join(base, 'public', 'digests', 'city', '5101-chengdu', 'later.json'), '{"later":true}');
    expect((await get('/public/digests/city/5101-chengdu/later.json')).body).toBe('{"later":true}');
  });

  it('never lists a folder', async () => {
    for (const url of ['/public/digests/city/', '/public/digests/city/5101-chengdu/', '/public/']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).not.toContain('2026-11-24');
    }
  });

  it('refuses paths out of the folder and hidden files', async () => {
    for (const url of [
      '/public/../secret.txt',
      '/public/..%2fsecret.txt',
      '/public/%2e%2e/secret.txt',
      '/public/digests/..%2f..%2fsecret.txt',
      '/public/digests/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/public/..%5csecret.txt',
      '/public/%252e%252e/secret.txt',
      '/public/.env',
      '/public/digests/../.env',
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.body, url).not.toContain('SECRET');
    }
  });
});
