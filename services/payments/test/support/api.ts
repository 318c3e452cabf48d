import { randomUUID } from 'node:crypto';
import type { ServiceApp } from '@bodega/kit';
import { call, expectError, type Call } from '@bodega/testing';

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

export { call, expectError, type Call };

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
