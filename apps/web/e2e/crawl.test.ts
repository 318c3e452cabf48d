/**
 * The app as a person finds it: a crawler clicks its way from the home page (as a visitor) and from
 * /admin (as the bootstrap admin) through every link and every menu it can open, and on every page it
 * reaches checks the console, the network, the URL, the heading and axe-core's serious and critical
 * accessibility rules. Only the entry pages are opened by URL. See crawler.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../../../tests/support/platform.js';
import { crawl, routePattern, urlProblems, watch, withAxe, type CrawlReport } from './crawler.js';
import { browserAvailable, customer, openShop, password, screenshot, type Shop } from './support.js';

/** What a failure shows: each finding with the clicks that led to it. */
const findings = (report: CrawlReport) =>
  report.findings.map((finding) => `${finding.url} (via ${finding.via.join(' > ')}): ${finding.problem}`);

describe("the crawler's URL rules", () => {
  it('treats product pages, ids and query values as one route each', () => {
    const at = (path: string) => routePattern(new URL(path, 'http://shop.test'));
    expect(at('/p/blue-mug')).toBe(at('/p/red-lamp'));
    expect(at('/orders/0190a6f4-8b2d-7c4e-a1f0-5d6e7f8a9b0c')).toBe('/orders/:id');
    expect(at('/products?category=mugs')).toBe(at('/products?category=lamps'));
    expect(at('/products')).not.toBe(at('/products?category=mugs'));
  });

  it('finds the admin link loop and over-long paths', () => {
    const problems = (path: string) => urlProblems(new URL(path, 'http://shop.test'));
    expect(problems('/admin/products/orders/products')).toEqual(['path repeats products: a link loop']);
    expect(problems(`/p/${'a'.repeat(130)}`)[0]).toMatch(/^path of 133 characters/);
    expect(problems('/admin/orders')).toEqual([]);
  });
});

describe.runIf(browserAvailable())('every page a person can click to', { timeout: 240_000 }, () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await openShop();
  }, 120_000);
  afterAll(async () => {
    await shop.close();
  });

  async function browser() {
    const context = await shop.browser.newContext({
      baseURL: shop.url,
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(10_000);
    await withAxe(context);
    const watcher = watch(context);
    const page = await context.newPage();
    return { context, page, watcher };
  }

  it('from the home page, as a visitor', async () => {
    const { context, page, watcher } = await browser();
    await page.goto('/');
    const report = await crawl(page, watcher, { maxPages: 40 });
    if (report.findings.length > 0) await screenshot(page, 'failure-crawl-storefront').catch(() => {});
    console.info(
      `[crawl] storefront: ${report.pages.length} pages, ${new Set(report.patterns).size} routes, ${report.opened} menus and disclosures opened`,
    );
    expect(findings(report)).toEqual([]);
    expect(report.patterns).toEqual(
      expect.arrayContaining(['/', '/products', '/products?category', '/p/:slug', '/cart', '/sign-in']),
    );
    await context.close();
  });

  /** Signs in from the /admin entry page (the guard sends to sign-in, then back) and crawls. */
  async function crawlAdmin(email: string, secret: string, name: string) {
    const { context, page, watcher } = await browser();
    await page.goto('/admin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/products');
    const report = await crawl(page, watcher, { maxPages: 40, skipItems: /^Sign out$/ });
    // A page in a redirect loop never holds still for a screenshot.
    if (report.findings.length > 0) await screenshot(page, `failure-crawl-${name}`).catch(() => {});
    console.info(
      `[crawl] ${name}: ${report.pages.length} pages, ${new Set(report.patterns).size} routes, ${report.opened} menus and disclosures opened`,
    );
    await context.close();
    return report;
  }

  it('from /admin, signed in as the bootstrap admin', async () => {
    const report = await crawlAdmin(admin.email, admin.password, 'admin');
    expect(findings(report)).toEqual([]);
    expect(report.patterns).toEqual(
      expect.arrayContaining(
        ['products', 'orders', 'reviews', 'users', 'analytics', 'operations'].map(
          (section) => `/admin/${section}`,
        ),
      ),
    );
  });

  it('from /admin, signed in as a manager (no users page)', async () => {
    const manager = await customer(shop, 'Margaret Manager');
    await shop.staff.patch('/api/v1/users/{id}', {
      params: { path: { id: manager.api.session!.user.id } },
      body: { role: 'manager' },
    });
    const report = await crawlAdmin(manager.email, password, 'manager');
    expect(findings(report)).toEqual([]);
    expect(report.patterns).toEqual(expect.arrayContaining(['/admin/orders', '/admin/analytics']));
    expect(report.patterns).not.toContain('/admin/users');
  });
});
