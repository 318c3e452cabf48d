import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createMetricsRegistry, createService, type ServiceApp } from '@bodega/kit';
import { silentLogger } from '@bodega/logging';
import { defaultWebDistDir, registerWebApp } from './web-app.js';

const indexHtml = `<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>${' '.repeat(2048)}`;
const script = `console.log(${JSON.stringify('x'.repeat(4096))});`;

async function builtApp(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bodega-web-dist-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), indexHtml);
  await writeFile(path.join(dir, 'assets', 'index-abc123.js'), script);
  await writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

/** A build as apps/web's precompress plugin leaves it: brotli and gzip beside each text file. */
async function precompressedApp(): Promise<string> {
  const dir = await builtApp();
  for (const name of ['index.html', 'assets/index-abc123.js']) {
    const body = Buffer.from(name === 'index.html' ? indexHtml : script);
    await writeFile(path.join(dir, `${name}.br`), brotliCompressSync(body));
    await writeFile(path.join(dir, `${name}.gz`), gzipSync(body));
  }
  return dir;
}

/** A GET over a real socket, the body as it came on the wire (no client decoding it). */
function rawGet(
  app: ServiceApp,
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: url, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
      });
      response.on('end', () => {
        resolve({ headers: response.headers, body: Buffer.concat(chunks) });
      });
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function gatewayWith(distDir: string): Promise<{ app: ServiceApp; mode: string }> {
  const app = createService({
    name: 'web-test',
    logger: silentLogger(),
    metrics: createMetricsRegistry('web-test'),
  });
  app.get('/api/v1/ping', async () => ({ pong: true }));
  const mode = await registerWebApp(app, { distDir });
  await app.ready();
  return { app, mode };
}

const html = { accept: 'text/html,application/xhtml+xml' };

describe('the gateway serving the web app', () => {
  it('serves index.html at / to browsers, never cached, and JSON links to programs', async () => {
    const { app, mode } = await gatewayWith(await builtApp());
    expect(mode).toBe('app');
    const page = await app.inject({ url: '/', headers: html });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<div id="root">');
    const json = await app.inject({ url: '/' });
    expect(json.json()).toMatchObject({ name: 'bodega', links: { status: '/api/v1/status' } });
  });

  it('answers the app for its own routes on a reload or a shared link', async () => {
    const { app } = await gatewayWith(await builtApp());
    for (const url of [
      '/p/walnut-tray',
      '/orders/0190a6f4-8b2d-7c4e-a1f0-5d6e7f8a9b0c',
      '/search?q=tray',
      '/admin/products',
    ]) {
      const page = await app.inject({ url, headers: html });
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('<div id="root">');
    }
  });

  it('answers a program asking for an unknown path with the standard 404, not the page', async () => {
    const { app } = await gatewayWith(await builtApp());
    const answer = await app.inject({ url: '/p/walnut-tray', headers: { accept: 'application/json' } });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('caches hashed assets for a year, gzipped for clients that accept it, revalidated by ETag', async () => {
    const { app } = await gatewayWith(await builtApp());
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);

    const gzipped = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toContain('accept-encoding');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(script);
    expect(gzipped.rawPayload.length).toBeLessThan(script.length / 4);

    const again = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'if-none-match': plain.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('serves the build’s brotli and gzip files to clients that accept them, the plain file to others', async () => {
    const { app } = await gatewayWith(await precompressedApp());
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const chrome = 'gzip, deflate, br, zstd';
      for (const [url, original, headers] of [
        ['/assets/index-abc123.js', script, {}],
        ['/', indexHtml, html],
      ] as const) {
        const br = await rawGet(app, url, { ...headers, 'accept-encoding': chrome });
        expect(br.headers['content-encoding'], url).toBe('br');
        expect(br.headers.vary, url).toContain('accept-encoding');
        expect(brotliDecompressSync(br.body).toString(), url).toBe(original);
        expect(br.body.length, url).toBeLessThan(original.length / 4);

        const gzip = await rawGet(app, url, { ...headers, 'accept-encoding': 'gzip' });
        expect(gzip.headers['content-encoding'], url).toBe('gzip');
        expect(gunzipSync(gzip.body).toString(), url).toBe(original);

        const plain = await rawGet(app, url, headers);
        expect(plain.headers['content-encoding'], url).toBeUndefined();
        expect(plain.body.toString(), url).toBe(original);
      }
    } finally {
      await app.close();
    }
  });

  it('honours a refused encoding and offers no variant as a file of its own', async () => {
    const { app } = await gatewayWith(await precompressedApp());
    const url = '/assets/index-abc123.js';
    const noBrotli = await app.inject({ url, headers: { 'accept-encoding': 'br;q=0, gzip;q=0.5' } });
    expect(noBrotli.headers['content-encoding']).toBe('gzip');
    const nothing = await app.inject({ url, headers: { 'accept-encoding': 'identity, *;q=0' } });
    expect(nothing.headers['content-encoding']).toBeUndefined();
    expect(nothing.body).toBe(script);
    const any = await app.inject({ url, headers: { 'accept-encoding': '*' } });
    expect(any.headers['content-encoding']).toBe('br');
    for (const variant of [`${url}.br`, `${url}.gz`, '/index.html.br']) {
      expect((await app.inject({ url: variant })).statusCode, variant).toBe(404);
    }
  });

  it('gzips at boot a build without variants, and never answers brotli it does not have', async () => {
    const { app } = await gatewayWith(await builtApp());
    const answer = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(answer.rawPayload).toString()).toBe(script);
  });

  it('leaves the platform paths alone: their unknown routes are the standard 404, not the app', async () => {
    const { app } = await gatewayWith(await builtApp());
    expect((await app.inject({ url: '/api/v1/ping' })).json()).toEqual({ pong: true });
    for (const url of [
      '/api/v2/products',
      '/api',
      '/graphql/x',
      '/healthz/deep',
      '/internal/products',
      '/metrics/x',
      '/api?x=1',
      '//internal/users',
    ]) {
      const answer = await app.inject({ url, headers: html });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.json(), url).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('answers a missing file with a 404 instead of the page, and cannot be walked out of its folder', async () => {
    const { app } = await gatewayWith(await builtApp());
    for (const url of [
      '/assets/index-old.js',
      '/robots.txt',
      '/..%2f..%2fetc%2fpasswd',
      '/assets/../../package.json',
    ]) {
      const answer = await app.inject({ url, headers: html });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.body, url).not.toContain('root:');
    }
  });

  it('keeps the landing page when the app is not built', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'bodega-web-empty-'));
    for (const dir of [empty, path.join(empty, 'missing')]) {
      const { app, mode } = await gatewayWith(dir);
      expect(mode).toBe('landing');
      const page = await app.inject({ url: '/', headers: html });
      expect(page.body).toContain('href="/api/v1/status"');
      expect((await app.inject({ url: '/p/tray', headers: html })).statusCode).toBe(404);
    }
  });

  it('looks for the build in apps/web/dist by default', () => {
    expect(defaultWebDistDir.endsWith(path.join('apps', 'web', 'dist'))).toBe(true);
  });
});
