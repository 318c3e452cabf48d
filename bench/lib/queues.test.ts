/** Runs when AMQP_URL is set, as in CI (`.ci/run` sets it): the bench reads a real broker's queues. */
import amqp from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { realBackends, uniqueSuffix } from '@bodega/testing';
import { queuedMessages } from './queues.js';

const url = realBackends().amqp;

describe.skipIf(!url)('queuedMessages', () => {
  const exchange = `bench-queues-${uniqueSuffix()}`;
  const queues = [`${exchange}.search`, `${exchange}.search.retry`];
  afterAll(async () => {
    const connection = await amqp.connect(url!);
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    await connection.close();
  });

  it("counts the ready messages of each consumer's main and retry queue, and fails on a missing queue", async () => {
    const connection = await amqp.connect(url!);
    const channel = await connection.createConfirmChannel();
    for (const queue of queues) await channel.assertQueue(queue);
    for (let i = 0; i < 3; i++) channel.sendToQueue(queues[0]!, Buffer.from(String(i)));
    await channel.waitForConfirms();
    await connection.close();

    expect(await queuedMessages(url!, exchange, ['search'])).toEqual({
      [queues[0]!]: 3,
      [queues[1]!]: 0,
    });
    // The bench's wait treats this as "not yet": the consumer has not declared its queue.
    await expect(queuedMessages(url!, exchange, ['analytics'])).rejects.toThrow(/NOT_FOUND/);
  });
});
