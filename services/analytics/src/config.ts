import { Type, type Static } from '@bodega/config';
import { serviceConfig } from '@bodega/kit';

/** Analytics' configuration: the kit's common keys plus its own. */
export const analyticsConfigSchema = serviceConfig(8106, {
  ANALYTICS_CURRENCY: Type.String({
    pattern: '^[A-Z]{3}$',
    default: 'USD',
    description:
      "The shop's one currency (ISO 4217): money events in another are refused, recorded in analytics.refused_events",
  }),
  BEACON_RATE_LIMIT_PER_MINUTE: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 600,
    description:
      'Beacon events one session may send per minute (fixed window, counted across replicas in Redis); over: 429',
  }),
  CONSUMER_MAX_ATTEMPTS: Type.Integer({
    minimum: 1,
    maximum: 50,
    default: 5,
    description: 'Deliveries of an event to the consumer before it is dead-lettered (consumer "analytics")',
  }),
  CONSUMER_RETRY_BASE_MS: Type.Integer({
    minimum: 0,
    maximum: 60_000,
    default: 1_000,
    description: 'First retry delay of a failed event; it doubles on each attempt, capped at one minute',
  }),
});

export type AnalyticsConfig = Static<typeof analyticsConfigSchema>;
