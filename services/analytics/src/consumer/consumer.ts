/**
 * The consumer: analytics' one subscription on the bus (consumer `analytics`). Every event is applied
 * in a transaction together with its inbox row (at-least-once delivery, exactly-once effect): the
 * raw facts and the hourly rollups move together or not at all. A handler that throws is retried by
 * the bus with backoff, then dead-lettered under the consumer `analytics`.
 */
import { eventConsumers, type AnyEnvelope, type Money } from '@bodega/contracts';
import type { Database, Tx } from '@bodega/db';
import { idempotent, type EventHandler } from '@bodega/events';
import { inbox, refusedEvents } from '../db/schema.js';
import type { AnalyticsMetrics } from '../metrics.js';
import { applyOrderCancelled } from './order-cancelled.js';
import { applyOrderPlaced } from './order-placed.js';
import { applyPaymentRefunded } from './payment-refunded.js';
import { applyProductViewed } from './product-viewed.js';
import { applyUserRegistered } from './user-registered.js';

export const CONSUMER = 'analytics';

/** What analytics consumes: its line of the platform's event topology. */
export const CONSUMED_EVENTS = eventConsumers.analytics;

export interface ConsumerDeps {
  database: Database;
  metrics: AnalyticsMetrics;
  /** The shop's currency: money in another is refused. */
  currency: string;
  now: () => Date;
}

/** The amounts an event carries, to check against the shop's currency (none for views, registrations). */
function moneyOf(envelope: AnyEnvelope): Money[] {
  switch (envelope.type) {
    case 'orders.order.placed':
      return [envelope.data.total, ...envelope.data.items.map((item) => item.unit_price)];
    case 'orders.order.cancelled':
      return envelope.data.was_paid ? [envelope.data.total] : [];
    case 'payments.payment.refunded':
      return [envelope.data.amount];
    default:
      return [];
  }
}

/** Applies one event; resolves to false when it was refused (recorded, not applied). */
export async function applyEvent(envelope: AnyEnvelope, tx: Tx, deps: ConsumerDeps): Promise<boolean> {
  const foreign = moneyOf(envelope).find((money) => money.currency !== deps.currency);
  if (foreign) {
    // One currency per shop: adding another into the figures would be wrong, and retrying cannot
    // fix it. Kept where operators can see it rather than dead-lettered after pointless retries.
    await tx.insert(refusedEvents).values({
      eventId: envelope.id,
      type: envelope.type,
      reason: `currency ${foreign.currency} is not the shop's ${deps.currency}`,
      envelope,
      refusedAt: deps.now(),
    });
    return false;
  }
  switch (envelope.type) {
    case 'orders.order.placed':
      await applyOrderPlaced(tx, envelope.data);
      return true;
    case 'orders.order.cancelled':
      await applyOrderCancelled(tx, envelope.data);
      return true;
    case 'payments.payment.refunded':
      await applyPaymentRefunded(tx, envelope.data);
      return true;
    case 'catalog.product.viewed':
      await applyProductViewed(tx, envelope.data);
      return true;
    case 'identity.user.registered':
      await applyUserRegistered(tx, envelope.data);
      return true;
    default:
      // Only reachable if the subscription and this switch disagree: fail loudly (dead letter).
      throw new Error(`analytics does not consume ${envelope.type} events`);
  }
}

/** The bus handler: idempotent application, then the metrics once committed. */
export function consumerHandler(deps: ConsumerDeps): EventHandler {
  const options = { database: deps.database, inbox, consumer: CONSUMER };
  return async (envelope) => {
    const outcome = { applied: false, duplicate: true };
    await idempotent(options, async (event, tx) => {
      outcome.duplicate = false;
      outcome.applied = await applyEvent(event, tx, deps);
    })(envelope);
    if (outcome.duplicate) return;
    if (!outcome.applied) {
      deps.metrics.refused.inc({ type: envelope.type, reason: 'currency' });
      return;
    }
    const lagSeconds = Math.max(0, (deps.now().getTime() - Date.parse(envelope.occurred_at)) / 1000);
    deps.metrics.ingested.inc({ source: 'bus', type: envelope.type });
    deps.metrics.lag.observe({ type: envelope.type }, lagSeconds);
    deps.metrics.lastLag.set(lagSeconds);
  };
}
