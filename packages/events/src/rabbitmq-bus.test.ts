/**
 * RabbitMQ specifics the contract suite cannot show: topology, reconnection, redelivery. Connections
 * go through a TCP proxy so a test can cut them (as a broker restart would) without touching the
 * shared broker. Runs when AMQP_URL is set, as in CI.
 */
import { Writable } from 'node:stream';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { createLogger, silentLogger } from '@bodega/logging';
import { realBackends, uniqueSuffix } from '@bodega/testing';
import { deleteRabbitTopology } from '../test/support/buses.js';
import { userRegistered } from '../test/support/events.js';
import { startTcpProxy, type TcpProxy } from '../test/support/tcp-proxy.js';
import type { EventBus } from './bus.js';
import { createRabbitBus, type RabbitBusOptions } from './rabbitmq-bus.js';

const { amqp } = realBackends();
const eventually = { timeout: 15_000, interval: 20 };

function registered(): EventEnvelope {
  return {
    id: newId(),
    type: 'identity.user.registered',
    version: 1,
    occurred_at: new Date().toISOString(),
    source: 'identity',
    trace_parent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    data: userRegistered(),
  };
}

/** A logger whose lines the test can read. */
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().trim().split('\n'));
      callback();
    },
  });
  return {
    logger: createLogger({ service: 'test', level: 'debug', destination }),
    messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg),
  };
}

describe.skipIf(!amqp)('the RabbitMQ bus', () => {
  const exchange = `bodega.test.${uniqueSuffix()}`;
  const consumers: string[] = [];
  let proxy: TcpProxy;
  let admin: ChannelModel;
  let adminChannel: Channel;
  let buses: EventBus[] = [];

  beforeAll(async () => {
    const target = new URL(amqp!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5672) });
    admin = await connect(amqp!);
    adminChannel = await admin.createChannel();
  });

  afterEach(async () => {
    await proxy.up().catch(() => undefined);
    for (const bus of buses) await bus.close();
    buses = [];
  });

  afterAll(async () => {
    await adminChannel.close();
    await admin.close();
    await deleteRabbitTopology(amqp!, exchange, consumers);
    await proxy.close();
  });

  const consumer = (role: string) => {
    const name = `${role}-${consumers.length}`;
    consumers.push(name);
    return name;
  };

  const open = async (options: Partial<RabbitBusOptions> = {}) => {
    const url = new URL(amqp!);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const bus = await createRabbitBus({
      url: url.toString(),
      exchange,
      logger: silentLogger(),
      maxReconnectDelayMs: 200,
      ...options,
    });
    buses.push(bus);
    return bus;
  };

  const collect = async (bus: EventBus, name: string) => {
    const received: string[] = [];
    await bus.subscribe({
      consumer: name,
      types: ['identity.user.*'],
      handler: (envelope) => {
        received.push(envelope.id);
        return Promise.resolve();
      },
    });
    return received;
  };

  it('declares one durable topic exchange and three durable queues per consumer', async () => {
    const bus = await open();
    const name = consumer('topology');
    await collect(bus, name);
    await expect(adminChannel.checkExchange(exchange)).resolves.toBeDefined();
    for (const queue of [`${exchange}.${name}`, `${exchange}.${name}.retry`, `${exchange}.${name}.dlq`]) {
      await expect(adminChannel.checkQueue(queue)).resolves.toMatchObject({ queue });
    }
  });

  it('keeps an event for a consumer that has never started, when the topology declares it', async () => {
    const late = consumer('late');
    const publisher = await open({ topology: { [late]: ['identity.user.*'] } });
    const envelope = registered();
    await publisher.publish(envelope);

    // Without the declared topology the exchange would have routed it nowhere: no queue existed.
    const received = await collect(await open(), late);
    await expect.poll(() => received, eventually).toEqual([envelope.id]);
  });

  it('publishes persistent messages that carry the id, type and trace parent', async () => {
    const bus = await open();
    const queue = `${exchange}.raw-${uniqueSuffix()}`;
    await adminChannel.assertQueue(queue, { exclusive: true });
    await adminChannel.bindQueue(queue, exchange, '#');
    const envelope = registered();
    await bus.publish(envelope);
    const message = await adminChannel.get(queue, { noAck: true });
    expect(message).not.toBe(false);
    if (!message) return;
    expect(message.fields.routingKey).toBe('identity.user.registered');
    expect(message.properties).toMatchObject({
      deliveryMode: 2,
      messageId: envelope.id,
      type: envelope.type,
      contentType: 'application/json',
      headers: { traceparent: envelope.trace_parent },
    });
    expect(JSON.parse(message.content.toString())).toEqual(envelope);
    await adminChannel.deleteQueue(queue);
  });

  it('resumes publishing and consuming after the connection drops', async () => {
    const { logger, messages } = capturingLogger();
    const bus = await open({ logger });
    const received = await collect(bus, consumer('resume'));
    const before = registered();
    await bus.publish(before);
    await expect.poll(() => received, eventually).toEqual([before.id]);

    proxy.cut();
    await expect.poll(messages, eventually).toContain('lost the RabbitMQ connection; reconnecting');
    const after = registered();
    await expect
      .poll(
        () =>
          bus.publish(after).then(
            () => true,
            () => false,
          ),
        eventually,
      )
      .toBe(true);
    // At least once: `before` comes again when the cut beat its ack to the broker (seen in CI); the
    // inbox makes that harmless. Nothing may be lost.
    await expect.poll(() => [...new Set(received)], eventually).toEqual([before.id, after.id]);
  });

  it('fails readiness and publishing while the broker is unreachable, and recovers when it is back', async () => {
    const bus = await open();
    const received = await collect(bus, consumer('outage'));
    await bus.ping();

    await proxy.down();
    await expect
      .poll(
        () =>
          bus.ping().then(
            () => 'ready',
            () => 'not ready',
          ),
        eventually,
      )
      .toBe('not ready');
    await expect(bus.publish(registered())).rejects.toThrow(/not connected/);
    await expect(bus.deadLetters('anyone')).rejects.toThrow(/not connected/);

    await proxy.up();
    await expect
      .poll(
        () =>
          bus.ping().then(
            () => 'ready',
            () => 'not ready',
          ),
        eventually,
      )
      .toBe('ready');
    const envelope = registered();
    await bus.publish(envelope);
    await expect.poll(() => received, eventually).toEqual([envelope.id]);
  });

  it('attaches a subscription made while disconnected once the connection is back', async () => {
    const bus = await open();
    await proxy.down();
    await expect
      .poll(
        () =>
          bus.ping().then(
            () => 'ready',
            () => 'not ready',
          ),
        eventually,
      )
      .toBe('not ready');
    const received = await collect(bus, consumer('late'));
    await proxy.up();
    await expect
      .poll(
        () =>
          bus.ping().then(
            () => 'ready',
            () => 'not ready',
          ),
        eventually,
      )
      .toBe('ready');
    const envelope = registered();
    await bus.publish(envelope);
    await expect.poll(() => received, eventually).toEqual([envelope.id]);
  });

  it('redelivers a message whose handler was running when the connection dropped', async () => {
    const bus = await open();
    const name = consumer('redelivery');
    const calls: string[] = [];
    let release: () => void = () => undefined;
    await bus.subscribe({
      consumer: name,
      types: ['identity.user.registered'],
      handler: async (envelope) => {
        calls.push(envelope.id);
        if (calls.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    });
    const envelope = registered();
    await bus.publish(envelope);
    await expect.poll(() => calls, eventually).toEqual([envelope.id]);
    proxy.cut();
    release();
    await expect.poll(() => calls, eventually).toEqual([envelope.id, envelope.id]);
  });

  it('dead-letters a message that is not even JSON, and shows it as text', async () => {
    const bus = await open();
    const name = consumer('garbage');
    const received = await collect(bus, name);
    adminChannel.publish(exchange, 'identity.user.registered', Buffer.from('{oops'), {
      messageId: 'legacy-1',
    });
    await expect.poll(() => bus.deadLetters(name), eventually).toHaveLength(1);
    const [letter] = await bus.deadLetters(name);
    expect(letter).toMatchObject({
      id: 'legacy-1',
      envelope: '{oops',
      error: 'contract: the message is not JSON',
      attempts: 0,
    });
    expect(received).toEqual([]);
  });

  it('resumes a consumer whose queue was deleted under it', async () => {
    const bus = await open();
    const name = consumer('deleted');
    const received = await collect(bus, name);
    await adminChannel.deleteQueue(`${exchange}.${name}`);
    const envelope = registered();
    await expect
      .poll(async () => {
        await bus.publish(envelope);
        return received.includes(envelope.id);
      }, eventually)
      .toBe(true);
  });

  it('knows no dead letters of a consumer that never subscribed, and replays none', async () => {
    const bus = await open();
    expect(await bus.deadLetters('never-subscribed')).toEqual([]);
    expect(await bus.replay('never-subscribed')).toBe(0);
  });

  it('refuses a second subscription for the same consumer, and any work once closed', async () => {
    const bus = await open();
    const name = consumer('twice');
    await collect(bus, name);
    await expect(collect(bus, name)).rejects.toThrow(/already subscribed/);
    await bus.close();
    await expect(bus.publish(registered())).rejects.toThrow(/closed/);
    await expect(collect(bus, consumer('after-close'))).rejects.toThrow(/closed/);
    await bus.close();
  });

  it('fails to start when the broker cannot be reached', async () => {
    await proxy.down();
    const url = new URL(amqp!);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    await expect(
      createRabbitBus({ url: url.toString(), exchange, logger: silentLogger(), connectRetries: 1 }),
    ).rejects.toThrow();
  });
});
