/**
 * The event bus of distributed mode, on RabbitMQ.
 *
 * Topology: one durable topic exchange (`bodega.events`); events are routed by type. Each consumer
 * has three durable queues: `<exchange>.<consumer>` bound to the types it subscribed to, `.retry`
 * where failed deliveries wait out their backoff, and `.dlq` for dead letters.
 *
 * Publishing goes through a confirm channel with persistent messages: `publish` resolves once the
 * broker has taken responsibility for the message, which is what lets the relay mark a row published.
 *
 * Retries use a TTL queue rather than holding the message in memory: a failed delivery is re-sent
 * (confirmed) to `.retry` with a per-message expiration equal to its backoff and an attempt counter
 * header, then acknowledged; when it expires RabbitMQ dead-letters it back to the consumer's queue.
 * So a waiting retry holds no prefetch slot, survives a crash or a broker restart, and keeps its
 * attempt count. The cost: RabbitMQ expires messages only at the head of a queue, so a retry can wait
 * behind a longer one queued before it (bounded by the longest backoff). After `maxAttempts` the
 * message goes to `.dlq` with the error, the attempt count and the time as headers.
 *
 * Connection loss (a broker restart, a network cut) is survived by amqplib's connection recovery:
 * reconnects with jittered backoff and, on each new connection, redeclares the topology and resumes
 * every subscription. Unacknowledged deliveries of the lost connection are redelivered by the broker
 * (at-least-once). While disconnected `publish` and `ping` fail fast, so the relay backs off and
 * readiness reports the outage.
 */
import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { EventEnvelope } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { Unavailable } from '@bodega/errors';
import type { Logger } from '@bodega/logging';
import { resolveSubscription, type EventBus, type ResolvedSubscription, type Subscription } from './bus.js';
import { deliver } from './delivery.js';
import { consumerMetrics, type ConsumerMetrics } from './event-metrics.js';
import { browseDeadLetters, consumerQueueDepths, replayDeadLetters } from './rabbitmq-dead-letters.js';
import {
  attemptHeader,
  attemptOf,
  deadLetterHeaders,
  forwardOptions,
  publishConfirmed,
  publishOptions,
  queuesOf,
  sendConfirmed,
} from './rabbitmq-messages.js';

export interface RabbitBusOptions {
  /** `amqp://user:password@host:5672/vhost` */
  url: string;
  /** The topic exchange; also the prefix of every queue. Default `bodega.events`. */
  exchange?: string;
  logger: Logger;
  /** Connection attempts at startup before giving up (a wrong URL fails the boot); after the first connection, reconnection never gives up. Default 10. */
  connectRetries?: number;
  /** Largest wait between reconnection attempts. Default 5 s. */
  maxReconnectDelayMs?: number;
  /** Heartbeat, to notice a dead peer on a silent network, unless the URL sets one. Default 15 s. */
  heartbeatSeconds?: number;
  /**
   * Every consumer's queue and the types bound to it, declared at each connection before anything is
   * published, whether or not this process consumes: a topic exchange drops what no queue is bound
   * to, so an event must find its consumers' queues even before they first started.
   */
  topology?: Readonly<Record<string, readonly string[]>>;
}

interface Consumer {
  subscription: ResolvedSubscription;
  queues: ReturnType<typeof queuesOf>;
  /** The connection this consumer currently consumes on, if any. */
  connection?: ChannelModel;
  channel?: ConfirmChannel;
  consumerTag?: string;
  metrics?: ConsumerMetrics;
}

/** Connects to RabbitMQ (retrying `connectRetries` times) and returns the bus. */
export async function createRabbitBus(options: RabbitBusOptions): Promise<EventBus> {
  const exchange = options.exchange ?? 'bodega.events';
  const logger = options.logger.child({ component: 'rabbitmq-bus', exchange });
  const consumers = new Map<string, Consumer>();
  const handling = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let connection: ChannelModel | undefined;
  let publisher: Promise<ConfirmChannel> | undefined;
  let closed = false;

  /** Declares the consumer's queues and bindings on `model` and starts consuming. */
  const attach = async (model: ChannelModel, consumer: Consumer) => {
    if (consumer.connection === model) return;
    const { subscription, queues } = consumer;
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: unknown) => {
      logger.warn({ err: error, consumer: subscription.consumer }, 'consumer channel failed');
    });
    channel.on('close', () => {
      if (consumer.channel !== channel) return;
      consumer.channel = undefined;
      consumer.connection = undefined;
      // The channel died but the connection lives (e.g. someone deleted the queue): start again.
      if (!closed && connection === model && consumers.get(subscription.consumer) === consumer)
        reattachLater(consumer);
    });
    try {
      await channel.assertExchange(exchange, 'topic', { durable: true });
      await declareQueues(channel, queues, subscription.types);
      await channel.prefetch(subscription.prefetch);
      const { consumerTag } = await channel.consume(queues.main, (message) => {
        if (message === null) {
          // The broker cancelled us (queue deleted): closing the channel triggers a fresh attach.
          logger.warn({ consumer: subscription.consumer }, 'consumer cancelled by the broker');
          void channel.close().catch(() => undefined);
          return;
        }
        const run = handle(channel, consumer, message).finally(() => handling.delete(run));
        handling.add(run);
      });
      consumer.channel = channel;
      consumer.consumerTag = consumerTag;
      consumer.connection = model;
    } catch (error) {
      await channel.close().catch(() => undefined);
      throw error;
    }
  };

  const reattachLater = (consumer: Consumer) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const model = connection;
      if (closed || !model || consumers.get(consumer.subscription.consumer) !== consumer) return;
      attach(model, consumer).catch((error: unknown) => {
        logger.error({ err: error, consumer: consumer.subscription.consumer }, 'resuming a consumer failed');
        reattachLater(consumer);
      });
    }, 1_000);
    timers.add(timer);
  };

  /** Runs one delivery, then settles it: acknowledged once handled, re-sent to retry, or dead-lettered. */
  const handle = async (channel: ConfirmChannel, consumer: Consumer, message: ConsumeMessage) => {
    const { subscription, queues } = consumer;
    const outcome = await deliver(
      subscription,
      message.content.toString('utf8'),
      attemptOf(message),
      logger,
      consumer.metrics,
    );
    try {
      if (outcome.kind === 'retry') {
        await sendConfirmed(channel, queues.retry, message.content, {
          ...forwardOptions(message, { [attemptHeader]: outcome.attempt }),
          expiration: String(Math.round(outcome.delayMs)),
        });
      } else if (outcome.kind === 'dead') {
        const id = outcome.id ?? (message.properties.messageId as string | undefined) ?? newId();
        await sendConfirmed(
          channel,
          queues.dead,
          message.content,
          forwardOptions(message, deadLetterHeaders(outcome.error, outcome.attempts, new Date()), id),
        );
      }
      channel.ack(message);
    } catch (error) {
      // The channel went away before the delivery was settled: the broker redelivers it, to us after
      // reconnecting or to another replica. That is the at-least-once we promise.
      logger.warn(
        { err: error, consumer: subscription.consumer },
        'could not settle a delivery; it will be redelivered',
      );
    }
  };

  /** A consumer's three queues, the main one bound to `types` (bindings only ever added). */
  const declareQueues = async (
    channel: Channel,
    queues: ReturnType<typeof queuesOf>,
    types: readonly string[],
  ): Promise<void> => {
    await channel.assertQueue(queues.main, { durable: true });
    await channel.assertQueue(queues.retry, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queues.main },
    });
    await channel.assertQueue(queues.dead, { durable: true });
    for (const pattern of types) await channel.bindQueue(queues.main, exchange, pattern);
  };

  /** Runs after every (re)connection, before the connection is handed out: topology, then consumers. */
  const setup = async (model: ChannelModel) => {
    const channel = await model.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    for (const [consumer, types] of Object.entries(options.topology ?? {}))
      await declareQueues(channel, queuesOf(exchange, consumer), types);
    await channel.close();
    for (const consumer of consumers.values()) await attach(model, consumer);
    connection = model;
    publisher = undefined;
  };

  const url = new URL(options.url);
  if (!url.searchParams.has('heartbeat'))
    url.searchParams.set('heartbeat', String(options.heartbeatSeconds ?? 15));
  const recovering = await connect(url.toString(), {
    recovery: {
      setup,
      initialDelay: 100,
      maxDelay: options.maxReconnectDelayMs ?? 5_000,
      initialMaxRetries: options.connectRetries ?? 10,
      waitForConnect: false,
    },
  });
  recovering.on('connect', () => {
    logger.info('connected to RabbitMQ');
  });
  recovering.on('disconnect', (error: Error) => {
    connection = undefined;
    publisher = undefined;
    for (const consumer of consumers.values()) {
      consumer.connection = undefined;
      consumer.channel = undefined;
    }
    logger.warn({ err: error }, 'lost the RabbitMQ connection; reconnecting');
  });
  recovering.on('connect-failed', (error: Error) => {
    logger.warn({ err: error }, 'connecting to RabbitMQ failed');
  });
  recovering.on('reconnect-failed', (error: Error) => {
    logger.error({ err: error }, 'gave up connecting to RabbitMQ');
  });
  recovering.on('error', (error: Error) => {
    logger.warn({ err: error }, 'RabbitMQ connection error');
  });
  await recovering.waitForConnect();

  const current = (): ChannelModel => {
    if (closed) throw Unavailable('The event bus is closed');
    if (!connection) throw Unavailable('RabbitMQ is not connected');
    return connection;
  };

  // One confirm channel publishes everything; it is opened on first use after each (re)connection.
  const publisherChannel = (): Promise<ConfirmChannel> => {
    const model = current();
    if (!publisher) {
      const opening = model.createConfirmChannel().then((channel) => {
        channel.on('error', (error: unknown) => {
          logger.warn({ err: error }, 'publisher channel failed');
        });
        channel.on('close', () => {
          if (publisher === opening) publisher = undefined;
        });
        return channel;
      });
      opening.catch(() => {
        if (publisher === opening) publisher = undefined;
      });
      publisher = opening;
    }
    return publisher;
  };

  return {
    async publish(envelope: EventEnvelope) {
      const channel = await publisherChannel();
      const content = Buffer.from(JSON.stringify(envelope));
      await publishConfirmed(channel, exchange, envelope.type, content, publishOptions(envelope));
    },

    async subscribe(subscription: Subscription) {
      if (closed) throw Unavailable('The event bus is closed');
      const resolved = resolveSubscription(subscription);
      if (consumers.has(resolved.consumer)) {
        throw new Error(`Consumer ${resolved.consumer} is already subscribed on this bus`);
      }
      const consumer: Consumer = { subscription: resolved, queues: queuesOf(exchange, resolved.consumer) };
      if (resolved.metrics) {
        consumer.metrics = consumerMetrics(resolved.metrics, resolved.consumer, () =>
          consumerQueueDepths(current(), exchange, resolved.consumer),
        );
      }
      consumers.set(resolved.consumer, consumer);
      // While disconnected the subscription is only registered; the next connection's setup attaches it.
      if (!connection) return;
      try {
        await attach(connection, consumer);
      } catch (error) {
        consumers.delete(resolved.consumer);
        consumer.metrics?.detach();
        throw error;
      }
    },

    async deadLetters(consumer, { limit = 1000 } = {}) {
      return browseDeadLetters(current(), exchange, consumer, limit);
    },

    async replay(consumer, ids) {
      return replayDeadLetters(current(), exchange, consumer, ids);
    },

    async ping() {
      await publisherChannel();
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const consumer of consumers.values()) {
        consumer.metrics?.detach();
        if (consumer.channel && consumer.consumerTag)
          await consumer.channel.cancel(consumer.consumerTag).catch(() => undefined);
      }
      await Promise.allSettled([...handling]);
      await recovering.close();
    },
  };
}
