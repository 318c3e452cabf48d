import type { Broadcast, Subscription } from '@bodega/cache';
import { EDGE_PURGE_CHANNEL } from '@bodega/contracts';
import type { Logger } from '@bodega/logging';
import type { EdgeCache } from './edge-cache.js';

/**
 * Keeps the edge cache in step with the upstreams' changes: every purge message drops its tags; any
 * gap in the subscription (down, or just back) drops everything, since purges may have been missed.
 * While the subscription is not live the cache must neither serve nor store (see `live`).
 */
export function subscribeToPurges(broadcast: Broadcast, edge: EdgeCache, logger: Logger): Subscription {
  return broadcast.subscribe(EDGE_PURGE_CHANNEL, {
    message(message) {
      edge.purge(message.split(' ').filter((tag) => tag.length > 0));
    },
    gap() {
      edge.clear();
      logger.info('edge cache cleared: its purge subscription was interrupted or has just started');
    },
  });
}
