/**
 * What happens to one delivery, decided the same way by both buses: validate the envelope, run the
 * handler, and on failure either retry later or give up to the dead-letter queue. The buses only
 * carry out the decision with their own queues.
 */
import { formatIssues, validateEvent } from '@bodega/contracts';
import type { Logger } from '@bodega/logging';
import {
  context,
  contextFromTraceparent,
  endSpan,
  SpanKind,
  SpanStatusCode,
  trace,
  withTracer,
} from '@bodega/tracing';
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
  const tracer = subscription.tracer;
  // Read before parsing (parsing may fail, and that failure belongs in the trace too). Events without a
  // trace (seeding, sweeps) make no spans: they would flood the store with one-span traces.
  const traceParent = tracer && /"trace_parent"\s*:\s*"([^"]+)"/.exec(body)?.[1];
  if (tracer === undefined || traceParent === undefined)
    return decide(subscription, body, attempt, logger, metrics);
  const type = /"type"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? 'unknown';
  const parent = withTracer(contextFromTraceparent(traceParent), tracer);
  const span = tracer.startSpan(
    `process ${type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.operation.type': 'process',
        'messaging.destination.name': type,
        'messaging.consumer.group.name': subscription.consumer,
        'messaging.message.delivery_attempt': attempt,
      },
    },
    parent,
  );
  const outcome = await context.with(trace.setSpan(parent, span), () =>
    decide(subscription, body, attempt, logger, metrics),
  );
  if (outcome.kind !== 'handled') {
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute('messaging.outcome', outcome.kind);
  }
  endSpan(span);
  return outcome;
}

async function decide(
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

/**
 * A failure as one line for the dead letter: what an operator needs, without a stack. A wrapper's
 * cause comes first (drizzle's "Failed query: <sql> params: <values>" hides the database's reason
 * in `cause`), so the reason survives when the line is cut to fit a header.
 */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const own = error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  return error.cause === undefined ? own : `${describe(error.cause)} (in: ${own})`;
}
