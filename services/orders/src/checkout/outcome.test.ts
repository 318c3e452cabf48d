import { describe, expect, it } from 'vitest';
import type { Order } from '@bodega/contracts';
import { cancelledCheckoutError, checkoutOutcome } from './outcome.js';

const order = (status: Order['status'], cancelReason: string | null = null) =>
  ({ id: '00000000-0000-4000-8000-000000000001', status, cancel_reason: cancelReason }) as Order;

describe('what a finished checkout answers', () => {
  it.each([
    ['out_of_stock', 409, 'OUT_OF_STOCK'],
    ['product_unavailable', 422, 'PRODUCT_UNAVAILABLE'],
    ['payment_declined', 402, 'PAYMENT_DECLINED'],
    ['payment_unavailable', 503, 'PAYMENTS_UNAVAILABLE'],
    ['catalog_unavailable', 503, 'CATALOG_UNAVAILABLE'],
    ['checkout_abandoned', 409, 'CHECKOUT_ABANDONED'],
    [null, 409, 'CHECKOUT_ABANDONED'],
  ])('answers a checkout cancelled for %s with %i %s', (reason, status, code) => {
    const error = cancelledCheckoutError(reason, { order_id: 'x' });
    expect({ status: error.status, code: error.code, details: error.details }).toEqual({
      status,
      code,
      details: { order_id: 'x' },
    });
  });

  it('answers 201 with the order once paid (or later), an error once cancelled, nothing while pending', () => {
    expect(checkoutOutcome(order('pending'))).toBeUndefined();
    for (const status of ['paid', 'shipped', 'delivered', 'refunded'] as const) {
      expect(checkoutOutcome(order(status))).toEqual({ status: 201, body: order(status) });
    }
    const cancelled = checkoutOutcome(order('cancelled', 'payment_declined'));
    expect(cancelled && 'error' in cancelled ? cancelled.error.code : undefined).toBe('PAYMENT_DECLINED');
  });
});
