import {
  context,
  contextFromTraceparent,
  endSpan,
  formatTraceparent,
  SpanKind,
  type Tracer,
} from '@bodega/tracing';
import type { EventEnvelope } from '@bodega/contracts';
import type { DeadLetter, EventBus, Subscription } from './bus.js';

/** One service's view of the bus: what it consumes, traced with its own tracer. */
export interface ServiceBus extends EventBus {
  /** The consumers this service subscribed, in order: whose dead letters are its to show and replay. */
  readonly consumers: readonly string[];
  /** This service's dead letters over all its consumers, each with the consumer it belongs to. */
  allDeadLetters(options?: { limit?: number }): Promise<(DeadLetter & { consumer: string })[]>;
  /** Replays this service's dead letters (all, or those with these ids) to whichever of its consumers holds them. */
  replayAll(ids?: string[]): Promise<number>;
}

export interface ServiceBusOptions {
  /** The service's tracer: publishes become producer spans, deliveries consumer spans. */
  tracer?: Tracer | undefined;
  /** `messaging.system` of the spans: `rabbitmq`, or `bodega` for the in-process bus. */
  system?: string;
}

/**
 * Wraps the bus a service is given (in embedded mode one bus serves every service) so that its
 * publishes and deliveries are traced as this service, and its consumers are known to the operations
 * routes. A publish of an envelope that carries a trace is a producer span in that trace, and the
 * envelope goes out naming that span as its parent, so consumers hang under the publish.
 */
export function serviceBus(bus: EventBus, options: ServiceBusOptions = {}): ServiceBus {
  const { tracer } = options;
  const consumers: string[] = [];
  const system = options.system ?? 'bodega';

  const publish = async (envelope: EventEnvelope): Promise<void> => {
    if (tracer === undefined || envelope.trace_parent === undefined) return bus.publish(envelope);
    const parent = contextFromTraceparent(envelope.trace_parent);
    const span = tracer.startSpan(
      `publish ${envelope.type}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': system,
          'messaging.operation.type': 'send',
          'messaging.destination.name': envelope.type,
          'messaging.message.id': envelope.id,
        },
      },
      parent,
    );
    try {
      await context.with(parent, () =>
        bus.publish({ ...envelope, trace_parent: formatTraceparent(span.spanContext()) }),
      );
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  };

  return {
    consumers,
    publish,
    async subscribe(subscription: Subscription) {
      await bus.subscribe(tracer === undefined ? subscription : { ...subscription, tracer });
      consumers.push(subscription.consumer);
    },
    deadLetters: (consumer, deadLetterOptions) => bus.deadLetters(consumer, deadLetterOptions),
    replay: (consumer, ids) => bus.replay(consumer, ids),
    async allDeadLetters(deadLetterOptions = {}) {
      const limit = deadLetterOptions.limit ?? 1000;
      const lists = await Promise.all(
        consumers.map(async (consumer) =>
          (await bus.deadLetters(consumer, { limit })).map((letter) => ({ ...letter, consumer })),
        ),
      );
      return lists
        .flat()
        .sort((a, b) => a.failed_at.localeCompare(b.failed_at))
        .slice(0, limit);
    },
    async replayAll(ids) {
      let replayed = 0;
      for (const consumer of consumers) replayed += await bus.replay(consumer, ids);
      return replayed;
    },
    ping: () => bus.ping(),
    close: () => bus.close(),
  };
}
