import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { ServiceApp } from '@bodega/kit';
import { standardError } from '@bodega/testing';

export const API = '/api/v1';
export const PASSWORD = 'correct horse battery';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Call {
  method: Method;
  url: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
}

/** One request to the app, the way a client sends it (JSON body, bearer token). */
export function call(
  app: ServiceApp,
  { method, url, body, token, headers = {}, cookies }: Call,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    ...(cookies === undefined ? {} : { cookies }),
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** Asserts the standard error body (ARCHITECTURE "Errors") with this status and code; returns it. */
export function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expect(body).toEqual(standardError(code));
  expect(body.error.request_id).toBe(response.headers['x-request-id']);
  return body.error as { code: string; message: string; details: Record<string, unknown> };
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID()}@example.com`;
}

export interface SignedIn {
  id: string;
  email: string;
  access_token: string;
  refresh_token: string;
}

export async function registerUser(
  app: ServiceApp,
  email = uniqueEmail(),
  password = PASSWORD,
  name?: string,
) {
  const response = await call(app, {
    method: 'POST',
    url: `${API}/auth/register`,
    body: { email, password, ...(name ? { name } : {}) },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; email: string; role: string }>();
}

export async function login(app: ServiceApp, email: string, password = PASSWORD): Promise<SignedIn> {
  const response = await call(app, { method: 'POST', url: `${API}/auth/login`, body: { email, password } });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json<{ access_token: string; refresh_token: string; user: { id: string } }>();
  return { id: body.user.id, email, access_token: body.access_token, refresh_token: body.refresh_token };
}

/** A new customer, signed in. */
export async function signedInCustomer(app: ServiceApp, label = 'customer'): Promise<SignedIn> {
  const email = uniqueEmail(label);
  await registerUser(app, email);
  return login(app, email);
}

export function refreshWith(app: ServiceApp, refreshToken: string) {
  return call(app, { method: 'POST', url: `${API}/auth/refresh`, body: { refresh_token: refreshToken } });
}

export function me(app: ServiceApp, token: string) {
  return call(app, { method: 'GET', url: `${API}/me`, token });
}
