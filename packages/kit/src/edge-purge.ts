import type { Broadcast } from '@bodega/cache';
import { EDGE_PURGE_CHANNEL } from '@bodega/contracts';
import type { Logger } from '@bodega/logging';

/**
 * Tells every gateway to drop the stored answers tagged `tag` (ADR 0014), after a committed change:
 * a gateway asking again at once must find the new state. Best effort: a gateway whose purge
 * subscription is down has already dropped its whole store and stores nothing until it is back; one
 * that missed the message keeps the old answer for at most the TTL its upstream set. A failed publish
 * is logged with `fields`, never thrown: the change itself is committed.
 */
export async function publishEdgePurge(
  deps: { broadcast: Broadcast; logger: Logger },
  tag: string,
  fields: Record<string, unknown> = {},
): Promise<void> {
  try {
    await deps.broadcast.publish(EDGE_PURGE_CHANNEL, tag);
  } catch (error) {
    deps.logger.warn({ err: error, ...fields, tag }, 'edge cache purge not published');
  }
}
