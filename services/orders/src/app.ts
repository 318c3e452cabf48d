import { idempotent, startRelay } from '@bodega/events';
import { createService, observeDatabasePool, type ServiceApp, type ServiceContext } from '@bodega/kit';
import { createClients } from './clients/clients.js';
import type { OrdersConfig } from './config.js';
import { inbox, outbox } from './db/schema.js';
import { ordersDeps } from './deps.js';
import { applyPaymentEvent, CONSUMED_EVENTS, ORDERS_CONSUMER } from './orders/payment-events.js';
import { ensureDemoPromotions } from './promotions/demo-promotions.js';
import { startRecoveryLoop } from './recovery/recovery-loop.js';
import { registerCartRoutes } from './routes/cart-routes.js';
import { registerCheckoutRoutes } from './routes/checkout-routes.js';
import { registerInternalRoutes } from './routes/internal-routes.js';
import { registerOrderRoutes } from './routes/order-routes.js';
import { registerPricingRoutes } from './routes/pricing-routes.js';

/**
 * Orders, whole: its dependencies, plugins in order, routes, events and the recovery job.
 *
 * Calls: catalog (`/internal/products/lookup`, `/internal/reservations/*`) and payments
 * (`/internal/payments/*`), with a service token, through one pooled client each.
 * Serves, to other services and the CLI (service token): `/internal/orders/import` (seeding).
 * Publishes, through the outbox (same transaction as the change): `orders.order.placed`,
 * `orders.order.cancelled`, `orders.order.status_changed`.
 * Subscribes (consumer `orders`, idempotent through the inbox): `payments.payment.refunded`.
 */
export async function buildOrdersApp(ctx: ServiceContext<OrdersConfig>): Promise<ServiceApp> {
  const { config, logger } = ctx;
  const database = ctx.database;
  if (!database)
    throw new Error('orders needs its database (migrationsDir is set, so the runtime opens one)');

  const now = () => new Date();
  const clients = createClients({
    catalogUrl: config.CATALOG_URL,
    paymentsUrl: config.PAYMENTS_URL,
    catalogTimeoutMs: config.CATALOG_TIMEOUT_MS,
    paymentsTimeoutMs: config.PAYMENTS_TIMEOUT_MS,
    signer: ctx.serviceAuth.signer,
    logger,
  });
  ctx.onClose(() => clients.close());
  const deps = ordersDeps({ config, database, clients, logger, metrics: ctx.metrics, now });
  observeDatabasePool(ctx.metrics, database);

  const app = createService({
    name: ctx.name,
    logger,
    metrics: ctx.metrics,
    verifier: ctx.verifier,
    bodyLimit: config.BODY_LIMIT_BYTES,
    readiness: { database: () => database.ping(), cache: () => ctx.cache.ping(), bus: () => ctx.bus.ping() },
  });

  registerCartRoutes(app, deps);
  registerPricingRoutes(app, deps);
  registerCheckoutRoutes(app, deps);
  registerOrderRoutes(app, deps);
  registerInternalRoutes(app, deps, ctx.serviceAuth);

  // Events: the relay publishes what use cases wrote to the outbox; refunds come in from payments.
  const relay = await startRelay({ database, outbox, bus: ctx.bus, logger, metrics: ctx.metrics });
  ctx.onClose(() => relay.stop());
  await ctx.bus.subscribe({
    consumer: ORDERS_CONSUMER,
    types: [...CONSUMED_EVENTS],
    handler: idempotent({ database, inbox, consumer: ORDERS_CONSUMER }, (envelope, tx) =>
      applyPaymentEvent(envelope, tx, now()),
    ),
    metrics: ctx.metrics,
  });

  // Recovery: checkouts a crash or a failed compensation left half-done.
  const recovery = startRecoveryLoop(deps, config.RECOVERY_INTERVAL_MS);
  ctx.onClose(() => recovery.stop());

  if (ctx.mode === 'embedded' && config.DEMO_PROMOTIONS) await ensureDemoPromotions(deps);
  return app;
}
