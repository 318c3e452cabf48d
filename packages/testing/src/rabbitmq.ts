import amqp from 'amqplib';

/**
 * Deletes exchanges and queues a test created on the shared RabbitMQ, so runs leave nothing behind.
 * Queues of a consumer are `<exchange>.<consumer>`, `.retry` and `.dlq` (see @bodega/events).
 */
export async function deleteRabbitTopology(
  url: string,
  topology: { exchanges?: string[]; consumers?: { exchange: string; consumer: string }[] },
): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const { exchange, consumer } of topology.consumers ?? []) {
      for (const suffix of ['', '.retry', '.dlq'])
        await channel.deleteQueue(`${exchange}.${consumer}${suffix}`);
    }
    for (const exchange of topology.exchanges ?? []) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}
