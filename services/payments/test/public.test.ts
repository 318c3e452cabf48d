import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestUser as User } from '@bodega/testing';
import { API, authorization, call, CARDS, expectError, type PaymentJson } from './support/api.js';
import { startPayments, type PaymentsUnderTest } from './support/payments.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe.each(databaseBackends())('the public payments API on $name', (backend) => {
  let payments: PaymentsUnderTest;
  let customer: User;
  let otherCustomer: User;
  let manager: User;
  let admin: User;

  /** A payment of `owner`, authorized, and captured unless `capture` is false. */
  async function paymentOf(
    owner: User,
    { capture = true, card = CARDS.approved }: { capture?: boolean; card?: string } = {},
  ) {
    const request = authorization(owner.id, { card_number: card });
    const authorized = await payments.internal('POST', '/internal/payments/authorize', request);
    const id =
      authorized.statusCode === 201
        ? authorized.json<PaymentJson>().id
        : (authorized.json().error.details.payment_id as string);
    if (capture && authorized.statusCode === 201) {
      expect((await payments.internal('POST', `/internal/payments/${id}/capture`)).statusCode).toBe(200);
    }
    return id;
  }
  const getPayment = (id: string, token?: string) =>
    call(payments.app, { method: 'GET', url: `${API}/payments/${id}`, token });
  const list = (query: string, token?: string) =>
    call(payments.app, { method: 'GET', url: `${API}/payments${query}`, token });
  /** `key` null: no Idempotency-Key header at all. */
  const refund = (id: string, body: unknown, token: string | undefined, key: string | null = randomUUID()) =>
    call(payments.app, {
      method: 'POST',
      url: `${API}/payments/${id}/refund`,
      body,
      token,
      headers: key === null ? {} : { 'idempotency-key': key },
    });

  beforeAll(async () => {
    payments = await startPayments(backend);
    [customer, otherCustomer, manager, admin] = await Promise.all([
      payments.identity.user('customer'),
      payments.identity.user('customer'),
      payments.identity.user('manager'),
      payments.identity.user('admin'),
    ]);
  });
  afterAll(async () => {
    await payments.close();
  });

  describe('reading one payment', () => {
    it('shows a payment to its customer, to managers and to admins', async () => {
      const id = await paymentOf(customer);
      const mine = await getPayment(id, customer.token);
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json()).toMatchObject({ id, customer_id: customer.id, status: 'captured' });
      expect((await getPayment(id, manager.token)).json()).toEqual(mine.json());
      expect((await getPayment(id, admin.token)).json()).toEqual(mine.json());
    });

    it("answers another customer's payment with the same 404 as a missing one", async () => {
      const id = await paymentOf(customer);
      expectError(await getPayment(id, otherCustomer.token), 404, 'PAYMENT_NOT_FOUND');
      expectError(await getPayment(randomUUID(), otherCustomer.token), 404, 'PAYMENT_NOT_FOUND');
    });

    it('needs a signed-in caller (401) and a UUID (400)', async () => {
      const id = await paymentOf(customer);
      expectError(await getPayment(id), 401, 'AUTHENTICATION_REQUIRED');
      expectError(await getPayment(id, 'not-a-token'), 401, 'INVALID_TOKEN');
      expectError(await getPayment('not-a-uuid', customer.token), 400, 'VALIDATION_ERROR');
      expectError(await getPayment("1' or '1'='1", customer.token), 400, 'VALIDATION_ERROR');
    });
  });

  describe('listing payments', () => {
    let buyer: User;
    let ids: string[];

    beforeAll(async () => {
      buyer = await payments.identity.user('customer');
      ids = [];
      for (let index = 0; index < 5; index += 1)
        ids.push(await paymentOf(buyer, { capture: index % 2 === 0 }));
    });

    it("lists a customer's own payments, newest first, a page at a time", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await list(query, buyer.token);
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json<{ items: PaymentJson[]; next_cursor: string | null }>();
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
    });

    it('filters by status and by order', async () => {
      const authorized = (await list('?status=authorized', buyer.token)).json<{ items: PaymentJson[] }>();
      expect(authorized.items.map((item) => item.id)).toEqual([ids[3], ids[1]]);
      const one = (await getPayment(ids[0]!, buyer.token)).json<PaymentJson>();
      const byOrder = (await list(`?order_id=${one.order_id}`, buyer.token)).json<{ items: PaymentJson[] }>();
      expect(byOrder.items).toEqual([one]);
    });

    it("never lists another customer's payments to a customer, and lists everyone's to staff", async () => {
      const others = (await list('?limit=100', otherCustomer.token)).json<{ items: PaymentJson[] }>();
      expect(others.items.every((item) => item.customer_id === otherCustomer.id)).toBe(true);
      const one = (await getPayment(ids[0]!, buyer.token)).json<PaymentJson>();
      const theirs = (await list(`?order_id=${one.order_id}`, otherCustomer.token)).json();
      expect(theirs).toEqual({ items: [], next_cursor: null });
      for (const staff of [manager, admin]) {
        const found = (await list(`?order_id=${one.order_id}`, staff.token)).json<{ items: PaymentJson[] }>();
        expect(found.items.map((item) => item.id)).toEqual([one.id]);
      }
      const all = (await list('?limit=100', admin.token)).json<{ items: PaymentJson[] }>();
      expect(new Set(all.items.map((item) => item.customer_id)).size).toBeGreaterThan(1);
    });

    it('rejects bad parameters with 400, a forged cursor with INVALID_CURSOR, strangers with 401', async () => {
      for (const query of ['?limit=0', '?limit=101', '?status=pending', '?order_id=42', '?sort=amount']) {
        expectError(await list(query, buyer.token), 400, 'VALIDATION_ERROR');
      }
      expectError(await list('?cursor=garbage', buyer.token), 400, 'INVALID_CURSOR');
      expectError(await list(''), 401, 'AUTHENTICATION_REQUIRED');
    });
  });

  describe('refunding (manager, admin)', () => {
    it('refunds part, then the rest, each under its own Idempotency-Key', async () => {
      const id = await paymentOf(customer);
      const part = await refund(id, { amount: usd(999), reason: 'late delivery' }, manager.token);
      expect(part.statusCode, part.body).toBe(201);
      expect(part.json()).toMatchObject({ status: 'partially_refunded', refunded: usd(999) });
      const key = randomUUID();
      const rest = await refund(id, undefined, admin.token, key);
      expect(rest.statusCode, rest.body).toBe(201);
      const payment = rest.json<PaymentJson>();
      expect(payment).toMatchObject({ status: 'refunded', refunded: usd(4_999) });
      expect(payment.refunds.map((item) => item.id)).toContain(key);
      expect((await getPayment(id, customer.token)).json()).toEqual(payment);
    });

    it('makes one refund per key: the same key again answers the same payment and refunds nothing more', async () => {
      const id = await paymentOf(customer);
      const key = randomUUID();
      const first = await refund(id, { amount: usd(1_000) }, manager.token, key);
      const again = await refund(id, { amount: usd(1_000) }, manager.token, key);
      expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
      expect(again.json()).toEqual(first.json());
      expect(again.json().refunds).toHaveLength(1);
      expectError(await refund(id, { amount: usd(2_000) }, manager.token, key), 409, 'REFUND_MISMATCH');
    });

    it('refuses more than what remains (422), another currency (422) and uncaptured payments (409)', async () => {
      const id = await paymentOf(customer);
      expectError(await refund(id, { amount: usd(5_000) }, manager.token), 422, 'REFUND_EXCEEDS_CAPTURED');
      expectError(
        await refund(id, { amount: { amount: 10, currency: 'EUR' } }, manager.token),
        422,
        'CURRENCY_MISMATCH',
      );
      const uncaptured = await paymentOf(customer, { capture: false });
      expectError(await refund(uncaptured, {}, manager.token), 409, 'PAYMENT_NOT_CAPTURED');
      const declined = await paymentOf(customer, { card: CARDS.declined });
      expectError(await refund(declined, {}, manager.token), 409, 'PAYMENT_NOT_CAPTURED');
      expectError(await refund(randomUUID(), {}, manager.token), 404, 'PAYMENT_NOT_FOUND');
    });

    it('needs an Idempotency-Key, a UUID (400 otherwise)', async () => {
      const id = await paymentOf(customer);
      expectError(await refund(id, {}, manager.token, null), 400, 'IDEMPOTENCY_KEY_REQUIRED');
      expectError(await refund(id, {}, manager.token, ''), 400, 'IDEMPOTENCY_KEY_REQUIRED');
      expectError(await refund(id, {}, manager.token, 'refund-1'), 400, 'INVALID_IDEMPOTENCY_KEY');
      expect((await getPayment(id, manager.token)).json().refunds).toEqual([]);
    });

    it.each([
      ['a negative amount', { amount: usd(-1) }, 422, 'INVALID_AMOUNT'],
      ['a zero amount', { amount: usd(0) }, 422, 'INVALID_AMOUNT'],
      ['a fractional amount', { amount: usd(1.5) }, 400, 'VALIDATION_ERROR'],
      ['an unknown field', { amount: usd(1), note: 'x' }, 400, 'VALIDATION_ERROR'],
      ['a 201-character reason', { reason: 'r'.repeat(201) }, 400, 'VALIDATION_ERROR'],
    ])('rejects %s', async (_label, body, status, code) => {
      const id = await paymentOf(customer);
      expectError(await refund(id, body, manager.token), status, code);
    });

    it('is for managers and admins only: customers get 403, strangers 401', async () => {
      const id = await paymentOf(customer);
      expectError(await refund(id, {}, customer.token), 403, 'FORBIDDEN');
      expectError(await refund(id, {}, undefined), 401, 'AUTHENTICATION_REQUIRED');
      expect((await getPayment(id, customer.token)).json().status).toBe('captured');
    });
  });
});
