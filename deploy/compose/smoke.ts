/**
 * `make test-local`: a short shopper journey through the gateway of a running stack. Each step prints
 * its latency; the first failure ends the run with exit code 1.
 *
 *   node --import tsx deploy/compose/smoke.ts [--url http://127.0.0.1:8080]
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface StepResult {
  step: string;
  ok: boolean;
  ms: number;
  detail?: string;
}

type Json = Record<string, unknown>;

async function call(
  base: string,
  method: string,
  route: string,
  body?: Json,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(new URL(route, base), {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/** The journey: every service up, products listed, a search answered, a shopper signs up and in. */
export async function smoke(base: string): Promise<StepResult[]> {
  const email = `smoke.${randomUUID()}@example.com`;
  const password = `smoke ${randomUUID()}`;
  const steps: [string, () => Promise<string | undefined>][] = [
    [
      'every service is up',
      async () => {
        const { status, body } = await call(base, 'GET', '/api/v1/status');
        return status === 200 && body.status === 'ok'
          ? undefined
          : `status ${status}: ${JSON.stringify(body)}`;
      },
    ],
    [
      'products are listed',
      async () => {
        const { status, body } = await call(base, 'GET', '/api/v1/products?limit=5');
        return status === 200 && Array.isArray(body.items) ? undefined : `status ${status}`;
      },
    ],
    [
      'search answers',
      async () => {
        const { status, body } = await call(base, 'GET', '/api/v1/search?q=a&limit=5');
        return status === 200 && Array.isArray(body.items) ? undefined : `status ${status}`;
      },
    ],
    [
      'a shopper signs up',
      async () => {
        const { status } = await call(base, 'POST', '/api/v1/auth/register', {
          email,
          password,
          name: 'Smoke',
        });
        return status === 201 ? undefined : `status ${status}`;
      },
    ],
    [
      'the shopper signs in',
      async () => {
        const { status, body } = await call(base, 'POST', '/api/v1/auth/login', { email, password });
        return status === 200 && typeof body.access_token === 'string' ? undefined : `status ${status}`;
      },
    ],
  ];
  const results: StepResult[] = [];
  for (const [step, run] of steps) {
    const started = performance.now();
    const detail = await run().catch((error: unknown) => String(error));
    const ms = Math.round(performance.now() - started);
    results.push({ step, ok: detail === undefined, ms, ...(detail === undefined ? {} : { detail }) });
    if (detail !== undefined) break;
  }
  return results;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string', default: 'http://127.0.0.1:8080' } } });
  const results = await smoke(values.url);
  for (const result of results) {
    process.stdout.write(
      `${result.ok ? 'ok  ' : 'FAIL'} ${result.step.padEnd(24)} ${String(result.ms).padStart(5)} ms${result.detail ? `  ${result.detail}` : ''}\n`,
    );
  }
  process.exitCode = results.every((result) => result.ok) ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
