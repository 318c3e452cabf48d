/**
 * The event bus of embedded mode: every service in one process, queues in memory.
 *
 * It keeps the broker's semantics so code cannot come to rely on anything RabbitMQ would not give:
 * envelopes are serialized on publish (a handler never shares objects with the publisher), each
 * consumer has its own queue bound by topic patterns, handlers run asynchronously and concurrently
 * (up to `prefetch`), failures are retried with backoff, then dead-lettered; contract failures are
 * dead-lettered at once.
 *
 * The tradeoff: memory is not durable. A message that is queued, waiting for a retry, or
 * dead-lettered is lost if the process dies. The relay marks an outbox row published as soon as the
 * bus has it, so the outbox cannot bring it back either. Embedded mode accepts this for zero
 * infrastructure (it is a single-process setup for development and demos); distributed mode uses
 * RabbitMQ, whose durable queues and publisher confirms close the gap.
 *
 * Like a topic exchange, the bus routes to the queues that exist when an envelope is published:
 * subscribe every consumer before starting any relay, or the backlog flushed at boot reaches no one.
 */
import type { EventEnvelope } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { Unavailable } from '@bodega/errors';
import type { Logger } from '@bodega/logging';
import {
  resolveSubscription,
  type DeadLetter,
  type EventBus,
  type ResolvedSubscription,
  type Subscription,
} from './bus.js';
import { deliver } from './delivery.js';
import { consumerMetrics, type ConsumerMetrics } from './event-metrics.js';
import { topicMatches } from './topics.js';

interface Message {
  body: string;
  /** The delivery number this message is waiting for, 1 for the first. */
  attempt: number;
}

interface Queue {
  subscription: ResolvedSubscription;
  ready: Message[];
  running: number;
  /** Failed deliveries waiting out their backoff. */
  retrying: number;
  /** Dead letters with the exact body that failed, which is what a replay sends again. */
  dead: { letter: DeadLetter; body: string }[];
  metrics: ConsumerMetrics | undefined;
}

export interface InProcessBusOptions {
  logger: Logger;
}

/** Creates the in-memory bus of embedded mode. */
export function createInProcessBus(options: InProcessBusOptions): EventBus {
  const logger = options.logger.child({ component: 'in-process-bus' });
  const queues = new Map<string, Queue>();
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw Unavailable('The event bus is closed');
  };

  const enqueue = (queue: Queue, message: Message) => {
    queue.ready.push(message);
    drain(queue);
  };

  // Handlers start from a fresh macrotask, as they would on a broker's delivery: a publisher never
  // runs a consumer's code inside its own call stack (or, through the relay, inside its transaction).
  const drain = (queue: Queue) => {
    while (!closed && queue.running < queue.subscription.prefetch && queue.ready.length > 0) {
      const message = queue.ready.shift() as Message;
      queue.running += 1;
      const run = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => handle(queue, message))
        .finally(() => {
          queue.running -= 1;
          running.delete(run);
          drain(queue);
        });
      running.add(run);
    }
  };

  const handle = async (queue: Queue, message: Message) => {
    if (closed) return;
    const outcome = await deliver(queue.subscription, message.body, message.attempt, logger, queue.metrics);
    if (outcome.kind === 'retry') {
      queue.retrying += 1;
      const timer = setTimeout(() => {
        timers.delete(timer);
        queue.retrying -= 1;
        enqueue(queue, { body: message.body, attempt: outcome.attempt });
      }, outcome.delayMs);
      timers.add(timer);
    } else if (outcome.kind === 'dead') {
      const letter: DeadLetter = {
        id: outcome.id ?? newId(),
        type: outcome.type,
        envelope: outcome.envelope,
        error: outcome.error,
        attempts: outcome.attempts,
        failed_at: new Date().toISOString(),
      };
      queue.dead.push({ letter, body: message.body });
    }
  };

  return {
    publish(envelope: EventEnvelope) {
      assertOpen();
      const body = JSON.stringify(envelope);
      // Routing happens synchronously, so envelopes published in order are queued in order.
      for (const queue of queues.values()) {
        if (queue.subscription.types.some((pattern) => topicMatches(pattern, envelope.type))) {
          enqueue(queue, { body, attempt: 1 });
        }
      }
      return Promise.resolve();
    },

    subscribe(subscription: Subscription) {
      assertOpen();
      const resolved = resolveSubscription(subscription);
      if (queues.has(resolved.consumer)) {
        throw new Error(`Consumer ${resolved.consumer} is already subscribed on this bus`);
      }
      const queue: Queue = {
        subscription: resolved,
        ready: [],
        running: 0,
        retrying: 0,
        dead: [],
        metrics: undefined,
      };
      if (resolved.metrics) {
        queue.metrics = consumerMetrics(resolved.metrics, resolved.consumer, () =>
          Promise.resolve({ ready: queue.ready.length, retry: queue.retrying, dead: queue.dead.length }),
        );
      }
      queues.set(resolved.consumer, queue);
      return Promise.resolve();
    },

    deadLetters(consumer, { limit = 1000 } = {}) {
      const dead = queues.get(consumer)?.dead ?? [];
      return Promise.resolve(dead.slice(0, limit).map(({ letter }) => structuredClone(letter)));
    },

    replay(consumer, ids) {
      assertOpen();
      const queue = queues.get(consumer);
      if (!queue) return Promise.resolve(0);
      const wanted = ids ? new Set(ids) : undefined;
      const chosen = queue.dead.filter(({ letter }) => !wanted || wanted.has(letter.id));
      queue.dead = queue.dead.filter((entry) => !chosen.includes(entry));
      for (const { body } of chosen) enqueue(queue, { body, attempt: 1 });
      return Promise.resolve(chosen.length);
    },

    ping() {
      return closed ? Promise.reject(Unavailable('The event bus is closed')) : Promise.resolve();
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const queue of queues.values()) queue.metrics?.detach();
      await Promise.allSettled([...running]);
    },
  };
}
