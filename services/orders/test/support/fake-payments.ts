import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Money, Payment } from '@bodega/contracts';
import { error, startHttpFake, type Answer, type HttpFake, type Received } from './http-fake.js';

/** The documented test cards (services/payments/README.md). */
export const cards = {
  approved: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
  providerError: '4000 0000 0000 0119',
  notLuhn: '4242 4242 4242 4241',
} as const;

/**
 * Payments' internal API as orders uses it: authorizations idempotent by order id, a void recorded
 * before any payment refusing a late authorization, captures, refunds idempotent by refund id, and
 * the documented card outcomes. `slowAuthorizationsMs` makes authorizations answer late (they still
 * happen then, unless voided meanwhile), as a slow provider does.
 */
export interface FakePayments extends HttpFake {
  slowAuthorizationsMs: number;
  byOrder(orderId: string): Payment | undefined;
  voided(orderId: string): boolean;
  /** Refunds part or all of a captured payment, as staff do through the public API. */
  refundOutside(orderId: string, amount: number): Payment;
  /**
   * Holds the next refund orders asks for until `release()`: `arrived` resolves once it is held, so
   * a test can do something else while a cancellation's refund is in flight, then let it land.
   */
  holdNextRefund(): RefundHold;
}

export interface RefundHold {
  arrived: Promise<void>;
  release(): void;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const declines: Record<string, string> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
};

export async function startFakePayments(publicKeys: string): Promise<FakePayments> {
  const payments = new Map<string, Payment>();
  const voids = new Set<string>();
  const refundIds = new Set<string>();
  let hold: { arrive: () => void; released: Promise<void> } | undefined;
  const at = () => new Date().toISOString();
  const declined = (payment: Payment) =>
    error(402, 'PAYMENT_DECLINED', { reason: payment.decline_reason, payment_id: payment.id });

  const authorize = async (body: Record<string, unknown>): Promise<Answer> => {
    const slowMs = self.slowAuthorizationsMs;
    if (slowMs > 0) await sleep(slowMs, undefined, { ref: false });
    const orderId = body.order_id as string;
    if (voids.has(orderId)) return error(409, 'PAYMENT_VOIDED');
    const existing = payments.get(orderId);
    if (existing)
      return existing.status === 'declined' ? declined(existing) : { status: 200, body: existing };
    const digits = String(body.card_number).replace(/[ -]/g, '');
    if (!luhn(digits)) return error(422, 'INVALID_CARD_NUMBER', { field: 'card_number' });
    if (digits === '4000000000000119') return error(502, 'PAYMENT_PROVIDER_ERROR');
    const amount = body.amount as Money;
    const reason = declines[digits] ?? null;
    const payment: Payment = {
      id: randomUUID(),
      order_id: orderId,
      customer_id: body.customer_id as string,
      status: reason ? 'declined' : 'authorized',
      amount,
      captured: { amount: 0, currency: amount.currency },
      refunded: { amount: 0, currency: amount.currency },
      card_last4: digits.slice(-4),
      decline_reason: reason,
      refunds: [],
      created_at: at(),
      updated_at: at(),
    };
    payments.set(orderId, payment);
    return reason ? declined(payment) : { status: 201, body: payment };
  };

  const refund = (payment: Payment, refundId: string, amount?: number): Answer => {
    if (refundIds.has(refundId)) return { status: 200, body: payment };
    if (payment.status !== 'captured' && payment.status !== 'partially_refunded') {
      return error(409, 'PAYMENT_NOT_CAPTURED');
    }
    const remaining = payment.captured.amount - payment.refunded.amount;
    const value = amount ?? remaining;
    if (value > remaining) return error(422, 'REFUND_EXCEEDS_CAPTURED');
    refundIds.add(refundId);
    payment.refunded = { ...payment.refunded, amount: payment.refunded.amount + value };
    payment.status = payment.refunded.amount === payment.captured.amount ? 'refunded' : 'partially_refunded';
    payment.refunds.push({
      id: refundId,
      amount: { ...payment.amount, amount: value },
      reason: null,
      created_at: at(),
    });
    payment.updated_at = at();
    return { status: 201, body: payment };
  };

  const route = async (request: Received): Promise<Answer> => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (request.method === 'POST' && request.path === '/internal/payments/authorize') return authorize(body);
    if (request.method === 'POST' && request.path === '/internal/payments/void') {
      const orderId = body.order_id as string;
      const payment = payments.get(orderId);
      if (!payment) {
        voids.add(orderId);
        return { status: 200, body: { order_id: orderId, voided: true } };
      }
      if (payment.status === 'captured' || payment.status.endsWith('refunded'))
        return error(409, 'PAYMENT_CAPTURED');
      if (payment.status === 'authorized') {
        payment.status = 'voided';
        payment.updated_at = at();
      }
      return { status: 200, body: payment };
    }
    if (request.method === 'POST' && request.path === '/internal/payments/refund') {
      const held = hold;
      hold = undefined;
      if (held) {
        held.arrive();
        await held.released;
      }
      const payment = payments.get(body.order_id as string);
      if (!payment) return error(404, 'PAYMENT_NOT_FOUND');
      return refund(payment, body.refund_id as string, (body.amount as Money | undefined)?.amount);
    }
    const capture = /^\/internal\/payments\/([^/]+)\/capture$/.exec(request.path);
    if (request.method === 'POST' && capture) {
      const payment = [...payments.values()].find((candidate) => candidate.id === capture[1]);
      if (!payment) return error(404, 'PAYMENT_NOT_FOUND');
      if (payment.status === 'voided') return error(409, 'PAYMENT_VOIDED');
      if (payment.status === 'declined') return error(409, 'PAYMENT_DECLINED');
      if (payment.status === 'authorized') {
        payment.status = 'captured';
        payment.captured = payment.amount;
        payment.updated_at = at();
      }
      return { status: 200, body: payment };
    }
    const byOrder = /^\/internal\/payments\/by-order\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && byOrder) {
      const payment = payments.get(byOrder[1] ?? '');
      return payment ? { status: 200, body: payment } : error(404, 'PAYMENT_NOT_FOUND');
    }
    return error(404, 'NOT_FOUND');
  };

  const fake = await startHttpFake({ audience: 'payments', publicKeys }, route);
  // The object handed back, whose `slowAuthorizationsMs` tests set; `authorize` reads it.
  const self: FakePayments = Object.assign(fake, {
    slowAuthorizationsMs: 0,
    byOrder: (orderId: string) => payments.get(orderId),
    voided: (orderId: string) => voids.has(orderId) || payments.get(orderId)?.status === 'voided',
    refundOutside(orderId: string, amount: number) {
      const payment = payments.get(orderId);
      if (!payment) throw new Error(`no payment for ${orderId}`);
      const answer = refund(payment, randomUUID(), amount);
      if (answer.status >= 400) throw new Error(`refund refused: ${JSON.stringify(answer.body)}`);
      return payment;
    },
    holdNextRefund() {
      let arrive = () => {};
      let release = () => {};
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      hold = { arrive, released };
      return { arrived, release };
    },
  });
  return self;
}
