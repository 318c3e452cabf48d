/**
 * The event bus port. Two implementations keep the same delivery semantics, proven by one contract
 * suite (test/events.contract.test.ts): the in-process bus for embedded mode and RabbitMQ for
 * distributed mode.
 *
 * - At-least-once: a handler may see an event again (redelivery after a crash, a replay), so
 *   handlers are idempotent (see `idempotent`).
 * - Each consumer has its own queue, bound to the types (or topic patterns) it asked for.
 * - A failing handler is retried with backoff up to `maxAttempts`, then the message goes to the
 *   consumer's dead-letter queue, where operators inspect it (`deadLetters`) and send it back
 *   (`replay`) once the cause is fixed.
 * - An envelope that breaks its contract goes straight to the dead-letter queue: retrying cannot fix
 *   it, and dropping it would lose data silently.
 */
import type { AnyEnvelope, EventEnvelope } from '@bodega/contracts';
import type { Registry } from 'prom-client';
import type { Tracer } from '@bodega/tracing';

/** Handles one event; a rejection means "retry later". */
export type EventHandler = (envelope: AnyEnvelope) => Promise<void>;

export interface Subscription {
  /** The consuming service (or a named consumer inside it); names its queue. `[a-z0-9_-]`, dots allowed. */
  consumer: string;
  /** Event types to receive; topic patterns work too: `catalog.product.*` (one word), `catalog.#` (any). */
  types: string[];
  handler: EventHandler;
  /** Deliveries before the message is dead-lettered, the first included. Default 5. */
  maxAttempts?: number;
  /** Delay before delivery `attempt + 1` after delivery `attempt` failed. Default 1 s doubling, at most 1 min. */
  backoffMs?: (attempt: number) => number;
  /** Handlers of this consumer running at once. Default 10. */
  prefetch?: number;
  /**
   * The service's registry (`ctx.metrics`): when given, the bus records this consumer's processing
   * time, lag, retries and dead letters there, and reads its queue depths on scrape.
   */
  metrics?: Registry;
  /**
   * The consuming service's tracer: each delivery then runs in a consumer span, a child of the trace
   * the envelope carries (`trace_parent`), so the handler's queries and logs belong to that trace.
   */
  tracer?: Tracer;
}

/** A message an operator has to look at: what arrived, why it failed, how often it was tried. */
export interface DeadLetter {
  /** The envelope's id when it has one (what `replay` takes), otherwise an id given on dead-lettering. */
  id: string;
  /** The envelope's type when it has one. */
  type: string | null;
  /** The envelope as received: possibly invalid, which may be why it is here. */
  envelope: unknown;
  error: string;
  /** Handler attempts made; 0 when the envelope failed validation and no handler ran. */
  attempts: number;
  failed_at: string;
}

export interface EventBus {
  /** Publishes one envelope; resolves once the broker has confirmed it is stored (publisher confirms). */
  publish(envelope: EventEnvelope): Promise<void>;
  /** Starts consuming for `consumer`; one subscription per consumer and bus. */
  subscribe(subscription: Subscription): Promise<void>;
  /** The consumer's dead letters, oldest first, without removing them (at most `limit`, default 1000). */
  deadLetters(consumer: string, options?: { limit?: number }): Promise<DeadLetter[]>;
  /** Sends dead letters (all, or those with these ids) back to that consumer only; resolves to how many. */
  replay(consumer: string, ids?: string[]): Promise<number>;
  /** Resolves when the bus can publish; rejects otherwise (readiness). */
  ping(): Promise<void>;
  /** Stops consuming, waits for running handlers, and disconnects. */
  close(): Promise<void>;
}

/** 1 s, 2 s, 4 s ... capped at one minute: enough for a dependency to come back, short enough to notice. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1));
}

/** A subscription with its defaults applied. */
export type ResolvedSubscription = Required<Omit<Subscription, 'metrics' | 'tracer'>> &
  Pick<Subscription, 'metrics' | 'tracer'>;

const consumerPattern = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/** Applies defaults and rejects what would make a broken queue name or an impossible retry policy. */
export function resolveSubscription(subscription: Subscription): ResolvedSubscription {
  if (!consumerPattern.test(subscription.consumer)) {
    throw new Error(
      `Consumer name ${JSON.stringify(subscription.consumer)} must match ${String(consumerPattern)}`,
    );
  }
  if (subscription.types.length === 0)
    throw new Error(`Consumer ${subscription.consumer} subscribes to no event type`);
  const resolved: ResolvedSubscription = {
    ...subscription,
    maxAttempts: subscription.maxAttempts ?? 5,
    backoffMs: subscription.backoffMs ?? defaultBackoffMs,
    prefetch: subscription.prefetch ?? 10,
  };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new Error(`maxAttempts of ${subscription.consumer} must be a positive integer`);
  }
  if (!Number.isInteger(resolved.prefetch) || resolved.prefetch < 1) {
    throw new Error(`prefetch of ${subscription.consumer} must be a positive integer`);
  }
  return resolved;
}
