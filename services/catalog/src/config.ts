import { Type, type Static } from '@bodega/config';
import { serviceConfig } from '@bodega/kit';

/** Catalog's configuration: the kit's common keys plus its own. */
export const catalogConfigSchema = serviceConfig(8102, {
  DEMO_CATALOG_SIZE: Type.Integer({
    minimum: 0,
    maximum: 100_000,
    default: 300,
    description:
      'Embedded mode only: products of the generated demo catalog inserted at boot when the catalog is empty (0: none)',
  }),
  PRODUCT_CACHE_TTL_MS: Type.Integer({
    minimum: 1_000,
    maximum: 3_600_000,
    default: 300_000,
    description: 'How long a product read stays cached; every write to the product also evicts it at once',
  }),
  VIEW_FLUSH_INTERVAL_MS: Type.Integer({
    minimum: 10,
    maximum: 60_000,
    default: 1_000,
    description: 'How often buffered product views are sent as one catalog.product.viewed event',
  }),
  RESERVATION_TTL_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 3_600,
    default: 600,
    description:
      'How long a stock hold lasts when the caller names no ttl_seconds; past it the sweeper gives its units back',
  }),
  RESERVATION_SWEEP_INTERVAL_MS: Type.Integer({
    minimum: 100,
    maximum: 3_600_000,
    default: 5_000,
    description: 'How often expired stock holds are looked for and their units given back',
  }),
});

export type CatalogConfig = Static<typeof catalogConfigSchema>;
