/**
 * Operator access to a consumer's RabbitMQ dead-letter queue. Both operations read with `basic.get`
 * on a channel of their own and leave what they do not take unacknowledged: closing the channel puts
 * those messages back in the queue, in their original order.
 */
import type { Channel, ChannelModel } from 'amqplib';
import type { DeadLetter } from './bus.js';
import type { QueueDepths } from './event-metrics.js';
import { attemptHeader, forwardOptions, queuesOf, sendConfirmed, toDeadLetter } from './rabbitmq-messages.js';

/** Whether `queue` exists; a missing queue closes the channel, so this takes one of its own. */
async function queueDepth(model: ChannelModel, queue: string): Promise<number | undefined> {
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    const { messageCount } = await channel.checkQueue(queue);
    return messageCount;
  } catch (error) {
    if ((error as { code?: unknown }).code === 404) return undefined;
    throw error;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/**
 * Messages in the consumer's three queues, by passive declares on one channel of its own (cheap: the
 * broker answers from its queue index, no message is read). Ready counts exclude deliveries a
 * handler holds unacknowledged, so a stuck consumer shows as a growing `ready`.
 */
export async function consumerQueueDepths(
  model: ChannelModel,
  exchange: string,
  consumer: string,
): Promise<QueueDepths> {
  const { main, retry, dead } = queuesOf(exchange, consumer);
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    const [ready, retrying, dying] = [
      await channel.checkQueue(main),
      await channel.checkQueue(retry),
      await channel.checkQueue(dead),
    ];
    return { ready: ready.messageCount, retry: retrying.messageCount, dead: dying.messageCount };
  } finally {
    await closeQuietly(channel);
  }
}

async function closeQuietly(channel: Channel): Promise<void> {
  await channel.close().catch(() => undefined);
}

/** The first `limit` dead letters of `consumer`, left in place. */
export async function browseDeadLetters(
  model: ChannelModel,
  exchange: string,
  consumer: string,
  limit: number,
): Promise<DeadLetter[]> {
  const { dead } = queuesOf(exchange, consumer);
  if ((await queueDepth(model, dead)) === undefined) return [];
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    const letters: DeadLetter[] = [];
    while (letters.length < limit) {
      const message = await channel.get(dead, { noAck: false });
      if (!message) break;
      letters.push(toDeadLetter(message));
    }
    return letters;
  } finally {
    await closeQuietly(channel);
  }
}

/** Moves dead letters (all, or those whose id is in `ids`) back to the consumer's own queue. */
export async function replayDeadLetters(
  model: ChannelModel,
  exchange: string,
  consumer: string,
  ids: string[] | undefined,
): Promise<number> {
  const { main, dead } = queuesOf(exchange, consumer);
  const depth = await queueDepth(model, dead);
  if (depth === undefined || (await queueDepth(model, main)) === undefined) return 0;
  const wanted = ids ? new Set(ids) : undefined;
  const channel = await model.createConfirmChannel();
  channel.on('error', () => undefined);
  try {
    let replayed = 0;
    // Only what was there when we started: a replayed message that fails again at once comes back to
    // the end of the queue, and must not be picked up a second time by this same replay.
    for (let seen = 0; seen < depth; seen += 1) {
      const message = await channel.get(dead, { noAck: false });
      if (!message) break;
      const id = toDeadLetter(message).id;
      if (wanted && !wanted.has(id)) continue;
      await sendConfirmed(
        channel,
        main,
        message.content,
        forwardOptions(message, { [attemptHeader]: 1 }, id),
      );
      channel.ack(message);
      replayed += 1;
    }
    return replayed;
  } finally {
    await closeQuietly(channel);
  }
}
