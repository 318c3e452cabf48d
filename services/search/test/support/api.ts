import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { SearchHit, SearchResults } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import { standardError } from '@bodega/testing';

export const API = '/api/v1';

/** `GET path?query` as a client sends it; values are encoded, arrays repeat the key. */
export function get(
  app: ServiceApp,
  route: string,
  query: Record<string, string | number | boolean | undefined> = {},
  token?: string,
): Promise<LightMyRequestResponse> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.append(key, String(value));
  const qs = params.toString();
  return app.inject({
    method: 'GET',
    url: `${API}${route}${qs ? `?${qs}` : ''}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

export async function searchFor(
  app: ServiceApp,
  query: Record<string, string | number | boolean | undefined>,
): Promise<SearchResults> {
  const response = await get(app, '/search', query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SearchResults>();
}

export function ids(items: SearchHit[]): string[] {
  return items.map((item) => item.id);
}

/** Asserts the standard error body with this status and code. */
export function expectError(response: LightMyRequestResponse, status: number, code: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json()).toEqual(standardError(code));
}
