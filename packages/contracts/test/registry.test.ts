import { describe, expect, it } from 'vitest';
import { eventSchemas, validateEvent, type EventData, type EventType } from '@bodega/contracts';

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
    price: { amount: 0, currency: 'EUR' },
    stock_qty: 0,
    active: false,
    updated_at: '2026-01-15T10:00:00Z',
  },
  'catalog.product.deleted': {
    product_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c70',
    deleted_at: '2026-01-15T10:00:00Z',
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
