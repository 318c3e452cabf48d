import type { ServiceTokenSigner } from '@bodega/auth';
import { createUpstream } from '@bodega/http-client';
import type { Logger } from '@bodega/logging';
import { createCatalogClient, type CatalogClient } from './catalog-client.js';
import { createPaymentsClient, type PaymentsClient } from './payments-client.js';
import { ServiceClient } from './service-call.js';

export interface ClientSettings {
  catalogUrl: string;
  paymentsUrl: string;
  catalogTimeoutMs: number;
  paymentsTimeoutMs: number;
  /** Signs as orders: each call's token names its callee. */
  signer: ServiceTokenSigner;
  logger: Logger;
}

/** The services checkout talks to, and how to let go of their connections. */
export interface Clients {
  catalog: CatalogClient;
  payments: PaymentsClient;
  close(): Promise<void>;
}

/**
 * One upstream per service (keep-alive pool, deadline, circuit breaker; POSTs are never retried by
 * the transport: the saga and recovery decide what to repeat), each call signed as `orders`.
 */
export function createClients(settings: ClientSettings): Clients {
  const { signer } = settings;
  const upstream = (name: 'catalog' | 'payments', baseUrl: string, timeoutMs: number) => {
    const created = createUpstream({ name, baseUrl, timeoutMs, connections: 32 });
    created.onStateChange((change) => {
      const level = change.to === 'closed' ? 'info' : 'warn';
      settings.logger[level](
        { upstream: name, from: change.from, to: change.to },
        `circuit of ${name} is ${change.to}`,
      );
    });
    return created;
  };
  const catalog = upstream('catalog', settings.catalogUrl, settings.catalogTimeoutMs);
  const payments = upstream('payments', settings.paymentsUrl, settings.paymentsTimeoutMs);
  return {
    catalog: createCatalogClient(new ServiceClient('catalog', catalog, signer)),
    payments: createPaymentsClient(
      new ServiceClient('payments', payments, signer),
      settings.paymentsTimeoutMs,
    ),
    close: async () => {
      await Promise.all([catalog.close(), payments.close()]);
    },
  };
}
