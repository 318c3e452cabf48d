import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { ConfigError } from '@bodega/config';
import { errorBody } from '@bodega/errors';
import type { Logger } from '@bodega/logging';
import type { ConstraintStrategy as RouterConstraint, HTTPVersion } from 'find-my-way';

type ConstraintStrategy = RouterConstraint<HTTPVersion.V1>;
type RouteHandler = ReturnType<ReturnType<ConstraintStrategy['storage']>['get']>;

/** How long a client may hold a connection, and how many it may hold: the same on every listener. */
export interface ListenerLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  socketTimeoutMs: number;
  maxConnections: number;
}

interface ListenerConfig {
  REQUEST_TIMEOUT_MS: number;
  HEADERS_TIMEOUT_MS: number;
  KEEP_ALIVE_TIMEOUT_MS: number;
  SOCKET_TIMEOUT_MS: number;
  MAX_CONNECTIONS: number;
}

/** The limits a service's config sets; throws a `ConfigError` for a combination Node would refuse. */
export function listenerLimits(service: string, config: ListenerConfig): ListenerLimits {
  if (config.HEADERS_TIMEOUT_MS > config.REQUEST_TIMEOUT_MS) {
    throw new ConfigError(service, [
      `HEADERS_TIMEOUT_MS: ${config.HEADERS_TIMEOUT_MS} is longer than REQUEST_TIMEOUT_MS (${config.REQUEST_TIMEOUT_MS}); the headers are part of the request`,
    ]);
  }
  return {
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
    socketTimeoutMs: config.SOCKET_TIMEOUT_MS,
    maxConnections: config.MAX_CONNECTIONS,
  };
}

/**
 * Puts the limits on an HTTP server before it listens. Node cuts a request over its headers or
 * request timeout only when it next checks its connections, every `connectionsCheckingInterval`
 * (30 s by default, read when the server starts listening): checked every quarter of the shorter
 * timeout, at most every second, a timeout is honoured within a second of its length.
 */
export function applyListenerLimits(server: Server, limits: ListenerLimits): void {
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.setTimeout(limits.socketTimeoutMs);
  server.maxConnections = limits.maxConnections;
  const shorter = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    25,
    Math.min(1_000, Math.floor(shorter / 4)),
  );
}

/** Node's codes for a client error, and what the client is told. */
const clientErrors: Record<string, { status: string; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: '408 Request Timeout',
    code: 'REQUEST_TIMEOUT',
    message: 'The request took too long to arrive',
  },
  HPE_HEADER_OVERFLOW: {
    status: '431 Request Header Fields Too Large',
    code: 'HEADERS_TOO_LARGE',
    message: 'The request headers are too large',
  },
};

/**
 * Answers what the HTTP parser or the server's timeouts refused before any route could (a broken
 * request line, a bad Content-Length, a request too slow to arrive) in the standard error body, then
 * closes the connection: a client trickling bytes must not keep a half-closed socket open.
 */
export function answerClientError(
  logger: Logger,
): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    if (socket.writable) {
      const known = clientErrors[error.code ?? ''] ?? {
        status: '400 Bad Request',
        code: 'BAD_REQUEST',
        message: 'The request could not be parsed',
      };
      // The id in the header too, as on every other answer: it is the one a client quotes to support.
      const id = randomUUID();
      const body = JSON.stringify(errorBody(known.code, known.message, id));
      socket.write(
        `HTTP/1.1 ${known.status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${id}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroySoon();
    logger.debug({ err: error }, 'client error');
  };
}

/** The router constraint naming the listener a request came through. */
export const listenerConstraintName = 'listener';

/** Route option of the routes served only on the operator listener (when the service has one). */
export const operatorOnly = { [listenerConstraintName]: 'operator' };

/**
 * Where each request came in, for the router. Until a service gets an operator listener (`apart`),
 * every request counts as the operator's, so `/metrics` answers on the service's own port. Then a
 * request on a socket of the public server is `public` and finds no operator route (a 404 like any
 * unknown path); in-process requests (`inject`) stay the operator's.
 */
export function createListenerConstraint() {
  const state = { apart: false, publicSockets: new WeakSet<object>() };
  const strategy: ConstraintStrategy = {
    name: listenerConstraintName,
    mustMatchWhenDerived: false,
    storage() {
      const handlers = new Map<string, RouteHandler>();
      return {
        get: (value) => handlers.get(value) ?? null,
        set: (value, handler) => {
          handlers.set(value, handler);
        },
      };
    },
    deriveConstraint: (request) =>
      state.apart && state.publicSockets.has(request.socket) ? 'public' : 'operator',
  };
  return { state, strategy };
}

/** Paths the operator listener serves: metrics, the operations API and the probes. */
const operatorPaths = ['/metrics', '/internal/ops/', '/healthz', '/readyz'];

export function servedToOperators(url: string): boolean {
  const path = url.split('?', 1)[0] ?? url;
  return operatorPaths.some((prefix) =>
    prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix || path === `${prefix}/`,
  );
}

/** The answer of the operator listener to any other path: the standard 404. */
export function operatorNotFound(method: string, url: string): { id: string; body: string } {
  const id = randomUUID();
  const path = (url.split('?', 1)[0] ?? url).slice(0, 200);
  return {
    id,
    body: JSON.stringify(errorBody('NOT_FOUND', `No route for ${method} ${path} on the operator port`, id)),
  };
}
