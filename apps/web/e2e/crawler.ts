/**
 * A crawler that reaches pages the way a person does: from one entry page it clicks every same-origin
 * link and every item of every menu it can open, depth first, and comes back with the browser's Back
 * button. It never types a URL after the entry. On every page it reaches it checks what a person would
 * notice (see `Finding`), and it stays bounded: each route pattern (product pages are one pattern) is
 * opened once, and at most `maxPages` pages in all.
 */
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** The longest path a person would type or read out. */
export const MAX_PATH_LENGTH = 120;

export interface Finding {
  /** The URL the page had when it was found wanting (path and query). */
  url: string;
  /** How the crawler got there: the clicks from the entry page. */
  via: string[];
  problem: string;
}

export interface CrawlReport {
  /** Pages checked, in the order they were reached (path and query). */
  pages: string[];
  /** Distinct route patterns checked. */
  patterns: string[];
  /** Menus and disclosures opened. */
  opened: number;
  findings: Finding[];
}

export interface CrawlOptions {
  maxPages: number;
  /** Menu items never chosen (they end the session the crawl runs in). */
  skipItems?: RegExp;
}

/** A way off the current page: a link by its URL, or an item of a menu opened by its trigger. */
type Move =
  | { kind: 'link'; href: string; label: string }
  | { kind: 'item'; trigger: string; item: string; label: string };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The route a URL is an instance of: ids and product slugs become parameters, and query strings keep
 * their keys only (`/products?category=mugs` and `?category=lamps` are one page to check).
 */
export function routePattern(url: URL): string {
  const segments = url.pathname.split('/').map((segment, index, all) => {
    if (uuid.test(segment)) return ':id';
    if (index === 2 && all[1] === 'p') return ':slug';
    return segment;
  });
  const keys = [...new Set(url.searchParams.keys())].sort();
  return segments.join('/') + (keys.length > 0 ? `?${keys.join('&')}` : '');
}

/** What is wrong with a URL a person would see: too long, or a path that repeats itself. */
export function urlProblems(url: URL): string[] {
  const problems: string[] = [];
  if (url.pathname.length > MAX_PATH_LENGTH)
    problems.push(`path of ${url.pathname.length} characters (at most ${MAX_PATH_LENGTH})`);
  const segments = url.pathname.split('/').filter(Boolean);
  const repeated = segments.filter((segment, index) => segments.indexOf(segment) !== index);
  if (repeated.length > 0) problems.push(`path repeats ${[...new Set(repeated)].join(', ')}: a link loop`);
  return problems;
}

/**
 * Watches a context for what a person's browser would show as broken: console errors, uncaught
 * exceptions, requests that fail or answer 4xx/5xx. `allowed` names the requests provoked on purpose.
 */
export function watch(context: BrowserContext, allowed: (url: URL, status: number) => boolean = () => false) {
  const problems: string[] = [];
  const attach = (page: Page) => {
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('requestfailed', (request) => {
      // A request the page gave up on as it moved on (a query of the page left) is not a failure.
      if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
      problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400 && !allowed(url, response.status()))
        problems.push(
          `${response.status()} from ${response.request().method()} ${url.pathname}${url.search}`,
        );
    });
  };
  context.pages().forEach(attach);
  context.on('page', attach);
  return {
    /** Everything seen since the last call. */
    take(): string[] {
      return problems.splice(0);
    },
  };
}

/** Makes axe-core part of every document the context opens, before the page's own scripts. */
export async function withAxe(context: BrowserContext): Promise<void> {
  // An init script is injected by the browser itself, so the app's CSP (script-src 'self', which a
  // script tag's inline text would break) stays in force for everything else.
  await context.addInitScript({ content: axeSource });
}

/** Crawls from the page as it is now (an entry page the test opened). */
export async function crawl(
  page: Page,
  watcher: ReturnType<typeof watch>,
  options: CrawlOptions,
): Promise<CrawlReport> {
  const origin = new URL(page.url()).origin;
  const seen = new Set<string>();
  const report: CrawlReport = { pages: [], patterns: [], opened: 0, findings: [] };
  const here = () => {
    const url = new URL(page.url());
    return url.pathname + url.search;
  };

  const check = async (via: string[]) => {
    const url = new URL(page.url());
    const at = url.pathname + url.search;
    const found = (problem: string) => report.findings.push({ url: at, via, problem });
    for (const problem of urlProblems(url)) found(problem);
    const heading = page.locator('h1').first();
    await heading.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => found('no visible h1'));
    const problems = new Set(await axeProblems(page));
    const { moves, opened, problems: more } = await movesOf(page, origin, options);
    for (const problem of more) problems.add(problem);
    for (const problem of problems) found(problem);
    report.opened += opened;
    for (const problem of watcher.take()) found(problem);
    return moves;
  };

  const visit = async (via: string[]): Promise<void> => {
    // Where the page settles, after any redirect (a guard sending to sign-in, /admin to its first section).
    await settle(page);
    const pattern = routePattern(new URL(page.url()));
    seen.add(pattern);
    report.pages.push(here());
    report.patterns.push(pattern);
    const moves = await check(via);
    for (const move of moves) {
      if (report.pages.length >= options.maxPages) return;
      if (move.kind === 'link' && seen.has(routePattern(new URL(move.href)))) continue;
      const from = here();
      if (!(await take(page, move))) continue;
      const next = [...via, move.label];
      await page.waitForURL((url) => url.pathname + url.search !== from, { timeout: 5_000 }).catch(() => {});
      await settle(page);
      const arrived = new URL(page.url());
      if (arrived.pathname + arrived.search === from) continue;
      if (!seen.has(routePattern(arrived))) await visit(next);
      else {
        // Checked already under this pattern, but the URL itself may still be one nobody should see.
        for (const problem of urlProblems(arrived))
          report.findings.push({ url: arrived.pathname + arrived.search, via: next, problem });
        for (const problem of watcher.take())
          report.findings.push({ url: arrived.pathname + arrived.search, via: next, problem });
      }
      await back(page, from);
      // Back did not lead back: this page's other moves are out of reach, and the report says why.
      if (here() !== from) {
        report.findings.push({ url: here(), via: next, problem: `Back did not return to ${from}` });
        return;
      }
      await settle(page);
    }
  };

  await visit(['(entry)']);
  return report;
}

/**
 * Back to `from`, as a person presses Back until the page they left shows again: a guard that sent
 * them round to the page they were on (a signed-out visitor's "Orders" on the sign-in page) leaves an
 * entry of that page behind, so one press may show the same page.
 */
async function back(page: Page, from: string): Promise<void> {
  for (let press = 0; press < 3; press += 1) {
    const before = page.url();
    await page.goBack().catch(() => null);
    await page.waitForURL((url) => url.pathname + url.search === from, { timeout: 3_000 }).catch(() => {});
    const now = new URL(page.url());
    if (now.pathname + now.search === from || page.url() !== before) return;
  }
}

/** Waits until the page shows content: its data loaded (no busy region), fonts and images settled. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load').catch(() => {});
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 5_000 })
    .catch(() => {});
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** The page's serious and critical accessibility violations, as axe-core sees them. */
async function axeProblems(page: Page): Promise<string[]> {
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (violations as AxeViolation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `axe ${violation.impact} ${violation.id} (${violation.help}): ${violation.nodes
          .slice(0, 3)
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    );
}

/** Accessible name of an element, as a locator would match it. */
async function nameOf(page: Page, selector: string, index: number): Promise<string> {
  return page
    .locator(selector)
    .nth(index)
    .evaluate((element) => {
      const label = element.getAttribute('aria-label');
      return (label ?? element.textContent).trim().replace(/\s+/g, ' ');
    });
}

const menus = 'button[aria-haspopup="menu"]:visible';
const disclosures =
  'details:not([open]) > summary:visible, button[aria-expanded="false"]:not([aria-haspopup]):visible';
/** Disclosures opened per page at most (a list of a hundred traces needs no hundred looks). */
const MAX_DISCLOSURES = 10;

/**
 * Every way off this page: its visible same-origin links, then the links inside every disclosure it
 * can open (left open, and axe looks at the page again with them open) and the items of every menu
 * (each opened, read and closed again).
 */
async function movesOf(page: Page, origin: string, options: CrawlOptions) {
  const moves: Move[] = [];
  const problems: string[] = [];
  const links = async () =>
    page.locator('a[href]:visible').evaluateAll(
      (anchors, origin) =>
        anchors
          .map((anchor) => ({
            href: (anchor as HTMLAnchorElement).href,
            label: (anchor.getAttribute('aria-label') ?? anchor.textContent).trim().replace(/\s+/g, ' '),
          }))
          .filter(({ href }) => {
            const url = new URL(href);
            // Same page anchors (the skip link, "see the reviews") move nowhere.
            return url.origin === origin && !(url.pathname === location.pathname && url.hash);
          }),
      origin,
    );

  let opened = 0;
  let disclosed = 0;
  while (disclosed < MAX_DISCLOSURES && (await page.locator(disclosures).count()) > 0) {
    await page.locator(disclosures).first().click();
    disclosed += 1;
  }
  opened += disclosed;
  if (disclosed > 0) problems.push(...(await axeProblems(page)));
  for (const link of await links()) moves.push({ kind: 'link', ...link });

  const count = await page.locator(menus).count();
  for (let index = 0; index < count; index += 1) {
    const trigger = await nameOf(page, menus, index);
    await page.locator(menus).nth(index).click();
    opened += 1;
    const menu = page.getByRole('menu');
    await menu.waitFor({ timeout: 3_000 }).catch(() => {});
    problems.push(...(await axeProblems(page)));
    for (const raw of await menu.getByRole('menuitem').allTextContents()) {
      const item = raw.trim();
      if (options.skipItems?.test(item)) continue;
      moves.push({ kind: 'item', trigger, item, label: `${trigger} > ${item}` });
    }
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached', timeout: 3_000 }).catch(() => {});
  }
  const unique = new Map(moves.map((move) => [move.kind === 'link' ? move.href : move.label, move]));
  return { moves: [...unique.values()], opened, problems };
}

/** Makes one move by clicking; false when the way is gone (the page changed since it was read). */
async function take(page: Page, move: Move): Promise<boolean> {
  try {
    if (move.kind === 'link') {
      const url = new URL(move.href);
      const link = page.locator(
        `a[href="${url.pathname}${url.search}"]:visible, a[href="${move.href}"]:visible`,
      );
      if ((await link.count()) === 0) return false;
      await link.first().click();
      return true;
    }
    const trigger = page.getByRole('button', { name: move.trigger, exact: true });
    await trigger.click();
    await page.getByRole('menuitem', { name: move.item, exact: true }).click();
    return true;
  } catch {
    return false;
  }
}
