import { Redis } from 'ioredis';

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** Shown by `CLIENT LIST`, so an operator can tell which service holds a connection. */
  connectionName?: string;
  /** How long a command may wait, queued or sent, before it fails. Default 2,000 ms. */
  commandTimeoutMs?: number;
  /** Receives connection errors; ioredis reconnects by itself, so these are for logs, not control flow. */
  onError?: (error: Error) => void;
}

/**
 * An ioredis client configured for request-path use (cache reads, rate limits), meant to be shared by
 * everything in a service that talks to Redis.
 *
 * - `lazyConnect: false`: connect at boot, so readiness reflects Redis from the start and the first
 *   request does not pay for the handshake.
 * - The offline queue stays on: a service starts taking requests while the connection is still being
 *   established, and with the queue off those first commands fail at once ("Stream isn't writeable").
 *   What makes the queue safe is that it is bounded in time: `maxRetriesPerRequest: 2` fails a queued
 *   command after two reconnect attempts, and `commandTimeout` bounds every command, so an outage
 *   turns into fast errors (which `getOrLoad` absorbs) rather than requests piling up behind Redis.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    ...(options.connectionName === undefined ? {} : { connectionName: options.connectionName }),
  });
  if (options.onError) client.on('error', options.onError);
  return client;
}
