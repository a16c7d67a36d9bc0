import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where the public folder is served. */
export const PUBLIC_PREFIX = '/public/';

/**
 * Serves the public folder (disclosure digests) read-only at `/public/` with @fastify/static: a
 * folder's `index.html` when it has one, never a listing of a folder; hidden files and paths
 * leading out of the folder are refused (the plugin resolves every path inside `root`). Pages run
 * no scripts, and the policy header says so again for anything else placed there.
 */
export async function registerPublic(app: FastifyInstance, dir: string): Promise<void> {
  const root = resolve(dir);
  // Published files arrive while the server runs; the folder must exist for the plugin to serve it.
  mkdirSync(root, { recursive: true });
  await app.register(fastifyStatic, {
    root,
    prefix: PUBLIC_PREFIX,
    list: false,
    index: ['index.html'],
    dotfiles: 'deny',
    // Files written after start are served too (no glob of the folder at start).
    wildcard: true,
    decorateReply: false,
    maxAge: 5 * 60 * 1000,
    setHeaders: (reply) => {
      reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      reply.header('X-Content-Type-Options', 'nosniff');
    },
  });
}
