import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { ServiceApp } from '@bodega/kit';
import { standardError, uniqueSuffix } from '@bodega/testing';

export const API = '/api/v1';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Call {
  method: Method;
  url: string;
  body?: unknown;
  token?: string | undefined;
  headers?: Record<string, string>;
}

/** One request to the app, the way a client sends it (JSON body, bearer token). */
export function call(
  app: ServiceApp,
  { method, url, body, token, headers = {} }: Call,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** Asserts the standard error body (ARCHITECTURE "Errors") with this status and code; returns it. */
export function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expect(body).toEqual(standardError(code));
  return body.error as { code: string; message: string; details: Record<string, unknown> };
}

/** A valid POST /products body, unique per call; `overrides` replace fields. */
export function productInput(category: string, overrides: Record<string, unknown> = {}) {
  const suffix = uniqueSuffix();
  return {
    name: `Test Product ${suffix}`,
    slug: `test-product-${suffix}`,
    description: 'A product made for a test.',
    category,
    sku: `TST-${suffix}`.toUpperCase(),
    price: { amount: 1999, currency: 'USD' },
    stock_qty: 10,
    images: ['https://images.bodega.dev/products/test.jpg'],
    attributes: { color: 'red', weight_g: 250, fragile: false },
    ...overrides,
  };
}

export interface ProductJson {
  id: string;
  slug: string;
  name: string;
  description: string;
  category: string;
  sku: string;
  price: { amount: number; currency: string };
  stock_qty: number;
  images: string[];
  attributes: Record<string, unknown>;
  active: boolean;
  rating: { average: number; count: number };
  created_at: string;
  updated_at: string;
}

/** Reads a Prometheus counter from the /metrics text. */
export async function metricValue(app: ServiceApp, name: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  // With or without labels (the kit labels every metric with its service).
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
