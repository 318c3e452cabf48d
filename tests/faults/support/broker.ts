/**
 * The scenario's own hands on the platform's RabbitMQ, straight to the broker (past the proxy): send
 * envelopes to the exchange as a relay would, and the operators' dead-letter tools of @bodega/events.
 */
import amqp from 'amqplib';
import { createRabbitBus, type EventBus } from '@bodega/events';
import { silentLogger } from '@bodega/logging';
import { getJson } from '../../../bench/lib/wait.js';
import type { FaultPlatform, ServiceName } from './fault-platform.js';

/**
 * Publishes each envelope to the platform's exchange, routed by its type, with the properties the
 * relay gives it (persistent, id, type), waiting for the broker's confirms.
 */
export async function publishRaw(
  platform: FaultPlatform,
  envelopes: Record<string, unknown>[],
): Promise<void> {
  const connection = await amqp.connect(platform.amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    for (const envelope of envelopes) {
      const type = typeof envelope.type === 'string' ? envelope.type : 'unknown';
      channel.publish(platform.exchange, type, Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
        contentType: 'application/json',
        ...(typeof envelope.id === 'string' ? { messageId: envelope.id } : {}),
        type,
      });
    }
    await channel.waitForConfirms();
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** The operator's view of the platform's bus: dead letters and replays (no subscription of its own). */
export function operatorBus(platform: FaultPlatform): Promise<EventBus> {
  return createRabbitBus({ url: platform.amqpUrl, exchange: platform.exchange, logger: silentLogger() });
}

/**
 * Deliveries a consumer's handler finished (`handled`, `retry` or `dead`), by its own metrics: the
 * count of `events_consumer_handle_duration_seconds`, duplicates skipped by the inbox included.
 */
export async function handledDeliveries(
  platform: FaultPlatform,
  service: ServiceName,
  consumer: string,
  outcome = 'handled',
): Promise<number> {
  const { body } = await getJson(`${platform.services[service].url}/metrics`, 5_000);
  let total = 0;
  for (const line of String(body).split('\n')) {
    if (!line.startsWith('events_consumer_handle_duration_seconds_count{')) continue;
    if (!line.includes(`consumer="${consumer}"`) || !line.includes(`outcome="${outcome}"`)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
