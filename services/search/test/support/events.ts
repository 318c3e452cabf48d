import type { EventData, EventEnvelope } from '@bodega/contracts';
import { newId, type Database } from '@bodega/db';
import { expect, vi } from 'vitest';

let clock = Date.now() - 86_400_000;
/** A distinct, increasing timestamp per call (catalog's versions only grow). */
export function tick(): string {
  clock += 1_000;
  return new Date(clock).toISOString();
}

export function envelope(type: string, data: unknown, source = 'catalog'): EventEnvelope {
  return { id: newId(), type, version: 1, occurred_at: new Date().toISOString(), source, data };
}

export type ProductData = EventData<'catalog.product.updated'>;

let counter = 0;
/** A valid `catalog.product.updated` payload, with a fresh id unless given. */
export function product(overrides: Partial<ProductData> = {}): ProductData {
  counter += 1;
  const at = overrides.updated_at ?? tick();
  const id = overrides.product_id ?? newId();
  return {
    event_id: newId(),
    occurred_at: at,
    product_id: id,
    slug: `product-${counter}`,
    name: `Plain thing ${counter}`,
    description: 'Nothing to see',
    category: 'misc',
    sku: `SKU-${counter}`,
    price: { amount: 1_500, currency: 'USD' },
    stock_qty: 5,
    images: [],
    attributes: {},
    active: true,
    rating: { average: 0, count: 0 },
    created_at: at,
    updated_at: at,
    ...overrides,
  };
}

export const productUpdated = (data: ProductData) => envelope('catalog.product.updated', data);

export const productDeleted = (productId: string, deletedAt = tick()) =>
  envelope('catalog.product.deleted', { product_id: productId, deleted_at: deletedAt });

export interface View {
  product_id: string;
  customer_id?: string | null;
  session_id?: string | null;
  category?: string;
  viewed_at?: string;
}

export const productViewed = (views: View[]) =>
  envelope('catalog.product.viewed', {
    views: views.map((view) => ({
      product_id: view.product_id,
      category: view.category ?? 'misc',
      customer_id: view.customer_id ?? null,
      session_id: view.session_id ?? null,
      viewed_at: view.viewed_at ?? tick(),
    })),
  });

export const orderPlaced = (customerId: string, items: { product_id: string; quantity: number }[]) => {
  const at = tick();
  return envelope(
    'orders.order.placed',
    {
      event_id: newId(),
      occurred_at: at,
      order_id: newId(),
      customer_id: customerId,
      items: items.map((item) => ({ ...item, unit_price: { amount: 1_000, currency: 'USD' } })),
      total: { amount: 1_000, currency: 'USD' },
      placed_at: at,
    },
    'orders',
  );
};

/** Resolves once search handled every one of these events (its inbox has them). */
export async function handled(database: Database, ...events: EventEnvelope[]): Promise<void> {
  const ids = events.map((event) => event.id);
  await vi.waitFor(
    async () => {
      const rows = await database.query<{ n: number }>(
        'select count(*)::int as n from search.inbox where event_id = any($1::uuid[])',
        [ids],
      );
      expect(rows[0]?.n).toBe(ids.length);
    },
    { timeout: 10_000, interval: 20 },
  );
}
