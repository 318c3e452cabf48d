/**
 * How Bodega events look on RabbitMQ: queue names, message properties, the headers that carry retry
 * and dead-letter state, and confirmed sends. Shared by the bus and its dead-letter operations.
 */
import type { ConfirmChannel, GetMessage, Message, Options } from 'amqplib';
import type { EventEnvelope } from '@bodega/contracts';
import { newId } from '@bodega/db';
import type { DeadLetter } from './bus.js';

/** The delivery number a message is waiting for (1 for the first); survives the retry queue. */
export const attemptHeader = 'x-bodega-attempt';
const errorHeader = 'x-bodega-error';
const attemptsHeader = 'x-bodega-attempts';
const failedAtHeader = 'x-bodega-failed-at';

/** The three durable queues of one consumer. */
export function queuesOf(exchange: string, consumer: string): { main: string; retry: string; dead: string } {
  const main = `${exchange}.${consumer}`;
  return { main, retry: `${main}.retry`, dead: `${main}.dlq` };
}

function headersOf(message: Message): Record<string, unknown> {
  return message.properties.headers ?? {};
}

/** Properties of a fresh event: persistent, so a broker restart keeps it once confirmed. */
export function publishOptions(envelope: EventEnvelope): Options.Publish {
  return {
    persistent: true,
    contentType: 'application/json',
    messageId: envelope.id,
    type: envelope.type,
    appId: envelope.source,
    timestamp: Math.floor(Date.parse(envelope.occurred_at) / 1000),
    headers: envelope.trace_parent === undefined ? {} : { traceparent: envelope.trace_parent },
  };
}

/**
 * Properties of a message sent on again (to retry, to dead-letter, to replay): the original's
 * identity, and only our own headers, so broker bookkeeping such as `x-death` does not pile up.
 */
export function forwardOptions(
  message: Message,
  headers: Record<string, unknown>,
  messageId?: string,
): Options.Publish {
  const { properties } = message;
  const traceparent = headersOf(message).traceparent;
  return {
    persistent: true,
    contentType: properties.contentType as string | undefined,
    messageId: messageId ?? (properties.messageId as string | undefined),
    type: properties.type as string | undefined,
    appId: properties.appId as string | undefined,
    timestamp: properties.timestamp as number | undefined,
    headers: { ...(traceparent === undefined ? {} : { traceparent }), ...headers },
  };
}

/** Which delivery of this message this is. */
export function attemptOf(message: Message): number {
  const value = headersOf(message)[attemptHeader];
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 1;
}

/** The headers a dead letter carries; RabbitMQ limits header tables, so the reason is truncated. */
export function deadLetterHeaders(error: string, attempts: number, failedAt: Date): Record<string, unknown> {
  return {
    [errorHeader]: error.slice(0, 2_000),
    [attemptsHeader]: attempts,
    [failedAtHeader]: failedAt.toISOString(),
  };
}

/** Reads a message from a dead-letter queue back into a `DeadLetter`. */
export function toDeadLetter(message: GetMessage): DeadLetter {
  const headers = headersOf(message);
  const body = message.content.toString('utf8');
  let envelope: unknown = body;
  try {
    envelope = JSON.parse(body);
  } catch {
    // Not JSON (which is why it was dead-lettered): show it as text.
  }
  const str = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: str(message.properties.messageId) ?? newId(),
    type: str(message.properties.type),
    envelope,
    error: str(headers[errorHeader]) ?? 'unknown',
    attempts: typeof headers[attemptsHeader] === 'number' ? headers[attemptsHeader] : 0,
    failed_at: str(headers[failedAtHeader]) ?? new Date(0).toISOString(),
  };
}

/** Sends straight to a queue (through the default exchange) and resolves once the broker confirmed. */
export function sendConfirmed(
  channel: ConfirmChannel,
  queue: string,
  content: Buffer,
  options: Options.Publish,
): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.sendToQueue(queue, content, options, (error: unknown) => {
      if (error) reject(error instanceof Error ? error : new Error('The broker refused the message'));
      else resolve();
    });
  });
}

/** Publishes to an exchange and resolves once the broker confirmed. */
export function publishConfirmed(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.publish(exchange, routingKey, content, options, (error: unknown) => {
      if (error) reject(error instanceof Error ? error : new Error('The broker refused the message'));
      else resolve();
    });
  });
}
