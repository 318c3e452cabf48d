import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Headers, Upstream } from '@bodega/http-client';

// RFC 9110 §7.6.1: these describe one connection, the upstream's, not the client's. `content-length` is
// recomputed for the body as sent. (The request side is filtered likewise by @bodega/http-client.)
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
]);

// A dot segment (`/../`, `/%2e%2e/`...) or an encoded slash or backslash in the path: a request that
// means one path here and may mean another to a server that normalizes it. Never forwarded.
const AMBIGUOUS_PATH = /^[^?#]*?(?:\/(?:\.|%2e){1,2}(?=[/?#]|$)|%2f|%5c|\\)/i;

export interface ForwardOptions {
  /** Whether the client's X-Forwarded-For came from a trusted proxy and is kept (see TRUST_PROXY). */
  trustProxy: boolean;
}

/** Sends a request to its upstream unchanged (method, path, query, body) and its answer back. */
export type Forward = (
  upstream: Upstream,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply>;

/**
 * The proxy. Bodies travel as bytes, never parsed; answers come back with their status, headers and
 * body, whatever the status. Failures to reach the upstream reject with the kinds of @bodega/http-client
 * (502 unreachable, 504 timeout, 503 circuit open), which the kit's error handler turns into the
 * standard error body.
 */
export function createForward(options: ForwardOptions): Forward {
  const { trustProxy } = options;
  return async function forward(upstream, request, reply) {
    if (AMBIGUOUS_PATH.test(request.url)) {
      // The same 404 as any unknown path: nothing tells a prober it came close.
      reply.callNotFound();
      return reply;
    }
    const response = await upstream.request({
      method: request.method,
      path: request.url,
      headers: forwardedHeaders(request, trustProxy),
      body: request.body as Buffer | undefined,
    });
    void reply.code(response.status);
    copyResponseHeaders(response.headers, reply);
    // The answer to a HEAD has no body, but its length is the one a GET would have.
    if (request.method === 'HEAD' && response.headers['content-length'] !== undefined) {
      void reply.header('content-length', response.headers['content-length']);
    }
    return reply.send(response.body);
  };
}

/**
 * The client's headers (hop-by-hop ones are dropped by the client library), plus the request id and
 * trace context of this hop and who the original client was.
 */
function forwardedHeaders(request: FastifyRequest, trustProxy: boolean): Headers {
  const peer = request.socket.remoteAddress;
  const prior = trustProxy ? request.headers['x-forwarded-for'] : undefined;
  return {
    ...request.headers,
    // Said by the client, not by us: the X-Forwarded-* below are the gateway's word.
    forwarded: undefined,
    'x-request-id': request.id,
    traceparent: request.trace.traceparent,
    'x-forwarded-for': prior ? `${String(prior)}, ${peer ?? 'unknown'}` : peer,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.host,
  };
}

function copyResponseHeaders(headers: Headers, reply: FastifyReply): void {
  const connection = headers.connection;
  // Headers the upstream's Connection header names are hop-by-hop as well.
  const named =
    connection === undefined
      ? undefined
      : new Set(
          String(connection)
            .toLowerCase()
            .split(/\s*,\s*/),
        );
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name) || named?.has(name)) continue;
    // CORS is the gateway's decision (its allowlist), never an upstream's.
    if (name.startsWith('access-control-')) continue;
    void reply.header(name, value);
  }
}
