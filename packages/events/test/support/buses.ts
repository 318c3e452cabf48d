import { connect } from 'amqplib';
import { realBackends, uniqueSuffix } from '@bodega/testing';
import type { Logger } from '@bodega/logging';
import { createInProcessBus, createRabbitBus, type EventBus } from '../../src/index.js';

/** One bus implementation the contract suite runs against. */
export interface BusBackend {
  name: 'in-process' | 'rabbitmq';
  create(logger: Logger): Promise<EventBus>;
  /** Removes what the run left on the broker: every queue of these consumers, then the exchange. */
  cleanup(consumers: string[]): Promise<void>;
}

const inProcess: BusBackend = {
  name: 'in-process',
  create: (logger) => Promise.resolve(createInProcessBus({ logger })),
  cleanup: () => Promise.resolve(),
};

/** Deletes a test run's queues and exchange on the broker at `url`. */
export async function deleteRabbitTopology(
  url: string,
  exchange: string,
  consumers: string[],
): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    for (const consumer of consumers) {
      for (const suffix of ['', '.retry', '.dlq'])
        await channel.deleteQueue(`${exchange}.${consumer}${suffix}`);
    }
    await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

function rabbit(url: string): BusBackend {
  // A unique exchange (and so queue prefix) per run: parallel runs and leftovers never meet.
  const exchange = `bodega.test.${uniqueSuffix()}`;
  return {
    name: 'rabbitmq',
    create: (logger) => createRabbitBus({ url, exchange, logger, connectRetries: 2 }),
    cleanup: (consumers) => deleteRabbitTopology(url, exchange, consumers),
  };
}

/** The in-process bus always; RabbitMQ too when `AMQP_URL` is set. */
export function busBackends(env: NodeJS.ProcessEnv = process.env): BusBackend[] {
  const { amqp } = realBackends(env);
  return amqp ? [inProcess, rabbit(amqp)] : [inProcess];
}
