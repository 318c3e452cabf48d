import amqp from 'amqplib';
import { eventConsumers } from '@bodega/contracts';

/**
 * Deletes exchanges and queues a test created on the shared RabbitMQ, so runs leave nothing behind.
 * Queues of a consumer are `<exchange>.<consumer>`, `.retry` and `.dlq` (see @bodega/events). Every
 * service declares the queues of the whole consumer topology (`eventConsumers`) on its exchange, so
 * those go with each exchange too, besides the `consumers` named.
 */
export async function deleteRabbitTopology(
  url: string,
  topology: { exchanges?: string[]; consumers?: { exchange: string; consumer: string }[] },
): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    const declared = (topology.exchanges ?? []).flatMap((exchange) =>
      Object.keys(eventConsumers).map((consumer) => ({ exchange, consumer })),
    );
    for (const { exchange, consumer } of [...(topology.consumers ?? []), ...declared]) {
      for (const suffix of ['', '.retry', '.dlq'])
        await channel.deleteQueue(`${exchange}.${consumer}${suffix}`);
    }
    for (const exchange of topology.exchanges ?? []) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}
