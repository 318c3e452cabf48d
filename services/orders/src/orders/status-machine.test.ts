import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '@bodega/contracts';
import {
  assertMayMove,
  assertTransition,
  canTransition,
  ORDER_STATUSES,
  refundPending,
} from './status-machine.js';

const allowed: [OrderStatus, OrderStatus][] = [
  ['pending', 'paid'],
  ['pending', 'cancelled'],
  ['paid', 'shipped'],
  ['paid', 'cancelled'],
  ['paid', 'refunded'],
  ['shipped', 'delivered'],
  ['shipped', 'refunded'],
  ['delivered', 'refunded'],
];
const isAllowed = (from: OrderStatus, to: OrderStatus) => allowed.some(([a, b]) => a === from && b === to);
const refused = ORDER_STATUSES.flatMap((from) =>
  ORDER_STATUSES.filter((to) => !isAllowed(from, to)).map((to): [OrderStatus, OrderStatus] => [from, to]),
);

describe('the order status machine', () => {
  it('knows the six statuses in life order', () => {
    expect(ORDER_STATUSES).toEqual(['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded']);
  });

  it.each(allowed)('lets an order move from %s to %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => {
      assertTransition(from, to);
    }).not.toThrow();
  });

  it('refuses the other 28 moves, staying put included, with 409 INVALID_TRANSITION', () => {
    expect(refused).toHaveLength(36 - allowed.length);
    for (const [from, to] of refused) {
      expect(canTransition(from, to), `${from} -> ${to}`).toBe(false);
      expect(() => {
        assertTransition(from, to);
      }).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION', details: { from, to } }));
    }
  });

  it('ends an order for good once cancelled or refunded', () => {
    for (const to of ORDER_STATUSES) {
      expect(canTransition('cancelled', to)).toBe(false);
      expect(canTransition('refunded', to)).toBe(false);
    }
  });

  it('refuses to ship or deliver an order whose cancellation is refunding it (409 CANCELLATION_PENDING)', () => {
    const cancelling = { status: 'paid' as const, refundId: 'refund-1' };
    expect(refundPending(cancelling)).toBe(true);
    expect(() => {
      assertMayMove(cancelling, 'shipped');
    }).toThrow(
      expect.objectContaining({ code: 'CANCELLATION_PENDING', details: { from: 'paid', to: 'shipped' } }),
    );
    // The cancellation itself, and the refund that may win it, still move on.
    expect(() => {
      assertMayMove(cancelling, 'cancelled');
      assertMayMove(cancelling, 'refunded');
    }).not.toThrow();
    expect(() => {
      assertMayMove({ status: 'paid', refundId: null }, 'shipped');
    }).not.toThrow();
    expect(refundPending({ status: 'cancelled', refundId: 'refund-1' })).toBe(false);
    expect(() => {
      assertMayMove({ status: 'pending', refundId: null }, 'shipped');
    }).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });
});
