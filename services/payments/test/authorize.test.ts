import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@bodega/testing';
import { authorization, CARDS, expectError, metricValue, type PaymentJson } from './support/api.js';
import { startPayments, type PaymentsUnderTest } from './support/payments.js';

const AUTHORIZE = '/internal/payments/authorize';
const OUTCOMES = 'payments_outcomes_total';

describe.each(databaseBackends())('authorizing payments on $name', (backend) => {
  let payments: PaymentsUnderTest;

  const authorize = (body: unknown) => payments.internal('POST', AUTHORIZE, body);
  const byOrder = (orderId: string) => payments.internal('GET', `/internal/payments/by-order/${orderId}`);
  const voidOrder = (orderId: string) =>
    payments.internal('POST', '/internal/payments/void', { order_id: orderId, reason: 'checkout_abandoned' });
  async function rowsOf(orderId: string) {
    return payments.database.query('select * from payments.payments where order_id = $1', [orderId]);
  }

  beforeAll(async () => {
    payments = await startPayments(backend);
  });
  afterAll(async () => {
    await payments.close();
  });

  describe('the test cards', () => {
    it('approves 4242 4242 4242 4242 (201), keeping only the last four digits', async () => {
      const request = authorization();
      const response = await authorize(request);
      expect(response.statusCode, response.body).toBe(201);
      const payment = response.json<PaymentJson>();
      expect(payment).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        order_id: request.order_id,
        customer_id: request.customer_id,
        status: 'authorized',
        amount: { amount: 4999, currency: 'USD' },
        captured: { amount: 0, currency: 'USD' },
        refunded: { amount: 0, currency: 'USD' },
        card_last4: '4242',
        decline_reason: null,
        refunds: [],
        created_at: expect.stringMatching(/Z$/),
        updated_at: payment.created_at,
      });
      const stored = JSON.stringify([
        await rowsOf(request.order_id),
        await payments.eventsOf(request.order_id),
      ]);
      expect(stored).not.toMatch(/4242\s?4242\s?4242/);
      expect((await byOrder(request.order_id)).json()).toEqual(payment);
    });

    it.each([
      ['4000 0000 0000 0002', CARDS.declined, 'card_declined'],
      ['4000 0000 0000 9995', CARDS.insufficientFunds, 'insufficient_funds'],
    ])('declines %s with 402 PAYMENT_DECLINED (%s), and stores the decline', async (_label, card, reason) => {
      const request = authorization(undefined, { card_number: card });
      const declinesBefore = await metricValue(payments.app, OUTCOMES, { status: 'declined', reason });
      const error = expectError(await authorize(request), 402, 'PAYMENT_DECLINED');
      const stored = (await byOrder(request.order_id)).json<PaymentJson>();
      expect(error.details).toEqual({ reason, payment_id: stored.id });
      expect(stored).toMatchObject({
        status: 'declined',
        decline_reason: reason,
        card_last4: card.slice(-4),
      });
      expect(await metricValue(payments.app, OUTCOMES, { status: 'declined', reason })).toBe(
        declinesBefore + 1,
      );
    });

    it('answers the slow card only when the provider does (approved), however long that is', async () => {
      const request = authorization(undefined, { card_number: CARDS.slow });
      const pending = authorize(request);
      await expect.poll(() => payments.gate.waiting(), { timeout: 10_000 }).toBe(1);
      expectError(await byOrder(request.order_id), 404, 'PAYMENT_NOT_FOUND');
      payments.gate.release();
      const response = await pending;
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ status: 'authorized', card_last4: '0259' });
    });

    it('fails the provider-error card with 502 PAYMENT_PROVIDER_ERROR and stores nothing, so a retry is safe', async () => {
      const request = authorization(undefined, { card_number: CARDS.providerError });
      const errorsBefore = await metricValue(payments.app, OUTCOMES, { status: 'provider_error' });
      expectError(await authorize(request), 502, 'PAYMENT_PROVIDER_ERROR');
      expectError(await authorize(request), 502, 'PAYMENT_PROVIDER_ERROR');
      expect(await rowsOf(request.order_id)).toEqual([]);
      expect(await payments.eventsOf(request.order_id)).toEqual([]);
      expect(await metricValue(payments.app, OUTCOMES, { status: 'provider_error' })).toBe(errorsBefore + 2);
      const retried = await authorize({ ...request, card_number: CARDS.approved });
      expect(retried.statusCode).toBe(201);
    });

    it('approves any other Luhn-valid number, dashes and spaces ignored', async () => {
      const response = await authorize(authorization(undefined, { card_number: CARDS.otherValid }));
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().card_last4).toBe('4444');
    });

    it('rejects a number failing the Luhn check with 422 INVALID_CARD_NUMBER, storing nothing', async () => {
      const request = authorization(undefined, { card_number: CARDS.notLuhn });
      const error = expectError(await authorize(request), 422, 'INVALID_CARD_NUMBER');
      expect(error.details).toEqual({ field: 'card_number' });
      expect(await rowsOf(request.order_id)).toEqual([]);
    });
  });

  describe('idempotency by order', () => {
    it('answers a repeat with the stored payment (200), and a repeated decline with the same 402', async () => {
      const request = authorization();
      const first = await authorize(request);
      const second = await authorize(request);
      expect([first.statusCode, second.statusCode]).toEqual([201, 200]);
      expect(second.json()).toEqual(first.json());

      const declined = authorization(undefined, { card_number: CARDS.declined });
      const once = expectError(await authorize(declined), 402, 'PAYMENT_DECLINED');
      const twice = expectError(await authorize(declined), 402, 'PAYMENT_DECLINED');
      expect(twice.details).toEqual(once.details);
      expect(await rowsOf(declined.order_id)).toHaveLength(1);
      expect(await payments.eventsOf(declined.order_id)).toHaveLength(1);
    });

    it('refuses a repeat with another amount, customer or card with 409 PAYMENT_MISMATCH', async () => {
      const request = authorization();
      expect((await authorize(request)).statusCode).toBe(201);
      const amount = expectError(
        await authorize({ ...request, amount: { amount: 5000, currency: 'USD' } }),
        409,
        'PAYMENT_MISMATCH',
      );
      expect(amount.details).toEqual({ fields: ['amount'] });
      expectError(await authorize({ ...request, customer_id: randomUUID() }), 409, 'PAYMENT_MISMATCH');
      expectError(await authorize({ ...request, card_number: CARDS.otherValid }), 409, 'PAYMENT_MISMATCH');
      expect(await rowsOf(request.order_id)).toHaveLength(1);
    });

    it('when 20 calls for one order arrive at once, one payment is made and all get the same answer', async () => {
      const request = authorization();
      const responses = await Promise.all(Array.from({ length: 20 }, () => authorize(request)));
      const statuses = responses.map((response) => response.statusCode).sort((a, b) => a - b);
      expect(statuses).toEqual([...Array<number>(19).fill(200), 201]);
      const bodies = new Set(responses.map((response) => response.body));
      expect(bodies.size).toBe(1);
      expect(await rowsOf(request.order_id)).toHaveLength(1);
      expect((await payments.eventsOf(request.order_id)).map((event) => event.type)).toEqual([
        'payments.payment.authorized',
      ]);
    });

    it('when 20 calls with a declined card arrive at once, one decline is stored and all get the same 402', async () => {
      const request = authorization(undefined, { card_number: CARDS.declined });
      const responses = await Promise.all(Array.from({ length: 20 }, () => authorize(request)));
      const details = responses.map((response) => expectError(response, 402, 'PAYMENT_DECLINED').details);
      expect(new Set(details.map((detail) => JSON.stringify(detail))).size).toBe(1);
      expect(await rowsOf(request.order_id)).toHaveLength(1);
    });
  });

  describe('voids before the authorization', () => {
    it('refuses to authorize an order voided first (409 PAYMENT_VOIDED), without a payment', async () => {
      const request = authorization();
      const voided = await voidOrder(request.order_id);
      expect(voided.statusCode, voided.body).toBe(200);
      expect(voided.json()).toEqual({ order_id: request.order_id, voided: true, payment: null });
      expectError(await authorize(request), 409, 'PAYMENT_VOIDED');
      expectError(await byOrder(request.order_id), 404, 'PAYMENT_NOT_FOUND');
      expect((await voidOrder(request.order_id)).json()).toEqual(voided.json());
    });

    it('refuses an approval that arrives after the order was voided (a caller that timed out)', async () => {
      const request = authorization(undefined, { card_number: CARDS.slow });
      const late = authorize(request);
      await expect.poll(() => payments.gate.waiting(), { timeout: 10_000 }).toBe(1);
      expect((await voidOrder(request.order_id)).json()).toMatchObject({ voided: true, payment: null });
      payments.gate.release();
      expectError(await late, 409, 'PAYMENT_VOIDED');
      expect(await rowsOf(request.order_id)).toEqual([]);
      expect(await payments.eventsOf(request.order_id)).toEqual([]);
    });
  });

  describe('bad input', () => {
    it.each([
      ['a zero amount', { amount: { amount: 0, currency: 'USD' } }],
      ['a negative amount', { amount: { amount: -100, currency: 'USD' } }],
      ['an absurd amount', { amount: { amount: 1e15, currency: 'USD' } }],
    ])('rejects %s with 422 INVALID_AMOUNT', async (_label, override) => {
      const request = authorization(undefined, override);
      expectError(await authorize(request), 422, 'INVALID_AMOUNT');
      expect(await rowsOf(request.order_id)).toEqual([]);
    });

    it.each([
      ['a fractional amount', { amount: { amount: 10.5, currency: 'USD' } }],
      ['an amount as a string', { amount: { amount: '100', currency: 'USD' } }],
      ['a lowercase currency', { amount: { amount: 100, currency: 'usd' } }],
      ['an order id that is no UUID', { order_id: 'order-1' }],
      ['a customer id that is no UUID', { customer_id: "1' or '1'='1" }],
      ['letters in the card number', { card_number: '4242 4242 4242 424x' }],
      ['a card number too short', { card_number: '4242' }],
      ['a missing card number', { card_number: undefined }],
    ])('rejects %s with 400 VALIDATION_ERROR', async (_label, override) => {
      expectError(await authorize(authorization(undefined, override)), 400, 'VALIDATION_ERROR');
    });

    it('rejects malformed JSON with a 400 in the standard body', async () => {
      expectError(await authorize('{"order_id":'), 400, 'MALFORMED_JSON');
    });

    it('answers 400 for a by-order lookup with an id that is no UUID', async () => {
      expectError(await byOrder('not-a-uuid'), 400, 'VALIDATION_ERROR');
    });
  });
});

describe.each(databaseBackends())('shutting payments down on $name', (backend) => {
  it('ends an authorization stalled at the provider as a retryable 502, storing nothing', async () => {
    const payments = await startPayments(backend);
    try {
      const request = authorization(undefined, { card_number: CARDS.slow });
      const stalled = payments.internal('POST', AUTHORIZE, request);
      await expect.poll(() => payments.gate.waiting(), { timeout: 10_000 }).toBe(1);
      await payments.app.close();
      expectError(await stalled, 502, 'PAYMENT_PROVIDER_ERROR');
      const rows = await payments.database.query('select 1 from payments.payments where order_id = $1', [
        request.order_id,
      ]);
      expect(rows).toEqual([]);
    } finally {
      await payments.close();
    }
  });
});
