import {
  ProductLookupResult,
  Reservation,
  type ProductSnapshot,
  type ReservationRequest,
} from '@bodega/contracts';
import type { ServiceClient } from './service-call.js';

/**
 * Catalog's internal API (packages/contracts/src/internal.ts is its spec): live product facts and
 * stock reservations, whose id is the order's id. Business refusals (409 `OUT_OF_STOCK`, 422
 * `PRODUCT_UNAVAILABLE`, 409 `RESERVATION_EXPIRED`...) reject with an `UpstreamRefusal`; anything
 * else that goes wrong with `Unavailable` `CATALOG_UNAVAILABLE`.
 */
export interface CatalogClient {
  /** Live facts about up to 100 distinct products; ids that never existed are in `missing`. */
  lookup(ids: string[]): Promise<ProductLookupResult>;
  /** Holds stock for every line or none; a repeat with the same id answers the same hold. */
  reserve(request: ReservationRequest): Promise<Reservation>;
  /** The held units are sold. */
  commit(reservationId: string): Promise<Reservation>;
  /** The held units go back on sale; a reservation that was never made is fine too. */
  release(reservationId: string): Promise<void>;
  /** A committed reservation's units go back on sale (a paid order was cancelled). */
  returnStock(reservationId: string): Promise<Reservation>;
}

export function createCatalogClient(client: ServiceClient): CatalogClient {
  const transition = async (reservationId: string, action: 'commit' | 'release' | 'return') => {
    const response = await client.send('POST', `/internal/reservations/${reservationId}/${action}`);
    if (response.status >= 400) throw client.refusal(response);
    return client.parse(response, Reservation);
  };
  return {
    async lookup(ids) {
      const response = await client.send('POST', '/internal/products/lookup', { ids });
      if (response.status >= 400) throw client.refusal(response);
      return client.parse(response, ProductLookupResult);
    },
    async reserve(request) {
      const response = await client.send('POST', '/internal/reservations', request);
      if (response.status >= 400) throw client.refusal(response);
      return client.parse(response, Reservation);
    },
    commit: (reservationId) => transition(reservationId, 'commit'),
    async release(reservationId) {
      const response = await client.send('POST', `/internal/reservations/${reservationId}/release`);
      // A checkout that failed before (or while) reserving may have no hold at all.
      if (response.status === 404) return;
      if (response.status >= 400) throw client.refusal(response);
      client.parse(response, Reservation);
    },
    returnStock: (reservationId) => transition(reservationId, 'return'),
  };
}

/** Products by id, for lookups answered in any order. */
export function byId(products: readonly ProductSnapshot[]): Map<string, ProductSnapshot> {
  return new Map(products.map((product) => [product.id, product]));
}
