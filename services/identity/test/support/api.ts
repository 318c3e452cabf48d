import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ServiceApp } from '@bodega/kit';
import { call, expectError, type Call } from '@bodega/testing';

export const API = '/api/v1';
export const PASSWORD = 'correct horse battery';

export { call, expectError, type Call };

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
