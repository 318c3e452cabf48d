import type { ServiceDefinition } from '@bodega/kit';
import { analytics } from '@bodega/analytics';
import { catalog } from '@bodega/catalog';
import { identity } from '@bodega/identity';
import { orders } from '@bodega/orders';
import { payments } from '@bodega/payments';
import { search } from '@bodega/search';
import { gateway } from '@bodega/gateway';
import { UsageError } from './usage-error.js';

/**
 * Every service the platform runs, in start order: those others call first (in embedded mode a service
 * learns the others' URLs as they start), the gateway last.
 * The CLI is the one place allowed to know them all (services never import each other).
 */
export const platformServices: ServiceDefinition[] = [
  identity,
  catalog,
  search,
  payments,
  orders,
  analytics,
  gateway,
];

export function findService(name: string): ServiceDefinition {
  const definition = platformServices.find((service) => service.name === name);
  if (!definition) {
    throw new UsageError(
      `Unknown service '${name}'. Services: ${platformServices.map((s) => s.name).join(', ')}`,
    );
  }
  return definition;
}
