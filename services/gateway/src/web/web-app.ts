import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceApp } from '@bodega/kit';
import { registerLanding } from '../landing/landing.js';
import { chooseEncoding } from './accept-encoding.js';
import { loadStaticFiles, type StaticFile } from './static-files.js';

/** apps/web/dist of this repository: the same depth from src/web (tsx) and dist/web (built). */
export const defaultWebDistDir = path.resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../apps/web/dist',
);

/** Paths that belong to the platform, never to the app: an unknown one there is the standard 404. */
const platformPrefixes = ['/api', '/graphql', '/healthz', '/readyz', '/metrics', '/internal', '/.well-known'];

function isPlatformPath(raw: string): boolean {
  const url = raw.replace(/^\/+/, '/'); // `//internal/x` is still a platform path
  return platformPrefixes.some(
    (prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`),
  );
}

export interface WebAppOptions {
  /** The built app (index.html and assets/); default apps/web/dist. */
  distDir?: string;
}

/**
 * The web app at `/` (issue 6): the files of `vite build`, hashed assets cached for a year, index.html
 * and the rest revalidated every time (ETag), and index.html for any other page a browser asks for so that the app's own
 * routes (/p/walnut-tray, /orders/...) load on a reload or a shared link. Not for the platform's paths:
 * /api, /graphql, /healthz... keep their 404s. Programs asking `/` without accepting HTML still get the
 * JSON links. When the app is not built, today's landing page stays.
 */
export async function registerWebApp(
  app: ServiceApp,
  options: WebAppOptions = {},
): Promise<'app' | 'landing'> {
  const files = await loadStaticFiles(options.distDir ?? defaultWebDistDir);
  if (!files) {
    registerLanding(app);
    return 'landing';
  }
  const index = files.get('/index.html');
  if (!index) throw new Error('unreachable: loadStaticFiles answers only a build with index.html');

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url.split('?', 1)[0] ?? '/';
    if (isPlatformPath(url)) {
      reply.callNotFound();
      return reply;
    }
    if (url === '/' && !request.headers.accept?.includes('text/html')) {
      return {
        name: 'bodega',
        description: 'Bodega API gateway',
        links: { status: '/api/v1/status', health: '/healthz', api: '/api/v1', docs: '/api/docs' },
      };
    }
    // Looked up as sent: Vite's file names are plain ASCII, and only files loaded at boot can match.
    const file = files.get(url);
    if (file) return send(request, reply, file);
    // A missing file (a stale asset, a typo) is a 404, and so is any path for a program (no HTML
    // accepted); a browser asking for a page gets the app, whose router knows its routes.
    if (path.posix.extname(url) !== '' || !request.headers.accept?.includes('text/html')) {
      reply.callNotFound();
      return reply;
    }
    return send(request, reply, index);
  };
  app.get('/', { schema: { hide: true } }, handler);
  app.get('/*', { schema: { hide: true } }, handler);
  return 'app';
}

function send(request: FastifyRequest, reply: FastifyReply, file: StaticFile) {
  void reply
    .header('content-type', file.type)
    .header('etag', file.etag)
    .header('vary', 'accept-encoding')
    .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
  const encoding = chooseEncoding(request.headers['accept-encoding'], file.encoded);
  if (encoding === undefined) return reply.send(file.body);
  return reply.header('content-encoding', encoding).send(file.encoded[encoding]);
}
