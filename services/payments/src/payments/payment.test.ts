import { describe, expect, it } from 'vitest';
import type { PaymentRow, RefundRow } from '../db/schema.js';
import {
  assertPositiveAmount,
  assertSameAuthorization,
  assertSameRefund,
  captureStep,
  MAX_AMOUNT,
  refundAmount,
  statusAfterRefund,
  toPaymentJson,
  voidStep,
} from './payment.js';

const at = new Date('2026-01-15T10:00:00Z');
const payment: PaymentRow = {
  id: 'payment-1',
  orderId: 'order-1',
  customerId: 'customer-1',
  status: 'captured',
  currency: 'USD',
  amount: 5000,
  captured: 5000,
  refunded: 1000,
  cardLast4: '4242',
  declineReason: null,
  voidReason: null,
  createdAt: at,
  updatedAt: at,
};
const refund: RefundRow = {
  id: 'refund-1',
  paymentId: 'payment-1',
  amount: 1000,
  currency: 'USD',
  reason: 'damaged',
  createdAt: at,
};
const usd = (amount: number) => ({ amount, currency: 'USD' });
const code = (value: string) => expect.objectContaining({ code: value });

describe('payment rules', () => {
  it('accepts positive amounts up to the maximum only', () => {
    expect(() => {
      assertPositiveAmount(usd(1), 'amount');
    }).not.toThrow();
    for (const amount of [0, -1, MAX_AMOUNT + 1]) {
      expect(() => {
        assertPositiveAmount(usd(amount), 'amount');
      }).toThrow(code('INVALID_AMOUNT'));
    }
  });

  it('captures an authorization once; a voided or declined payment cannot be captured', () => {
    expect(captureStep('authorized')).toBe('capture');
    for (const status of ['captured', 'partially_refunded', 'refunded'] as const) {
      expect(captureStep(status)).toBe('done');
    }
    expect(() => captureStep('voided')).toThrow(code('PAYMENT_VOIDED'));
    expect(() => captureStep('declined')).toThrow(code('PAYMENT_DECLINED'));
  });

  it('voids an authorization; voided and declined are already done; captured money must be refunded', () => {
    expect(voidStep('authorized')).toBe('void');
    expect(voidStep('voided')).toBe('done');
    expect(voidStep('declined')).toBe('done');
    for (const status of ['captured', 'partially_refunded', 'refunded'] as const) {
      expect(() => voidStep(status)).toThrow(code('PAYMENT_CAPTURED'));
    }
  });

  it('refunds what is asked, or what remains, never more, in the payment currency', () => {
    expect(refundAmount(payment, usd(1500))).toBe(1500);
    expect(refundAmount(payment, undefined)).toBe(4000);
    expect(refundAmount({ ...payment, status: 'partially_refunded' }, usd(4000))).toBe(4000);
    expect(() => refundAmount(payment, usd(4001))).toThrow(code('REFUND_EXCEEDS_CAPTURED'));
    expect(() => refundAmount(payment, { amount: 100, currency: 'EUR' })).toThrow(code('CURRENCY_MISMATCH'));
    for (const status of ['authorized', 'declined', 'voided', 'refunded'] as const) {
      expect(() => refundAmount({ ...payment, status }, usd(1))).toThrow(code('PAYMENT_NOT_CAPTURED'));
    }
  });

  it('is refunded when refunds reach the captured amount, partially refunded before', () => {
    expect(statusAfterRefund(5000, 1)).toBe('partially_refunded');
    expect(statusAfterRefund(5000, 5000)).toBe('refunded');
  });

  it('answers a repeated authorization only when amount, customer and card are the same', () => {
    const terms = { customerId: 'customer-1', amount: usd(5000), cardLast4: '4242' };
    expect(() => {
      assertSameAuthorization(payment, terms);
    }).not.toThrow();
    expect(() => {
      assertSameAuthorization(payment, { ...terms, amount: usd(4999), cardLast4: '0002' });
    }).toThrow(
      expect.objectContaining({ code: 'PAYMENT_MISMATCH', details: { fields: ['amount', 'card_number'] } }),
    );
    expect(() => {
      assertSameAuthorization(payment, { ...terms, customerId: 'someone-else' });
    }).toThrow(expect.objectContaining({ details: { fields: ['customer_id'] } }));
    expect(() => {
      assertSameAuthorization(payment, { ...terms, amount: { amount: 5000, currency: 'EUR' } });
    }).toThrow(code('PAYMENT_MISMATCH'));
  });

  it('answers a repeated refund id only for the same payment and amount', () => {
    expect(() => {
      assertSameRefund(refund, 'payment-1', undefined);
    }).not.toThrow();
    expect(() => {
      assertSameRefund(refund, 'payment-1', usd(1000));
    }).not.toThrow();
    expect(() => {
      assertSameRefund(refund, 'payment-1', usd(999));
    }).toThrow(code('REFUND_MISMATCH'));
    expect(() => {
      assertSameRefund(refund, 'payment-2', undefined);
    }).toThrow(code('REFUND_MISMATCH'));
  });

  it('shows money with the payment currency and refunds oldest first', () => {
    expect(toPaymentJson(payment, [refund])).toEqual({
      id: 'payment-1',
      order_id: 'order-1',
      customer_id: 'customer-1',
      status: 'captured',
      amount: usd(5000),
      captured: usd(5000),
      refunded: usd(1000),
      card_last4: '4242',
      decline_reason: null,
      refunds: [{ id: 'refund-1', amount: usd(1000), reason: 'damaged', created_at: at.toISOString() }],
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    });
  });
});
