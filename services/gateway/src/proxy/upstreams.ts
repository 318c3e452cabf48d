import { createUpstream, type Upstream } from '@bodega/http-client';
import type { ServiceContext } from '@bodega/kit';
import type { GatewayConfig } from '../config.js';
import { upstreamServices, upstreamUrls, type UpstreamName } from '../routes/route-table.js';

/**
 * One client per service behind the gateway: a keep-alive pool, the upstream deadline, retries of
 * idempotent requests and a circuit breaker each. Closed at shutdown, after the server stopped.
 */
export function createUpstreams(context: ServiceContext<GatewayConfig>): Record<UpstreamName, Upstream> {
  const urls = upstreamUrls(context.config);
  const names = Object.keys(upstreamServices) as UpstreamName[];
  const upstreams = Object.fromEntries(
    names.map((name) => {
      const upstream = createUpstream({
        name,
        baseUrl: urls[name],
        timeoutMs: context.config.UPSTREAM_TIMEOUT_MS,
      });
      upstream.onStateChange((change) => {
        const level = change.to === 'closed' ? 'info' : 'warn';
        context.logger[level](
          { upstream: change.upstream, from: change.from, to: change.to },
          `circuit of ${change.upstream} is ${change.to}`,
        );
      });
      context.onClose(() => upstream.close());
      return [name, upstream];
    }),
  );
  return upstreams as Record<UpstreamName, Upstream>;
}
