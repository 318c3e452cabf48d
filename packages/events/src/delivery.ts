/**
 * What happens to one delivery, decided the same way by both buses: validate the envelope, run the
 * handler, and on failure either retry later or give up to the dead-letter queue. The buses only
 * carry out the decision with their own queues.
 */
import { formatIssues, validateEvent } from '@bodega/contracts';
import type { Logger } from '@bodega/logging';
import type { ResolvedSubscription } from './bus.js';
import type { ConsumerMetrics } from './event-metrics.js';

export type DeliveryOutcome =
  | { kind: 'handled' }
  | { kind: 'retry'; attempt: number; delayMs: number; error: string }
  | {
      kind: 'dead';
      id: string | null;
      type: string | null;
      envelope: unknown;
      error: string;
      attempts: number;
    };

/**
 * Runs delivery number `attempt` (1 for the first) of `body` to the subscription's handler, and
 * reports it to `metrics` when the bus keeps them.
 */
export async function deliver(
  subscription: ResolvedSubscription,
  body: string,
  attempt: number,
  logger: Logger,
  metrics?: ConsumerMetrics,
): Promise<DeliveryOutcome> {
  const log = logger.child({ consumer: subscription.consumer });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    log.error({ attempt }, 'event is not JSON: dead-lettered');
    metrics?.rejected(null);
    return {
      kind: 'dead',
      id: null,
      type: null,
      envelope: body,
      error: 'contract: the message is not JSON',
      attempts: 0,
    };
  }
  const { id, type } = identify(parsed);
  const validation = validateEvent(parsed);
  if (!validation.ok) {
    const error = `contract: ${formatIssues(validation.errors)}`;
    log.error({ event_id: id, event_type: type, error }, 'event breaks its contract: dead-lettered');
    metrics?.rejected(type);
    return { kind: 'dead', id, type, envelope: parsed, error, attempts: 0 };
  }
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    await subscription.handler(validation.envelope);
    metrics?.handled(type, 'handled', seconds(), validation.envelope.occurred_at);
    return { kind: 'handled' };
  } catch (cause) {
    const error = describe(cause);
    const context = { event_id: id, event_type: type, attempt, error };
    if (attempt >= subscription.maxAttempts) {
      metrics?.handled(type, 'dead', seconds(), null);
      log.error({ ...context, err: cause }, 'event handler failed for the last time: dead-lettered');
      return { kind: 'dead', id, type, envelope: parsed, error, attempts: attempt };
    }
    metrics?.handled(type, 'retry', seconds(), null);
    const delayMs = Math.max(0, subscription.backoffMs(attempt));
    log.warn({ ...context, retry_in_ms: delayMs }, 'event handler failed: will retry');
    return { kind: 'retry', attempt: attempt + 1, delayMs, error };
  }
}

/** The id and type of whatever arrived, when it has them, to name it in logs and dead letters. */
function identify(value: unknown): { id: string | null; type: string | null } {
  if (typeof value !== 'object' || value === null) return { id: null, type: null };
  const { id, type } = value as { id?: unknown; type?: unknown };
  return { id: typeof id === 'string' ? id : null, type: typeof type === 'string' ? type : null };
}

/** A failure as one line for the dead letter: what an operator needs, without a stack. */
export function describe(error: unknown): string {
  if (error instanceof Error)
    return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}
