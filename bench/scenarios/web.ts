import { request } from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { freePort } from '@bodega/testing';
import { diedReason, startCli } from '../lib/platform.js';
import { waitUntil, answersOk } from '../lib/wait.js';
import type { Scenario, ScenarioContext } from './scenario.js';
import { describeWeb, type InitialFile, type WebRun } from './web-report.js';
import { auditStorefront } from './web-lighthouse.js';

const runs = { cold: 10, warm: 10 };
const products = 300;
const chromiumPath = '/usr/bin/chromium';

/**
 * The web app's weight and speed: the JavaScript the storefront home needs before it renders (gzip, as
 * the gateway serves it), and the time from navigation to the first product grid in headless Chromium,
 * with a fresh profile and with the assets cached; then Lighthouse's scores of the home, a product, a
 * search and the checkout (web-lighthouse.ts). Needs the app built (`npm run build`).
 */
export const web: Scenario = {
  name: 'web',
  title: 'Web app: initial JavaScript, time to the first product grid, Lighthouse',
  async run(context) {
    const port = await freePort();
    const platform = startCli(context.processes, 'embedded', ['start'], {
      BODEGA_DATA_DIR: path.join(context.workDir, 'web-data'),
      GATEWAY_PORT: String(port),
      GATEWAY_OPS_PORT: String(await freePort()),
      ADMIN_EMAIL: 'admin@bench.test',
      ADMIN_PASSWORD: 'bench-admin-password-0123',
      DEMO_CATALOG_SIZE: String(products),
      // Twenty page loads from one address, each a handful of API calls: past the per-IP default.
      RATE_LIMIT_MAX: '100000',
      AUTH_RATE_LIMIT_MAX: '100000',
    });
    const origin = `http://127.0.0.1:${port}`;
    await waitUntil(() => answersOk(`${origin}/api/v1/products?limit=1&in_stock=true`), {
      what: `${origin} to serve products`,
      timeoutMs: 120_000,
      intervalMs: 100,
      abandon: diedReason(platform),
    });
    const files = await initialFiles(origin);
    const timings = await firstGrid(context, origin);
    const lighthouse = await auditStorefront(context, origin);
    return describeWeb({ files, ...timings, products, lighthouse });
  },
};

/** GET with gzip accepted: the bytes on the wire and after decompression. */
function fetchBytes(url: string, accept: string): Promise<{ body: Buffer; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept, 'accept-encoding': 'gzip' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
      });
      response.on('end', () => {
        resolve({ body: Buffer.concat(chunks), encoding: response.headers['content-encoding'] });
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The entry script, its module preloads and the stylesheet that index.html names. */
async function initialFiles(origin: string): Promise<InitialFile[]> {
  const { body } = await fetchBytes(`${origin}/`, 'text/html');
  const html = body.toString();
  if (!html.includes('id="root"'))
    throw new Error(`${origin}/ is not the web app: build it first (npm run build)`);
  const scripts = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ];
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)];
  const measure = async (file: string, kind: InitialFile['kind']): Promise<InitialFile> => {
    const wire = await fetchBytes(`${origin}${file}`, '*/*');
    const raw = wire.encoding === 'gzip' ? gunzipSync(wire.body) : wire.body;
    return { path: file, kind, rawBytes: raw.length, gzipBytes: wire.body.length };
  };
  return Promise.all([
    ...scripts.map((match) => measure(match[1]!, 'script')),
    ...styles.map((match) => measure(match[1]!, 'style')),
  ]);
}

/** Navigation start to the first product card, read in the page (performance.now() is from navigation start). */
async function firstGrid(
  context: ScenarioContext,
  origin: string,
): Promise<Pick<WebRun, 'coldMs' | 'warmMs' | 'chromium'>> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const gridAt = async (page: Page) => {
      await page.goto(`${origin}/`, { waitUntil: 'commit' });
      // Runs in the page (as a function: the app's CSP forbids evaluating strings). The bench is compiled
      // without the DOM's types, hence the narrow view of `document`.
      const handle = await page.waitForFunction(
        () => {
          const { document } = globalThis as unknown as {
            document: { querySelector(selector: string): unknown };
          };
          return document.querySelector('[data-testid="product-grid"] article') ? performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      return (await handle.jsonValue()) as number;
    };
    const coldMs: number[] = [];
    for (let run = 0; run < runs.cold; run++) {
      const profile = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      coldMs.push(await gridAt(await profile.newPage()));
      await profile.close();
    }
    const profile = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await profile.newPage();
    await gridAt(page);
    const warmMs: number[] = [];
    for (let run = 0; run < runs.warm; run++) warmMs.push(await gridAt(page));
    await profile.close();
    context.log(
      `web: cold ${coldMs.map(Math.round).join(', ')} ms; warm ${warmMs.map(Math.round).join(', ')} ms`,
    );
    return { coldMs, warmMs, chromium: `Chromium ${browser.version()}` };
  } finally {
    await browser.close();
  }
}
