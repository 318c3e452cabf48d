import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { ServiceApp } from '@bodega/kit';
import { standardError } from '@bodega/testing';

export const API = '/api/v1';

/** The documented test cards (README "Test cards"). */
export const CARDS = {
  approved: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
  slow: '4000 0000 0000 0259',
  providerError: '4000 0000 0000 0119',
  otherValid: '5555-5555-5555-4444',
  notLuhn: '4242 4242 4242 4241',
} as const;

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

/** Reads a Prometheus counter from the /metrics text; `labels` must all appear on the line. */
export async function metricValue(app: ServiceApp, name: string, labels: Record<string, string> = {}) {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        (candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`)) &&
        wanted.every((label) => candidate.includes(label)),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** A valid authorization request for a new order; `overrides` replace fields. */
export function authorization(customerId: string = randomUUID(), overrides: Record<string, unknown> = {}) {
  return {
    order_id: randomUUID(),
    customer_id: customerId,
    amount: { amount: 4_999, currency: 'USD' },
    card_number: CARDS.approved,
    ...overrides,
  };
}

/** A payment as the API answers it: the contracts' shape, not a copy of it. */
export type { Payment as PaymentJson } from '@bodega/contracts';
