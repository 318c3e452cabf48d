/**
 * What the browser journeys share: the built app (built here when missing or older than its sources),
 * Debian's Chromium driven by playwright-core (never a downloaded browser), the whole platform started
 * in-process in embedded mode with the gateway serving the build, and helpers to prepare data through
 * the API.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createBodegaClient, type BodegaClient } from '@bodega/client';
import { uniqueSuffix } from '@bodega/testing';
import { admin, platformModes, type Platform } from '../../../tests/support/platform.js';

export const webRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const artifacts = path.join(webRoot, 'e2e', 'artifacts');
export const chromiumPath = '/usr/bin/chromium';
export const password = 'correct horse battery';

/** Whether the journeys can run here; in CI a missing browser is a failure, locally a skip. */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  const message = `${chromiumPath} is missing: install it with \`apt-get install -y chromium\` to run the browser journeys`;
  if (process.env.CI) throw new Error(message);
  console.warn(`Skipping the browser journeys: ${message}`);
  return false;
}

/** Builds apps/web/dist when it is missing or older than its sources (CI builds it first), as `npm start` does. */
export function ensureBuilt(): void {
  const script = path.join(webRoot, '..', '..', 'scripts', 'web-build.mjs');
  execFileSync(process.execPath, [script, '--strict'], { stdio: 'inherit' });
}

export interface Shop {
  platform: Platform;
  browser: Browser;
  url: string;
  staff: BodegaClient;
  close(): Promise<void>;
}

/** The platform (embedded, a small demo catalog and the demo promotions) and a headless Chromium. */
export async function openShop(): Promise<Shop> {
  ensureBuilt();
  mkdirSync(artifacts, { recursive: true });
  const [, start] = platformModes()[0]!;
  const platform = await start({ DEMO_CATALOG_SIZE: '36', DEMO_PROMOTIONS: 'true' });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
  });
  const staff = createBodegaClient({ baseUrl: platform.url });
  await staff.login(admin);
  return {
    platform,
    browser,
    url: platform.url,
    staff,
    close: async () => {
      await browser.close();
      await platform.close();
    },
  };
}

/** A fresh browser profile (no cookies, no storage) at a given width, failing on any page error. */
export async function visitor(
  shop: Shop,
  width = 1280,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await shop.browser.newContext({
    baseURL: shop.url,
    viewport: { width, height: width < 600 ? 844 : 900 },
    ...(width < 600 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  // A step that cannot happen fails with its locator named, well before the test's own timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // A CSP violation is a bug of the app (or of the policy): it fails the journey.
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      errors.push(message.text());
  });
  return { context, page, errors };
}

/** A customer account made through the API, with a client signed in as them. */
export async function customer(
  shop: Shop,
  name = 'Ada Lovelace',
): Promise<{ email: string; api: BodegaClient }> {
  const email = `shopper-${uniqueSuffix()}@example.com`;
  const api = createBodegaClient({ baseUrl: shop.url });
  await api.register({ email, password, name });
  await api.login({ email, password });
  return { email, api };
}

/** In-stock products of the demo catalog. */
export async function inStock(shop: Shop, count = 3) {
  const page = await shop.staff.get('/api/v1/products', { params: { query: { in_stock: true, limit: 50 } } });
  return page.items.filter((product) => product.stock_qty >= 10).slice(0, count);
}

/** Signs in through the page's form. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}
