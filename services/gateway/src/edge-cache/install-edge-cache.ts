import { Counter, Gauge, type Registry } from 'prom-client';
import type { ServiceContext } from '@bodega/kit';
import type { GatewayConfig } from '../config.js';
import type { EdgeOptions } from '../proxy/forward.js';
import { EdgeCache } from './edge-cache.js';
import { createHitReports, type HitReports } from './hit-reports.js';
import { subscribeToPurges } from './purge-subscription.js';

/**
 * The edge cache with what keeps it right (the purge subscription) and what keeps the upstreams
 * informed (hit reports), or undefined when EDGE_CACHE_MAX_BYTES is 0. Closed before the upstreams,
 * so the last hits are still reported.
 */
export function installEdgeCache(context: ServiceContext<GatewayConfig>): EdgeOptions | undefined {
  const maxBytes = context.config.EDGE_CACHE_MAX_BYTES;
  if (maxBytes === 0) return undefined;
  const cache = new EdgeCache({ maxBytes });
  const subscription = subscribeToPurges(context.broadcast, cache, context.logger);
  const reports = createHitReports({
    signer: context.serviceAuth.signer,
    logger: context.logger,
  });
  registerEdgeMetrics(context.metrics, cache, reports);
  context.onClose(async () => {
    await reports.close();
    await subscription.close();
  });
  return { cache, live: () => subscription.live, reports };
}

/** Read from the cache's own counters at each scrape: nothing is counted twice on the request path. */
function registerEdgeMetrics(registry: Registry, cache: EdgeCache, reports: HitReports): void {
  const counter = (name: string, help: string, read: () => number, labelNames: string[] = []) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  new Counter({
    name: 'gateway_edge_cache_lookups_total',
    help: 'GET requests the edge cache was asked for, by result (hit: answered by the gateway)',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: 'hit' }, cache.stats.hits);
      this.inc({ result: 'miss' }, cache.stats.misses);
    },
  });
  counter(
    'gateway_edge_cache_stores_total',
    'Upstream answers stored by the edge cache',
    () => cache.stats.stores,
  );
  counter('gateway_edge_cache_purged_total', 'Stored answers dropped by purges', () => cache.stats.purged);
  counter(
    'gateway_edge_cache_hit_reports_dropped_total',
    'Edge cache hits never reported to their upstream (buffer full or upstream refused)',
    () => reports.dropped,
  );
  new Gauge({
    name: 'gateway_edge_cache_entries',
    help: 'Answers held by the edge cache',
    registers: [registry],
    collect() {
      this.set(cache.size);
    },
  });
}
