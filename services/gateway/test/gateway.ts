import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startService, type ServiceContext } from '@bodega/kit';
import { standardError, testServiceKeys, uniqueSuffix } from '@bodega/testing';
import { gateway, type GatewayConfig } from '../src/index.js';

export interface TestGateway {
  url: string;
  /** The operator port: metrics, `/internal/ops/*`, probes. */
  opsUrl: string;
  /** What the gateway was built with, to reach its revocation list as identity would. */
  context: ServiceContext<GatewayConfig>;
  close(): Promise<void>;
}

/**
 * Starts the real gateway on a free port. With REDIS_URL set (CI) its rate limits and revocations live in
 * the real Redis, under a namespace of this run's own.
 */
export async function startGateway(env: Record<string, string>): Promise<TestGateway> {
  let captured: ServiceContext<GatewayConfig> | undefined;
  const running = await startService(
    {
      ...gateway,
      build: (context) => {
        captured = context;
        return gateway.build(context);
      },
    },
    {
      env: {
        PORT: '0',
        OPS_PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        BODEGA_DATA_DIR: path.join(os.tmpdir(), `bodega-gateway-${uniqueSuffix()}`),
        ...testServiceKeys().env('gateway'),
        RATE_LIMIT_NAMESPACE: `test:gateway:${uniqueSuffix()}:`,
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
        ...env,
      },
    },
  );
  return { url: running.url, opsUrl: running.opsUrl!, context: captured!, close: () => running.close() };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads whatever JSON came back
  json(): any;
  /** How long the answer took, in ms. */
  ms: number;
}

/** A raw HTTP request (node:http lets a test send any header, hop-by-hop ones included). */
export function send(
  base: string,
  options: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: string | Buffer },
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    // The path goes out as written: a URL object would resolve `..` before the gateway sees it.
    const outgoing = httpRequest(
      {
        hostname,
        port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            json: () => JSON.parse(body.toString('utf8')),
            ms: performance.now() - started,
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** Asserts the standard error body (ARCHITECTURE "Errors") with `code`. */
export function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = answer.json();
  expect(body).toEqual(standardError(code));
  expect(body.error.request_id).toBe(answer.headers['x-request-id']);
}
