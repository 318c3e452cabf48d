import { startRelay } from '@bodega/events';
import { createService, observeDatabasePool, type ServiceApp, type ServiceContext } from '@bodega/kit';
import type { PaymentsConfig } from './config.js';
import { outbox } from './db/schema.js';
import type { PaymentsDeps } from './deps.js';
import { createPaymentMetrics } from './payments/payment-metrics.js';
import { createSimulatedProvider, type Delay } from './provider/simulated-provider.js';
import { registerInternalRoutes } from './routes/internal-routes.js';
import { registerPaymentRoutes } from './routes/payment-routes.js';

export interface PaymentsAppOptions {
  /** How the simulated provider waits (latency, the slow card); real timers by default. */
  providerDelay?: Delay;
}

/**
 * Payments, whole: its dependencies, plugins in order, routes and events.
 *
 * Publishes, through the outbox (same transaction as the change): `payments.payment.authorized`,
 * `declined`, `captured`, `voided`, `refunded` (every refund, partial or full).
 * Subscribes: nothing (orders calls the internal routes).
 */
export async function buildPaymentsApp(
  ctx: ServiceContext<PaymentsConfig>,
  options: PaymentsAppOptions = {},
): Promise<ServiceApp> {
  const { config, logger } = ctx;
  const database = ctx.database;
  if (!database)
    throw new Error('payments needs its database (migrationsDir is set, so the runtime opens one)');

  const provider = createSimulatedProvider({
    latencyMs: config.PROVIDER_LATENCY_MS,
    slowMs: config.PROVIDER_SLOW_MS,
    ...(options.providerDelay === undefined ? {} : { delay: options.providerDelay }),
  });
  const deps: PaymentsDeps = {
    db: database.db,
    logger,
    now: () => new Date(),
    provider,
    metrics: createPaymentMetrics(ctx.metrics),
  };
  observeDatabasePool(ctx.metrics, database);

  const app = createService({
    name: ctx.name,
    logger,
    metrics: ctx.metrics,
    verifier: ctx.verifier,
    bodyLimit: config.BODY_LIMIT_BYTES,
    readiness: { database: () => database.ping(), bus: () => ctx.bus.ping() },
  });
  // Before the server waits for requests in flight: a provider wait (the slow card stalls for
  // PROVIDER_SLOW_MS) must not hold a shutdown; it ends as a retryable 502 and nothing is stored.
  app.addHook('preClose', async () => {
    provider.close();
  });

  registerPaymentRoutes(app, deps);
  registerInternalRoutes(app, deps, ctx.serviceAuth);

  // Events: the relay publishes what use cases wrote to the outbox.
  const relay = await startRelay({ database, outbox, bus: ctx.bus, logger, metrics: ctx.metrics });
  ctx.onClose(() => relay.stop());
  return app;
}
