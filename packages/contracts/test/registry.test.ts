import { describe, expect, it } from 'vitest';
import { eventSchemas, validateEvent, type EventData, type EventType } from '@bodega/contracts';

const review: EventData<'catalog.review.created'> = {
  review_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c71',
  product_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c70',
  author_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6e',
  rating: 4,
  status: 'visible',
  product_rating: { average: 4, count: 1 },
  occurred_at: '2026-01-15T10:00:00Z',
};

const payment: EventData<'payments.payment.authorized'> = {
  event_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c74',
  occurred_at: '2026-01-15T10:00:00Z',
  payment_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c75',
  order_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c73',
  customer_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6e',
  status: 'authorized',
  amount: { amount: 3998, currency: 'USD' },
  refunded: { amount: 0, currency: 'USD' },
  decline_reason: null,
};

// The compiler makes this list complete: registering an event type without an example fails typecheck.
const examples: { [T in EventType]: EventData<T> } = {
  'identity.user.registered': {
    user_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6e',
    email: 'ada@example.com',
    name: 'Ada',
    role: 'admin',
    registered_at: '2026-01-15T10:00:00Z',
  },
  'catalog.product.updated': {
    event_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6d',
    occurred_at: '2026-01-15T10:00:00Z',
    product_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c70',
    slug: 'espresso-cup',
    name: 'Espresso cup',
    description: '',
    category: 'kitchen',
    sku: 'CUP-1',
    price: { amount: 0, currency: 'EUR' },
    stock_qty: 0,
    images: [],
    attributes: {},
    active: false,
    rating: { average: 0, count: 0 },
    created_at: '2026-01-15T10:00:00Z',
    updated_at: '2026-01-15T10:00:00Z',
  },
  'catalog.product.deleted': {
    product_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c70',
    deleted_at: '2026-01-15T10:00:00Z',
  },
  'catalog.product.viewed': {
    views: [
      {
        product_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c70',
        category: 'kitchen',
        customer_id: null,
        session_id: 's-1',
        viewed_at: '2026-01-15T10:00:00Z',
      },
    ],
  },
  'catalog.review.created': review,
  'catalog.review.updated': review,
  'catalog.review.deleted': review,
  'orders.order.placed': {
    event_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c72',
    occurred_at: '2026-01-15T10:00:00Z',
    order_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c73',
    customer_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6e',
    items: [
      {
        product_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c70',
        quantity: 2,
        unit_price: { amount: 1999, currency: 'USD' },
      },
    ],
    total: { amount: 3998, currency: 'USD' },
    placed_at: '2026-01-15T10:00:00Z',
  },
  'orders.order.cancelled': {
    event_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c76',
    occurred_at: '2026-01-15T10:00:00Z',
    order_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c73',
    customer_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6e',
    reason: 'payment_declined',
    was_paid: false,
    items: [{ product_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c70', quantity: 2 }],
    total: { amount: 3998, currency: 'USD' },
    cancelled_at: '2026-01-15T10:00:00Z',
  },
  'orders.order.status_changed': {
    event_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c77',
    occurred_at: '2026-01-15T10:00:00Z',
    order_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c73',
    customer_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6e',
    from: 'paid',
    to: 'shipped',
    changed_by: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c78',
    reason: null,
    total: { amount: 3998, currency: 'USD' },
    changed_at: '2026-01-15T10:00:00Z',
  },
  'payments.payment.authorized': payment,
  'payments.payment.declined': { ...payment, status: 'declined', decline_reason: 'card_declined' },
  'payments.payment.captured': { ...payment, status: 'captured' },
  'payments.payment.voided': { ...payment, status: 'voided' },
  'payments.payment.refunded': {
    ...payment,
    status: 'partially_refunded',
    amount: { amount: 1000, currency: 'USD' },
    refunded: { amount: 1000, currency: 'USD' },
  },
};

describe.each(Object.keys(eventSchemas) as EventType[])('the %s contract', (type) => {
  it('accepts its example inside a current envelope', () => {
    const envelope = {
      id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6d',
      type,
      version: eventSchemas[type].version,
      occurred_at: '2026-01-15T10:00:00Z',
      source: type.split('.')[0],
      data: examples[type],
    };
    expect(validateEvent(envelope)).toEqual({ ok: true, envelope });
  });

  it('rejects its example with a required field missing', () => {
    const [first] = Object.keys(examples[type]);
    const data = Object.fromEntries(Object.entries(examples[type]).filter(([key]) => key !== first));
    const result = validateEvent({
      id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6d',
      type,
      version: eventSchemas[type].version,
      occurred_at: '2026-01-15T10:00:00Z',
      source: 'test',
      data,
    });
    expect(result.ok).toBe(false);
  });
});
