import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ServiceApp } from '@bodega/kit';
import { standardError } from '@bodega/testing';

export const API = '/api/v1';

/** `GET path?query` as a client sends it. */
export function get(
  app: ServiceApp,
  route: string,
  query: Record<string, string | number | undefined> = {},
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

/** `GET` that must answer 200; resolves to the body. */
export async function report<T>(
  app: ServiceApp,
  route: string,
  query: Record<string, string | number | undefined>,
  token: string,
): Promise<T> {
  const response = await get(app, route, query, token);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** `POST /events` with a JSON body (a string is sent as is). */
export function sendBeacons(
  app: ServiceApp,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `${API}/events`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Asserts the standard error body with this status and code; returns its `error`. */
export function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expect(body).toEqual(standardError(code));
  return body.error as { code: string; message: string; details: Record<string, unknown> };
}

/** Reads a Prometheus series from /metrics: the sum of every line of `name` matching `labels`. */
export async function metricValue(
  app: ServiceApp,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
