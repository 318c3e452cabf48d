import { describe, expect, expectTypeOf, it } from 'vitest';
import { formatIssues, validateEvent, validateEventData } from './validate.js';
import type { AnyEnvelope, EventData } from './registry.js';

const userRegistered = {
  id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6d',
  type: 'identity.user.registered',
  version: 1,
  occurred_at: '2026-01-15T10:00:00.000Z',
  source: 'identity',
  trace_parent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  data: {
    user_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6e',
    email: 'ada@example.com',
    name: null,
    role: 'customer',
    registered_at: '2026-01-15T10:00:00Z',
  },
};

describe('validateEvent', () => {
  it('accepts a well-formed envelope and types its data by event type', () => {
    const result = validateEvent(userRegistered);
    expect(result).toEqual({ ok: true, envelope: userRegistered });
    if (result.ok && result.envelope.type === 'identity.user.registered') {
      expectTypeOf(result.envelope.data).toEqualTypeOf<EventData<'identity.user.registered'>>();
      expectTypeOf(result.envelope.data.name).toEqualTypeOf<string | null>();
    }
  });

  it('accepts an envelope without a trace parent and tolerates fields it does not know', () => {
    const { trace_parent: _omitted, ...withoutTrace } = userRegistered;
    const extended = { ...withoutTrace, data: { ...userRegistered.data, locale: 'fr' } };
    expect(validateEvent(extended).ok).toBe(true);
  });

  it('lists envelope problems with JSON pointers', () => {
    const result = validateEvent({ ...userRegistered, id: 'nope', version: 0, occurred_at: 'yesterday' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['/id', '/version', '/occurred_at']),
    );
  });

  it('rejects a type nobody registered', () => {
    const result = validateEvent({ ...userRegistered, type: 'identity.user.exploded' });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: '/type', message: 'Unknown event type identity.user.exploded' }],
    });
  });

  it('rejects a version it does not know', () => {
    const result = validateEvent({ ...userRegistered, version: 2 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.path).toBe('/version');
  });

  it('points at the data field that breaks the contract', () => {
    const result = validateEvent({
      ...userRegistered,
      data: { ...userRegistered.data, email: 'not-an-email', role: 'root' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.errors.map((issue) => issue.path);
    expect(paths).toContain('/data/email');
    expect(paths).toContain('/data/role');
    expect(formatIssues(result.errors)).toMatch(/^\/data\/\w+: /);
  });

  it('rejects what is not an object at all, with a bounded list of reasons', () => {
    const result = validateEvent('hello');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.length).toBeGreaterThan(0);
      expect(result.errors.length).toBeLessThanOrEqual(20);
    }
  });

  it('narrows a union of envelopes by type', () => {
    expectTypeOf<Extract<AnyEnvelope, { type: 'catalog.product.deleted' }>['data']>().toEqualTypeOf<{
      product_id: string;
      deleted_at: string;
    }>();
  });
});

describe('validateEventData', () => {
  const product: EventData<'catalog.product.updated'> = {
    event_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6d',
    occurred_at: '2026-01-15T10:00:00Z',
    product_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c70',
    slug: 'espresso-cup',
    name: 'Espresso cup',
    description: 'Small and sturdy',
    category: 'kitchen',
    sku: 'CUP-001',
    price: { amount: 1999, currency: 'USD' },
    stock_qty: 12,
    images: ['https://img.example.com/cup.jpg'],
    attributes: { color: 'white' },
    active: true,
    rating: { average: 4.5, count: 2 },
    created_at: '2026-01-14T10:00:00Z',
    updated_at: '2026-01-15T10:00:00+01:00',
  };

  it('accepts a product update with money in minor units', () => {
    expect(validateEventData('catalog.product.updated', product)).toEqual([]);
  });

  it('refuses a float price, a lowercase currency and negative stock', () => {
    const issues = validateEventData('catalog.product.updated', {
      ...product,
      price: { amount: 19.99, currency: 'usd' },
      stock_qty: -1,
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      '/data/price/amount',
      '/data/price/currency',
      '/data/stock_qty',
    ]);
  });

  it('refuses an impossible calendar date', () => {
    const issues = validateEventData('catalog.product.deleted', {
      product_id: product.product_id,
      deleted_at: '2026-13-45T10:00:00Z',
    });
    expect(issues.map((issue) => issue.path)).toEqual(['/data/deleted_at']);
  });

  it('refuses data for a type nobody registered', () => {
    expect(validateEventData('catalog.product.teleported', {})).toEqual([
      { path: '/type', message: 'Unknown event type catalog.product.teleported' },
    ]);
  });
});
