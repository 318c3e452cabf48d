import { randomUUID } from 'node:crypto';
import { ApiError, createBodegaClient, type BodegaClient } from '@bodega/client';

/**
 * `bodega probe`: synthetic monitoring. A short shopper journey through the public API, each step timed
 * and checked, for a cron job or a Kubernetes CronJob: the exit code says whether a shopper could shop.
 * Steps that need an earlier step's result are skipped once it failed, so one outage reads as one
 * failure and the steps it made impossible, not as a wall of unrelated errors.
 */
export interface ProbeOptions {
  /** The gateway: `https://shop.example`. */
  baseUrl: string;
  /** A dedicated probe account; without one, each run registers a throwaway customer. */
  email?: string;
  password?: string;
  /** Also check out with the approving test card: places a real (simulated-payment) order. */
  checkout?: boolean;
  /** Per-step time limit. */
  timeoutMs?: number;
  fetch?: (request: Request) => Promise<Response>;
}

export interface ProbeStep {
  name: string;
  outcome: 'ok' | 'failed' | 'skipped';
  ms: number;
  /** What failed (an error code and message), or what was checked. */
  detail?: string;
}

export interface ProbeReport {
  ok: boolean;
  steps: ProbeStep[];
  total_ms: number;
}

interface Product {
  id: string;
  name: string;
}

class Skipped extends Error {}

/** The approving test card of the simulated provider (services/payments/README.md). */
const approvingCard = '4242 4242 4242 4242';

export async function probe(options: ProbeOptions): Promise<ProbeReport> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const baseFetch = options.fetch ?? ((request: Request) => fetch(request));
  const bodega: BodegaClient = createBodegaClient({
    baseUrl: options.baseUrl,
    fetch: (request) => baseFetch(new Request(request, { signal: AbortSignal.timeout(timeoutMs) })),
  });
  const steps: ProbeStep[] = [];
  const started = performance.now();

  async function step<T>(
    name: string,
    run: () => Promise<T>,
    check?: (value: T) => string,
  ): Promise<T | undefined> {
    const at = performance.now();
    try {
      const value = await run();
      steps.push({ name, outcome: 'ok', ms: performance.now() - at, detail: check?.(value) });
      return value;
    } catch (error) {
      const ms = performance.now() - at;
      if (error instanceof Skipped) steps.push({ name, outcome: 'skipped', ms: 0, detail: error.message });
      else steps.push({ name, outcome: 'failed', ms, detail: describe(error) });
      return undefined;
    }
  }
  const needs = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Skipped(`needs ${what}`);
    return value;
  };

  await step('status', async () => {
    const report = await bodega.get('/api/v1/status');
    if (report.status !== 'ok') throw new Error(`platform reports ${report.status}`);
    return report;
  });
  const product = await step(
    'browse',
    async () => {
      const page = await bodega.get('/api/v1/products', { params: { query: { in_stock: true, limit: 5 } } });
      const first = page.items[0] as Product | undefined;
      if (!first) throw new Error('no product in stock');
      return first;
    },
    (first) => first.name,
  );
  await step('product', async () => {
    const { id } = needs(product, 'a product');
    return bodega.get('/api/v1/products/{id}', { params: { path: { id } } });
  });
  await step('search', async () => {
    const { id, name } = needs(product, 'a product');
    const page = await bodega.get('/api/v1/search', { params: { query: { q: name, limit: 20 } } });
    if (!page.items.some((item) => item.id === id)) throw new Error(`"${name}" not found by search`);
    return page;
  });
  const signedIn = await step('sign in', async () => {
    const email = options.email ?? `probe-${randomUUID()}@example.com`;
    const password = options.password ?? randomUUID();
    if (options.email === undefined) await bodega.register({ email, password, name: 'Bodega probe' });
    return bodega.login({ email, password });
  });
  await step('account', async () => {
    needs(signedIn, 'a session');
    return bodega.get('/api/v1/me');
  });
  const inCart = await step('add to cart', async () => {
    needs(signedIn, 'a session');
    const { id } = needs(product, 'a product');
    return bodega.post('/api/v1/cart/items', { body: { product_id: id, quantity: 1 } });
  });
  await step('quote', async () => {
    const { id } = needs(product, 'a product');
    return bodega.post('/api/v1/pricing/quote', { body: { items: [{ product_id: id, quantity: 1 }] } });
  });
  if (options.checkout) {
    await step(
      'checkout',
      async () => {
        needs(inCart, 'a cart');
        const order = await bodega.checkout({ payment: { card_number: approvingCard } });
        if (order.status !== 'paid') throw new Error(`order ${order.id} is ${order.status}`);
        return order;
      },
      (order) => order.id,
    );
  } else {
    // The probe leaves nothing behind but its account: the line it added goes again.
    await step('empty cart', async () => {
      needs(inCart, 'a cart');
      const { id } = needs(product, 'a product');
      return bodega.delete('/api/v1/cart/items/{product_id}', { params: { path: { product_id: id } } });
    });
  }
  if (signedIn) await step('sign out', () => bodega.logout());

  return {
    ok: steps.every((each) => each.outcome === 'ok'),
    steps,
    total_ms: performance.now() - started,
  };
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.status} ${error.code}: ${error.message}`;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  if (error instanceof TypeError && error.cause instanceof Error) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** The report for people: one line per step. */
export function formatProbeReport(report: ProbeReport, baseUrl: string): string {
  const lines = report.steps.map(
    (each) =>
      `${each.outcome.padEnd(7)} ${each.name.padEnd(12)} ${each.outcome === 'skipped' ? '      -' : `${each.ms.toFixed(0).padStart(5)} ms`}` +
      (each.detail ? `  ${each.detail}` : ''),
  );
  const verdict = report.ok ? 'ok' : 'FAILED';
  return [`probe ${baseUrl}: ${verdict} in ${report.total_ms.toFixed(0)} ms`, ...lines].join('\n');
}
