import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { freePort } from '@bodega/testing';
import { runLighthouse, type LighthousePage } from './lighthouse.js';
import type { ScenarioContext } from './scenario.js';

const chromiumPath = '/usr/bin/chromium';
const shopper = { email: 'lighthouse@bench.test', password: 'lighthouse-password-0123', name: 'Light House' };

/**
 * Lighthouse on the storefront as a shopper meets it: the home, a product page and a search on a first
 * visit (a fresh browser each), and the checkout with something in the cart. The checkout is for
 * signed-in customers only (a guest is sent to sign in), so it is audited in a browser the bench has
 * signed in and filled a cart in, its HTTP cache cleared first, with Lighthouse told to keep its cookies.
 */
export async function auditStorefront(context: ScenarioContext, origin: string): Promise<LighthousePage[]> {
  const listed = (await (await fetch(`${origin}/api/v1/products?limit=1&in_stock=true`)).json()) as {
    items: { slug: string; name: string }[];
  };
  const product = listed.items[0];
  if (!product) throw new Error('the shop has no product in stock to audit');
  const word = product.name.split(/\s+/)[0]!.toLowerCase();
  const pages: LighthousePage[] = [];
  for (const [name, route] of [
    ['home', '/'],
    ['product', `/p/${product.slug}`],
    ['search', `/search?q=${encodeURIComponent(word)}`],
  ] as const) {
    context.log(`web: lighthouse ${route}`);
    pages.push(await runLighthouse(context, name, `${origin}${route}`));
  }
  context.log('web: lighthouse /checkout (signed in, one line in the cart)');
  pages.push(await auditCheckout(context, origin, product.slug));
  return pages;
}

async function auditCheckout(
  context: ScenarioContext,
  origin: string,
  slug: string,
): Promise<LighthousePage> {
  const register = await fetch(`${origin}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(shopper),
  });
  if (register.status !== 201 && register.status !== 409)
    throw new Error(`registering the shopper answered ${register.status}: ${await register.text()}`);
  const port = await freePort();
  const profile = path.join(context.workDir, 'lighthouse-profile');
  fs.mkdirSync(profile, { recursive: true });
  // The default context of a persistent profile is the one Lighthouse's new tab opens in: same cookies.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      `--remote-debugging-port=${port}`,
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/sign-in`);
    await page.getByLabel('Email').fill(shopper.email);
    await page.getByLabel('Password').fill(shopper.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 });
    await page.goto(`${origin}/p/${slug}`);
    const added = page.waitForResponse(
      (response) => response.url().includes('/api/v1/cart/items') && response.request().method() === 'POST',
      { timeout: 30_000 },
    );
    await page.getByRole('button', { name: 'Add to cart' }).click();
    const answer = await added;
    if (answer.status() >= 300) throw new Error(`adding to the cart answered ${answer.status()}`);
    const cdp = await browser.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await page.goto('about:blank');
    return await runLighthouse(context, 'checkout', `${origin}/checkout`, { port, keepStorage: true });
  } finally {
    await browser.close();
  }
}
