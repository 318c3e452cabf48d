import amqp from 'amqplib';

/**
 * Messages waiting in consumers' queues on RabbitMQ (main and retry queues, `<exchange>.<consumer>`
 * and `.retry`, see @bodega/events): ready messages only, so a consumer may still hold up to its
 * prefetch unacknowledged.
 */
export async function queuedMessages(
  amqpUrl: string,
  exchange: string,
  consumers: readonly string[],
): Promise<Record<string, number>> {
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    // A missing queue closes the channel: checkQueue rejects with that error, which is what the caller
    // sees; the channel's own 'error' event for it must not crash the process as unhandled.
    channel.on('error', () => undefined);
    const depths: Record<string, number> = {};
    for (const consumer of consumers) {
      for (const suffix of ['', '.retry']) {
        const queue = `${exchange}.${consumer}${suffix}`;
        depths[queue] = (await channel.checkQueue(queue)).messageCount;
      }
    }
    await channel.close();
    return depths;
  } finally {
    await connection.close();
  }
}
