import { expect, vi } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { validateEvent, type EventEnvelope, type Payment } from '@bodega/contracts';
import { newId } from '@bodega/db';
import type { Database } from '@bodega/db';
import type { ServiceApp } from '@bodega/kit';
import { uniqueSuffix } from '@bodega/testing';
import { cards } from './fake-payments.js';
import { call, expectError, type Call } from '@bodega/testing';

export const API = '/api/v1';

export { call, expectError, type Call };

/** A fresh Idempotency-Key. */
export const newKey = () => `key-${uniqueSuffix()}`;

/** POST /orders as `token`, with a fresh key unless given. */
export function placeOrder(
  app: ServiceApp,
  token: string,
  body: Record<string, unknown>,
  key: string = newKey(),
): Promise<LightMyRequestResponse> {
  return call(app, {
    method: 'POST',
    url: `${API}/orders`,
    token,
    body: { payment: { card_number: cards.approved }, ...body },
    headers: { 'idempotency-key': key },
  });
}

/** The outbox envelopes about one order, oldest first. */
export async function orderEvents(database: Database, orderId: string): Promise<EventEnvelope[]> {
  const rows = await database.query<{ envelope: EventEnvelope }>(
    `select envelope from orders.outbox where envelope->'data'->>'order_id' = $1 order by created_at, id`,
    [orderId],
  );
  return rows.map((row) => row.envelope);
}

/** Asserts every envelope is valid against its registered contract. */
export function expectValidEvents(events: EventEnvelope[]): void {
  for (const event of events) {
    const validation = validateEvent(event);
    expect(validation.ok, JSON.stringify(validation)).toBe(true);
  }
}

/** Waits (polling, with a deadline) until `check` passes. */
export async function eventually(check: () => Promise<void> | void): Promise<void> {
  await vi.waitFor(check, { timeout: 10_000, interval: 20 });
}

/**
 * The `payments.payment.refunded` event payments publishes for `payment` once its refunds total
 * `refunded` (minor units), the last one being `amount`.
 */
export function paymentRefunded(
  payment: Payment,
  status: 'refunded' | 'partially_refunded',
  amount: number,
  refunded: number,
): EventEnvelope {
  const id = newId();
  const at = new Date().toISOString();
  return {
    id,
    type: 'payments.payment.refunded',
    version: 1,
    occurred_at: at,
    source: 'payments',
    data: {
      event_id: id,
      occurred_at: at,
      payment_id: payment.id,
      order_id: payment.order_id,
      customer_id: payment.customer_id,
      status,
      amount: { amount, currency: payment.amount.currency },
      refunded: { amount: refunded, currency: payment.amount.currency },
      decline_reason: null,
    },
  };
}
