import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Cache } from './cache.js';
import { RedisCache } from './redis-cache.js';

/** What a subscriber hears: each message, and every moment it may have missed some. */
export interface BroadcastListener {
  message(message: string): void;
  /**
   * Messages may have been missed (the subscription was lost, or has just been restored): whatever the
   * subscriber derived from them must be thrown away. Called when the subscription goes down and again
   * when it is back up.
   */
  gap(): void;
}

export interface Subscription {
  /** Whether messages are arriving now: while false, anything published may be missed. */
  readonly live: boolean;
  close(): Promise<void>;
}

/**
 * Fire-and-forget messages between the processes of the platform, on the cache's backend: Redis
 * pub/sub in distributed mode, an in-process emitter in embedded mode. Nothing is stored: a subscriber
 * that is down misses what is published meanwhile and is told so (`gap`). Channels live under the
 * cache's key prefix, like its keys.
 */
export interface Broadcast {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, listener: BroadcastListener): Subscription;
}

// One emitter per memory cache: services that share a cache instance (embedded mode) share its channels.
const emitters = new WeakMap<Cache, EventEmitter>();

/** The broadcast of `cache`'s backend: Redis pub/sub over its connection, or in-process for memory. */
export function broadcastOf(cache: Cache): Broadcast {
  if (cache instanceof RedisCache) return redisBroadcast(cache.client, cache.keyPrefix);
  let emitter = emitters.get(cache);
  if (!emitter) {
    emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    emitters.set(cache, emitter);
  }
  return memoryBroadcast(emitter, cache.keyPrefix);
}

function memoryBroadcast(emitter: EventEmitter, prefix: string): Broadcast {
  return {
    publish(channel, message) {
      // Synchronous delivery: a subscriber has heard it before the publisher goes on.
      emitter.emit(prefix + channel, message);
      return Promise.resolve();
    },
    subscribe(channel, listener) {
      const onMessage = (message: string) => {
        listener.message(message);
      };
      emitter.on(prefix + channel, onMessage);
      let live = true;
      return {
        get live() {
          return live;
        },
        close: () => {
          live = false;
          emitter.off(prefix + channel, onMessage);
          return Promise.resolve();
        },
      };
    },
  };
}

function redisBroadcast(client: Redis, prefix: string): Broadcast {
  return {
    async publish(channel, message) {
      await client.publish(prefix + channel, message);
    },
    subscribe(channel, listener) {
      const name = prefix + channel;
      // A connection of its own: a subscribed connection can run nothing else.
      const subscriber = client.duplicate({
        lazyConnect: true,
        enableOfflineQueue: false,
        connectionName: `${name.replace(/[^a-zA-Z0-9:_-]/g, '')}:subscriber`,
      });
      let live = false;
      let closed = false;
      const down = () => {
        if (!live) return;
        live = false;
        listener.gap();
      };
      subscriber.on('error', () => {
        // Reported by the connection events below; ioredis reconnects by itself.
      });
      subscriber.on('message', (from: string, message: string) => {
        if (from === name && !closed) listener.message(message);
      });
      for (const event of ['close', 'end', 'reconnecting']) subscriber.on(event, down);
      subscriber.on('ready', () => {
        // ioredis resubscribes on its own after a reconnect; live once the SUBSCRIBE is acknowledged.
        subscriber.subscribe(name).then(
          () => {
            if (closed) return;
            live = true;
            listener.gap();
          },
          () => {
            // The connection dropped again; the next 'ready' retries.
          },
        );
      });
      subscriber.connect().catch(() => {
        // Retried by ioredis; `live` stays false meanwhile.
      });
      return {
        get live() {
          return live;
        },
        async close() {
          closed = true;
          live = false;
          subscriber.disconnect();
          await Promise.resolve();
        },
      };
    },
  };
}
