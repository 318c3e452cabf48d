import { randomUUID } from 'node:crypto';
import type { Money, ProductSnapshot } from '@bodega/contracts';
import { error, startHttpFake, type Answer, type HttpFake, type Received } from './http-fake.js';

type ReservationStatus = 'held' | 'committed' | 'released' | 'expired' | 'returned';

interface Reservation {
  reservation_id: string;
  status: ReservationStatus;
  items: { product_id: string; quantity: number }[];
  expires_at: string;
  created_at: string;
  updated_at: string;
}

/**
 * Catalog's internal API as orders uses it (packages/contracts/src/internal.ts): live product facts,
 * and reservations that take stock all-or-nothing, are idempotent by id and give stock back on
 * release, expiry and return. `stock_qty` is what can be sold now, holds taken out.
 */
export interface FakeCatalog extends HttpFake {
  /** A product on sale, with `stock` units; returns its snapshot (mutable: change price or stock). */
  addProduct(options?: { price?: number; currency?: string; stock?: number; name?: string }): ProductSnapshot;
  product(id: string): ProductSnapshot;
  setPrice(id: string, amount: number): void;
  reservation(id: string): Reservation | undefined;
  /** What the expiry sweeper does when a hold's time is up: stock back, `expired`. */
  expire(id: string): void;
  /** Runs once right after the next lookup is answered: another shopper acting in between. */
  afterNextLookup: (() => void) | undefined;
  /** Runs once right after the next reservation is made (with its id): time passing, other shoppers. */
  afterNextReservation: ((reservationId: string) => void) | undefined;
}

const now = () => new Date().toISOString();

export async function startFakeCatalog(publicKeys: string): Promise<FakeCatalog> {
  const products = new Map<string, ProductSnapshot>();
  const reservations = new Map<string, Reservation>();
  let counter = 0;

  const giveBack = (reservation: Reservation) => {
    for (const item of reservation.items) {
      const product = products.get(item.product_id);
      if (product) product.stock_qty += item.quantity;
    }
  };
  const take = (items: Reservation['items']): Answer | undefined => {
    for (const item of items) {
      const product = products.get(item.product_id);
      if (!product?.purchasable) return error(422, 'PRODUCT_UNAVAILABLE', { product_id: item.product_id });
      if (product.stock_qty < item.quantity) {
        return error(409, 'OUT_OF_STOCK', {
          product_id: item.product_id,
          requested: item.quantity,
          available: product.stock_qty,
        });
      }
    }
    for (const item of items) {
      const product = products.get(item.product_id);
      if (product) product.stock_qty -= item.quantity;
    }
    return undefined;
  };
  const move = (reservation: Reservation, status: ReservationStatus): Answer => {
    reservation.status = status;
    reservation.updated_at = now();
    return { status: 200, body: reservation };
  };

  const route = (request: Received): Answer => {
    const body = request.body as Record<string, unknown> | undefined;
    if (request.method === 'POST' && request.path === '/internal/products/lookup') {
      const ids = (body?.ids ?? []) as string[];
      const answer = {
        status: 200,
        body: {
          items: ids.flatMap((id) => {
            const product = products.get(id);
            return product ? [{ ...product, price: { ...product.price } }] : [];
          }),
          missing: ids.filter((id) => !products.has(id)),
        },
      };
      const hook = self.afterNextLookup;
      if (hook) {
        self.afterNextLookup = undefined;
        hook();
      }
      return answer;
    }
    if (request.method === 'POST' && request.path === '/internal/reservations') {
      const id = body?.reservation_id as string;
      const items = body?.items as Reservation['items'];
      const existing = reservations.get(id);
      if (existing) {
        return JSON.stringify(existing.items) === JSON.stringify(items)
          ? { status: 200, body: existing }
          : error(409, 'RESERVATION_MISMATCH');
      }
      const refused = take(items);
      if (refused) return refused;
      const ttl = (body?.ttl_seconds as number | undefined) ?? 600;
      const reservation: Reservation = {
        reservation_id: id,
        status: 'held',
        items,
        expires_at: new Date(Date.now() + ttl * 1000).toISOString(),
        created_at: now(),
        updated_at: now(),
      };
      reservations.set(id, reservation);
      const answer = { status: 201, body: { ...reservation } };
      const hook = self.afterNextReservation;
      if (hook) {
        self.afterNextReservation = undefined;
        hook(id);
      }
      return answer;
    }
    const match = /^\/internal\/reservations\/([^/]+)\/(commit|release|return)$/.exec(request.path);
    if (request.method === 'POST' && match) {
      const reservation = reservations.get(match[1] ?? '');
      if (!reservation) return error(404, 'RESERVATION_NOT_FOUND');
      const action = match[2];
      const status = reservation.status;
      if (action === 'commit') {
        if (status === 'held') return move(reservation, 'committed');
        if (status === 'committed') return { status: 200, body: reservation };
        if (status === 'returned') return error(409, 'RESERVATION_RETURNED');
        // Expired or released: the stock is taken again if it is still there.
        return take(reservation.items) ? error(409, 'RESERVATION_EXPIRED') : move(reservation, 'committed');
      }
      if (action === 'release') {
        if (status === 'held') {
          giveBack(reservation);
          return move(reservation, 'released');
        }
        if (status === 'released' || status === 'expired') return { status: 200, body: reservation };
        return error(409, status === 'committed' ? 'RESERVATION_COMMITTED' : 'RESERVATION_RETURNED');
      }
      if (status === 'committed') {
        giveBack(reservation);
        return move(reservation, 'returned');
      }
      if (status === 'returned') return { status: 200, body: reservation };
      return error(409, 'RESERVATION_NOT_COMMITTED');
    }
    return error(404, 'NOT_FOUND');
  };

  const fake = await startHttpFake({ audience: 'catalog', publicKeys }, route);
  // The object handed back, whose hooks tests set; the routes above read them.
  const self: FakeCatalog = Object.assign(fake, {
    afterNextLookup: undefined as (() => void) | undefined,
    afterNextReservation: undefined as ((reservationId: string) => void) | undefined,
    addProduct(options: { price?: number; currency?: string; stock?: number; name?: string } = {}) {
      counter += 1;
      const id = randomUUID();
      const price: Money = { amount: options.price ?? 1_000, currency: options.currency ?? 'USD' };
      const product: ProductSnapshot = {
        id,
        slug: `product-${counter}`,
        name: options.name ?? `Product ${counter}`,
        sku: `SKU-${counter}-${id.slice(0, 8)}`,
        price,
        stock_qty: options.stock ?? 10,
        image: null,
        purchasable: true,
      };
      products.set(id, product);
      return product;
    },
    product(id: string) {
      const product = products.get(id);
      if (!product) throw new Error(`no product ${id}`);
      return product;
    },
    setPrice(id: string, amount: number) {
      const product = products.get(id);
      if (product) product.price = { ...product.price, amount };
    },
    reservation: (id: string) => reservations.get(id),
    expire(id: string) {
      const reservation = reservations.get(id);
      if (reservation?.status !== 'held') return;
      giveBack(reservation);
      move(reservation, 'expired');
    },
  });
  return self;
}
