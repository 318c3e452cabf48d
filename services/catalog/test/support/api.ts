import { expect } from 'vitest';
import type { ServiceApp } from '@bodega/kit';
import { uniqueSuffix } from '@bodega/testing';
import { call, expectError, type Call } from '@bodega/testing';

export const API = '/api/v1';

export { call, expectError, type Call };

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

/** A category made by `token` (a manager's) for one test file: a slug of its own, `<label>-<suffix>`. */
export async function createCategory(
  app: ServiceApp,
  token: string,
  label: string,
  name: string,
): Promise<string> {
  const slug = `${label}-${uniqueSuffix()}`;
  const response = await call(app, { method: 'POST', url: `${API}/categories`, token, body: { slug, name } });
  expect(response.statusCode, response.body).toBe(201);
  return slug;
}
