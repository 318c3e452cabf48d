import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@bodega/testing';
import { authorization, CARDS, expectError, metricValue, type PaymentJson } from './support/api.js';
import { startPayments, type PaymentsUnderTest } from './support/payments.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe.each(databaseBackends())('capture, void and refund on $name', (backend) => {
  let payments: PaymentsUnderTest;

  const capture = (id: string, body?: unknown) =>
    payments.internal('POST', `/internal/payments/${id}/capture`, body);
  const voidOrder = (orderId: string) =>
    payments.internal('POST', '/internal/payments/void', { order_id: orderId });
  const refund = (body: Record<string, unknown>) =>
    payments.internal('POST', '/internal/payments/refund', body);
  async function authorized(card: string = CARDS.approved, amount = 5_000) {
    const request = authorization(undefined, { card_number: card, amount: usd(amount) });
    const response = await payments.internal('POST', '/internal/payments/authorize', request);
    if (card === CARDS.approved) expect(response.statusCode, response.body).toBe(201);
    return { request, payment: response.json<PaymentJson>() };
  }
  async function captured(amount = 5_000) {
    const { request, payment } = await authorized(CARDS.approved, amount);
    expect((await capture(payment.id)).statusCode).toBe(200);
    return { orderId: request.order_id, paymentId: payment.id };
  }
  async function declined() {
    const { request } = await authorized(CARDS.declined);
    const response = await payments.internal('GET', `/internal/payments/by-order/${request.order_id}`);
    return response.json<PaymentJson>();
  }

  beforeAll(async () => {
    payments = await startPayments(backend);
  });
  afterAll(async () => {
    await payments.close();
  });

  describe('capture', () => {
    it('captures the whole authorized amount, and answers a second capture with the same payment', async () => {
      const { payment } = await authorized();
      const first = await capture(payment.id);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ id: payment.id, status: 'captured', captured: usd(5_000) });
      const second = await capture(payment.id, {});
      expect(second.statusCode).toBe(200);
      expect(second.json()).toEqual(first.json());
    });

    it('refuses to capture a voided payment (409 PAYMENT_VOIDED) or a declined one (409 PAYMENT_DECLINED)', async () => {
      const { request, payment } = await authorized();
      expect((await voidOrder(request.order_id)).statusCode).toBe(200);
      expectError(await capture(payment.id), 409, 'PAYMENT_VOIDED');
      expectError(await capture((await declined()).id), 409, 'PAYMENT_DECLINED');
    });

    it('answers 404 for an unknown payment, 400 for an id that is no UUID or a body with fields', async () => {
      expectError(await capture(randomUUID()), 404, 'PAYMENT_NOT_FOUND');
      expectError(await capture('12345'), 400, 'VALIDATION_ERROR');
      const { payment } = await authorized();
      expectError(await capture(payment.id, { amount: 1 }), 400, 'VALIDATION_ERROR');
    });
  });

  describe('void', () => {
    it('voids an authorization, and answers a second void with the same payment', async () => {
      const { request, payment } = await authorized();
      const first = await voidOrder(request.order_id);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({
        order_id: request.order_id,
        voided: true,
        payment: expect.objectContaining({ id: payment.id, status: 'voided', captured: usd(0) }),
      });
      expect((await voidOrder(request.order_id)).json()).toEqual(first.json());
    });

    it('leaves a declined payment as it is (200), and refuses to void a captured one (409 PAYMENT_CAPTURED)', async () => {
      const payment = await declined();
      const response = await voidOrder(payment.order_id);
      expect(response.statusCode).toBe(200);
      expect(response.json().payment).toMatchObject({ status: 'declined', decline_reason: 'card_declined' });
      const { orderId } = await captured();
      expectError(await voidOrder(orderId), 409, 'PAYMENT_CAPTURED');
    });

    it('when a capture and a void race, exactly one of them wins', async () => {
      const { request, payment } = await authorized();
      const [captureResponse, voidResponse] = await Promise.all([
        capture(payment.id),
        voidOrder(request.order_id),
      ]);
      const outcome = [captureResponse.statusCode, voidResponse.statusCode].sort((a, b) => a - b);
      expect(outcome).toEqual([200, 409]);
      const final = await payments.internal('GET', `/internal/payments/by-order/${request.order_id}`);
      expect(final.json().status).toBe(captureResponse.statusCode === 200 ? 'captured' : 'voided');
      expect(await payments.eventsOf(request.order_id)).toHaveLength(2);
    });

    it('rejects a void without an order id or with a too long reason (400)', async () => {
      expectError(await payments.internal('POST', '/internal/payments/void', {}), 400, 'VALIDATION_ERROR');
      expectError(
        await payments.internal('POST', '/internal/payments/void', {
          order_id: randomUUID(),
          reason: 'x'.repeat(201),
        }),
        400,
        'VALIDATION_ERROR',
      );
    });
  });

  describe('refunds', () => {
    it('refunds part, then what remains: partially_refunded, then refunded, both refunds listed', async () => {
      const { orderId } = await captured(5_000);
      const part = await refund({
        order_id: orderId,
        refund_id: randomUUID(),
        amount: usd(1_500),
        reason: 'damaged',
      });
      expect(part.statusCode, part.body).toBe(201);
      expect(part.json()).toMatchObject({ status: 'partially_refunded', refunded: usd(1_500) });
      const rest = await refund({ order_id: orderId, refund_id: randomUUID() });
      expect(rest.statusCode, rest.body).toBe(201);
      const payment = rest.json<PaymentJson>();
      expect(payment).toMatchObject({ status: 'refunded', captured: usd(5_000), refunded: usd(5_000) });
      expect(payment.refunds.map((item) => [item.amount.amount, item.reason])).toEqual([
        [1_500, 'damaged'],
        [3_500, null],
      ]);
    });

    it('refunds once per refund id: the same id again answers the same payment (200)', async () => {
      const { orderId } = await captured();
      const body = { order_id: orderId, refund_id: randomUUID(), amount: usd(1_000) };
      const first = await refund(body);
      const again = await refund(body);
      expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
      expect(again.json()).toEqual(first.json());
      // Without an amount, a repeat means "the refund I made with this id", whatever its amount was.
      expect((await refund({ order_id: orderId, refund_id: body.refund_id })).statusCode).toBe(200);
      expectError(await refund({ ...body, amount: usd(999) }), 409, 'REFUND_MISMATCH');
      const other = await captured();
      expectError(await refund({ ...body, order_id: other.orderId }), 409, 'REFUND_MISMATCH');
    });

    it('when the same refund is sent 10 times at once, money goes back once', async () => {
      const { orderId } = await captured();
      const body = { order_id: orderId, refund_id: randomUUID(), amount: usd(700) };
      const responses = await Promise.all(Array.from({ length: 10 }, () => refund(body)));
      expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
      expect(responses.every((response) => response.json().refunded.amount === 700)).toBe(true);
    });

    it('when one refund id is sent for two payments at once, one refund is made and the other is a 409', async () => {
      const [first, second] = await Promise.all([captured(), captured()]);
      const refundId = randomUUID();
      const responses = await Promise.all(
        [first, second].map(({ orderId }) => refund({ order_id: orderId, refund_id: refundId })),
      );
      const statuses = responses.map((response) => response.statusCode).sort((a, b) => a - b);
      expect(statuses).toEqual([201, 409]);
      const loser = responses.find((response) => response.statusCode === 409);
      expectError(loser!, 409, 'REFUND_MISMATCH');
    });

    it('refuses more than what remains with 422 REFUND_EXCEEDS_CAPTURED, naming what remains', async () => {
      const { orderId } = await captured(2_000);
      await refund({ order_id: orderId, refund_id: randomUUID(), amount: usd(1_500) });
      const error = expectError(
        await refund({ order_id: orderId, refund_id: randomUUID(), amount: usd(501) }),
        422,
        'REFUND_EXCEEDS_CAPTURED',
      );
      expect(error.details).toEqual({ remaining: usd(500) });
    });

    it('refunds only captured money: 409 PAYMENT_NOT_CAPTURED otherwise', async () => {
      const { request } = await authorized();
      expectError(
        await refund({ order_id: request.order_id, refund_id: randomUUID() }),
        409,
        'PAYMENT_NOT_CAPTURED',
      );
      const { orderId } = await captured();
      await refund({ order_id: orderId, refund_id: randomUUID() });
      expectError(await refund({ order_id: orderId, refund_id: randomUUID() }), 409, 'PAYMENT_NOT_CAPTURED');
    });

    it('rejects another currency (422 CURRENCY_MISMATCH), non-positive amounts (422) and unknown orders (404)', async () => {
      const { orderId } = await captured();
      expectError(
        await refund({
          order_id: orderId,
          refund_id: randomUUID(),
          amount: { amount: 100, currency: 'EUR' },
        }),
        422,
        'CURRENCY_MISMATCH',
      );
      expectError(
        await refund({ order_id: orderId, refund_id: randomUUID(), amount: usd(-5) }),
        422,
        'INVALID_AMOUNT',
      );
      expectError(
        await refund({ order_id: orderId, refund_id: randomUUID(), amount: usd(0) }),
        422,
        'INVALID_AMOUNT',
      );
      expectError(
        await refund({ order_id: randomUUID(), refund_id: randomUUID() }),
        404,
        'PAYMENT_NOT_FOUND',
      );
      expectError(await refund({ order_id: orderId, refund_id: 'not-a-uuid' }), 400, 'VALIDATION_ERROR');
      expectError(await refund({ order_id: orderId }), 400, 'VALIDATION_ERROR');
    });
  });

  describe('events and metrics', () => {
    it('writes one payments.payment.<status> event per change, in the same transaction', async () => {
      const { orderId, paymentId } = await captured(5_000);
      await refund({ order_id: orderId, refund_id: randomUUID(), amount: usd(2_000) });
      await refund({ order_id: orderId, refund_id: randomUUID() });
      const events = await payments.eventsOf(orderId);
      expect(events.map((event) => [event.type, event.data])).toEqual([
        [
          'payments.payment.authorized',
          expect.objectContaining({ status: 'authorized', amount: usd(5_000) }),
        ],
        ['payments.payment.captured', expect.objectContaining({ status: 'captured', amount: usd(5_000) })],
        [
          'payments.payment.refunded',
          expect.objectContaining({ status: 'partially_refunded', amount: usd(2_000), refunded: usd(2_000) }),
        ],
        [
          'payments.payment.refunded',
          expect.objectContaining({ status: 'refunded', amount: usd(3_000), refunded: usd(5_000) }),
        ],
      ]);
      for (const event of events) {
        expect(event).toMatchObject({
          version: 1,
          source: 'payments',
          trace_parent: expect.stringMatching(/^00-/),
          data: {
            event_id: event.id,
            occurred_at: event.occurred_at,
            payment_id: paymentId,
            order_id: orderId,
          },
        });
      }
    });

    it('announces declines with their reason and voids with the released amount', async () => {
      const payment = await declined();
      expect(await payments.eventsOf(payment.order_id)).toEqual([
        expect.objectContaining({
          type: 'payments.payment.declined',
          data: expect.objectContaining({ status: 'declined', decline_reason: 'card_declined' }),
        }),
      ]);
      const { request } = await authorized(CARDS.approved, 1_234);
      await voidOrder(request.order_id);
      const [, voided] = await payments.eventsOf(request.order_id);
      expect(voided).toMatchObject({ type: 'payments.payment.voided', data: { amount: usd(1_234) } });
    });

    it('writes nothing for a refused change', async () => {
      const { orderId } = await captured();
      await voidOrder(orderId);
      await refund({ order_id: orderId, refund_id: randomUUID(), amount: usd(1e9) });
      expect(await payments.eventsOf(orderId)).toHaveLength(2);
    });

    it('publishes outbox events on the bus and marks them sent', async () => {
      const { orderId } = await captured();
      await expect
        .poll(
          async () => {
            const rows = await payments.database.query<{ sent: boolean }>(
              `select published_at is not null as sent from payments.outbox where envelope->'data'->>'order_id' = $1`,
              [orderId],
            );
            return rows.map((row) => row.sent);
          },
          { timeout: 10_000 },
        )
        .toEqual([true, true]);
    });

    it('counts outcomes by status on /metrics', async () => {
      const count = (status: string) => metricValue(payments.app, 'payments_outcomes_total', { status });
      const before = await Promise.all(['authorized', 'captured', 'voided', 'partially_refunded'].map(count));
      const { orderId } = await captured();
      await refund({ order_id: orderId, refund_id: randomUUID(), amount: usd(1) });
      const { request } = await authorized();
      await voidOrder(request.order_id);
      const after = await Promise.all(['authorized', 'captured', 'voided', 'partially_refunded'].map(count));
      expect(after.map((value, index) => value - (before[index] ?? 0))).toEqual([2, 1, 1, 1]);
    });
  });

  describe('service tokens', () => {
    it('refuses every internal route without a valid service token (401)', async () => {
      const id = randomUUID();
      const routes = [
        { method: 'POST' as const, url: '/internal/payments/authorize', payload: authorization() },
        { method: 'POST' as const, url: `/internal/payments/${id}/capture` },
        { method: 'POST' as const, url: '/internal/payments/void', payload: { order_id: id } },
        {
          method: 'POST' as const,
          url: '/internal/payments/refund',
          payload: { order_id: id, refund_id: id },
        },
        { method: 'GET' as const, url: `/internal/payments/by-order/${id}` },
      ];
      const customer = await payments.identity.user('admin');
      for (const route of routes) {
        expectError(await payments.app.inject(route), 401, 'AUTHENTICATION_REQUIRED');
        expectError(
          await payments.app.inject({ ...route, headers: { 'x-service-token': 'forged' } }),
          401,
          'INVALID_TOKEN',
        );
        // A user's access token, even an admin's, is not a service token.
        expectError(
          await payments.app.inject({ ...route, headers: { authorization: `Bearer ${customer.token}` } }),
          401,
          'AUTHENTICATION_REQUIRED',
        );
      }
    });

    it('lets orders alone capture, refund, void, authorize and read payments: any other service is 403', async () => {
      const { request, payment } = await authorized();
      const orderId = request.order_id;
      const routes = [
        { url: `/internal/payments/${payment.id}/capture` },
        {
          url: '/internal/payments/refund',
          body: { order_id: orderId, refund_id: randomUUID(), amount: usd(1) },
        },
        { url: '/internal/payments/void', body: { order_id: randomUUID() } },
        { url: '/internal/payments/authorize', body: authorization() },
        { url: `/internal/payments/by-order/${orderId}`, method: 'GET' as const },
      ];
      // What a compromised analytics (or gateway, or search) could send: a valid token of its own.
      for (const caller of ['analytics', 'gateway', 'search', 'catalog', 'cli']) {
        for (const route of routes) {
          const answer = await payments.internal(route.method ?? 'POST', route.url, route.body, caller);
          expectError(answer, 403, 'SERVICE_NOT_ALLOWED');
        }
      }
      const untouched = await payments.internal('GET', `/internal/payments/by-order/${orderId}`);
      expect(untouched.json<PaymentJson>().status).toBe('authorized');

      const answers = [];
      for (const route of routes) {
        answers.push((await payments.internal(route.method ?? 'POST', route.url, route.body)).statusCode);
      }
      expect(answers).toEqual([200, 201, 200, 201, 200]);
    });

    it('answers health, readiness and metrics', async () => {
      expect((await payments.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
        status: 'ok',
        service: 'payments',
      });
      expect((await payments.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    });
  });
});
