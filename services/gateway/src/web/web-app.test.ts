import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
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
