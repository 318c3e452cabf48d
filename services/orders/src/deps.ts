import type { Database, Db } from '@bodega/db';
import type { Logger } from '@bodega/logging';
import { Registry } from 'prom-client';
import type { Clients } from './clients/clients.js';
import type { OrdersConfig } from './config.js';
import { createOrdersMetrics, type OrdersMetrics } from './orders/order-metrics.js';
import type { PricingRules } from './pricing/calculator.js';

/** Pricing settings from config; the tax rate itself comes from the tax_rates table per country. */
export interface PricingSettings {
  shippingFlat: number;
  shippingFreeAbove: number | null;
  defaultTaxRateBps: number;
}

/** What orders' use cases are given: explicit dependencies, an explicit clock, no globals. */
export interface OrdersDeps {
  db: Db;
  database: Database;
  catalog: Clients['catalog'];
  payments: Clients['payments'];
  logger: Logger;
  metrics: OrdersMetrics;
  now: () => Date;
  pricing: PricingSettings;
  reservationTtlSeconds: number;
  idempotencyWaitMs: number;
  recoveryStaleAfterMs: number;
}

/** The rules of `calculateQuote` for an order taxed at `taxRateBps`. */
export function pricingRules(settings: PricingSettings, taxRateBps: number): PricingRules {
  return {
    tax_rate_bps: taxRateBps,
    shipping_flat: settings.shippingFlat,
    shipping_free_above: settings.shippingFreeAbove,
  };
}

/** Orders' dependencies from its config, database and clients (app.ts; tests build their own the same way). */
export function ordersDeps(parts: {
  config: OrdersConfig;
  database: Database;
  clients: Pick<Clients, 'catalog' | 'payments'>;
  logger: Logger;
  /** The service's registry; tests that read no metrics may leave it out. */
  metrics?: Registry;
  now?: () => Date;
}): OrdersDeps {
  const { config } = parts;
  return {
    db: parts.database.db,
    database: parts.database,
    catalog: parts.clients.catalog,
    payments: parts.clients.payments,
    logger: parts.logger,
    metrics: createOrdersMetrics(parts.metrics ?? new Registry()),
    now: parts.now ?? (() => new Date()),
    pricing: {
      shippingFlat: config.SHIPPING_FLAT_AMOUNT,
      shippingFreeAbove: config.SHIPPING_FREE_ABOVE,
      defaultTaxRateBps: config.TAX_DEFAULT_RATE_BPS,
    },
    reservationTtlSeconds: config.RESERVATION_TTL_SECONDS,
    idempotencyWaitMs: config.IDEMPOTENCY_WAIT_MS,
    recoveryStaleAfterMs: config.RECOVERY_STALE_AFTER_MS,
  };
}
