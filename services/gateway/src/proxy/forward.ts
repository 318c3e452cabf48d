import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Headers, Upstream } from '@bodega/http-client';
import type { EdgeCache, StoredAnswer } from '../edge-cache/edge-cache.js';
import type { HitReports } from '../edge-cache/hit-reports.js';
import { forwardedFor } from './forwarded-for.js';
import { surrogateHeaders, surrogateKeys, surrogatePolicy } from '../edge-cache/surrogate-policy.js';

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
  /** The edge cache, when on (EDGE_CACHE_MAX_BYTES > 0). */
  edge?: EdgeOptions | undefined;
}

export interface EdgeOptions {
  cache: EdgeCache;
  /** Whether purges are reaching the cache now; while not, it neither answers nor stores. */
  live: () => boolean;
  reports: HitReports;
  now?: () => number;
}

// Per request or per hop: never part of a stored answer.
const NOT_STORED = new Set(['x-request-id', 'date', 'age', 'x-cache']);

/**
 * Sends a request to its upstream unchanged (method, path, query, body) and its answer back. An answer
 * given without the upstream (an edge-cache hit, a refused path) is sent at once and nothing returned:
 * a route handler may return either, and the hit path is spared a promise.
 */
export type Forward = (
  upstream: Upstream,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply> | undefined;

/**
 * The proxy. Bodies travel as bytes, never parsed; answers come back with their status, headers and
 * body, whatever the status. Failures to reach the upstream reject with the kinds of @bodega/http-client
 * (502 unreachable, 504 timeout, 503 circuit open), which the kit's error handler turns into the
 * standard error body.
 *
 * With the edge cache on, a GET whose stored answer is live is answered here (`X-Cache: HIT`, with its
 * `Age`), after the rate limits and the token check like any request; an answer the upstream opted in
 * (`Surrogate-Control`) is stored on its way back (`X-Cache: MISS`); a successful write whose answer
 * names `Surrogate-Key` tags purges them at once, before its answer leaves (the upstream's broadcast
 * purge follows for every other gateway).
 */
export function createForward(options: ForwardOptions): Forward {
  const { edge } = options;
  const now = edge?.now ?? Date.now;
  return function forward(upstream, request, reply) {
    if (AMBIGUOUS_PATH.test(request.url)) {
      // The same 404 as any unknown path: nothing tells a prober it came close.
      reply.callNotFound();
      return undefined;
    }
    const cacheable = edge !== undefined && request.method === 'GET' && edge.live();
    // A caller's own answers (`Vary: Authorization`) are kept under their token, once it is verified.
    const callerKey = cacheable && request.principal !== undefined ? callerKeyOf(request) : undefined;
    if (cacheable) {
      const stored = edge.cache.lookup(request.url, callerKey);
      if (stored) {
        answerFromStore(stored, upstream, request, reply, edge.reports, now());
        return undefined;
      }
    }
    return fromUpstream(upstream, request, reply, cacheable, callerKey);
  };

  async function fromUpstream(
    upstream: Upstream,
    request: FastifyRequest,
    reply: FastifyReply,
    cacheable: boolean,
    callerKey: string | undefined,
  ): Promise<FastifyReply> {
    const epoch = edge?.cache.epoch() ?? 0;
    const response = await upstream.request({
      method: request.method,
      path: request.url,
      headers: forwardedHeaders(request),
      body: request.body as Buffer | undefined,
    });
    void reply.code(response.status);
    const headers = responseHeaders(response.headers);
    withUpstreamHeaders(reply, headers);
    if (cacheable && edge !== undefined) {
      const policy = surrogatePolicy(response.status, response.headers);
      const key = policy?.scope === 'caller' ? callerKey : request.url;
      // Copied for the store only when the upstream opted in: any other GET pays one header read.
      if (
        policy !== undefined &&
        key !== undefined &&
        edge.cache.store(
          key,
          {
            headers: storable(headers),
            body: response.body,
            tags: surrogateKeys(response.headers),
            shared: policy.scope === 'shared',
          },
          policy.ttlMs,
          epoch,
        )
      ) {
        void reply.header('x-cache', 'MISS');
      }
    } else if (edge !== undefined && isWrite(request.method) && response.status < 300) {
      const tags = surrogateKeys(response.headers);
      if (tags.length > 0) edge.cache.purge(tags);
    }
    // The answer to a HEAD has no body, but its length is the one a GET would have.
    if (request.method === 'HEAD' && response.headers['content-length'] !== undefined) {
      void reply.header('content-length', response.headers['content-length']);
    }
    return reply.send(response.body);
  }
}

/**
 * The client's headers (hop-by-hop ones are dropped by the client library), plus the request id and
 * trace context of this hop and who the original client was.
 */
function forwardedHeaders(request: FastifyRequest): Headers {
  return {
    ...request.headers,
    // Said by the client, not by us: the X-Forwarded-* below are the gateway's word.
    forwarded: undefined,
    'x-request-id': request.id,
    traceparent: request.trace.traceparent,
    'x-forwarded-for': forwardedFor(request),
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.host,
  };
}

/**
 * The store key of a caller's own answer: the URL and the exact `Authorization` the gateway verified.
 * A new token (a refresh) starts a new entry; the user's purge tag drops them all.
 */
function callerKeyOf(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  return authorization === undefined ? undefined : `${request.url}\n${authorization}`;
}

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/** A stored answer, as the upstream gave it but for what belongs to this moment (`Age` says how old). */
function answerFromStore(
  stored: StoredAnswer,
  upstream: Upstream,
  request: FastifyRequest,
  reply: FastifyReply,
  reports: HitReports,
  now: number,
): void {
  // Shared answers are content the upstream counts views of; a caller's own answers are not.
  if (stored.shared) {
    const session = request.headers['x-session-id'];
    reports.record(upstream, {
      url: request.url,
      user_id: request.principal?.user_id ?? null,
      session_id: typeof session === 'string' && session.length <= 128 ? session : null,
      at: new Date(now).toISOString(),
    });
  }
  void withUpstreamHeaders(reply.code(200), stored.headers)
    .header('age', String(Math.max(0, Math.floor((now - stored.storedAt) / 1000))))
    .header('x-cache', 'HIT')
    .send(stored.body);
}

/**
 * Sets the upstream's headers on the answer. `Vary` is merged, not replaced: the gateway's own
 * (CORS adds `Origin`) and the upstream's (identity's `Authorization`) both hold.
 */
function withUpstreamHeaders(reply: FastifyReply, headers: Record<string, string | string[]>): FastifyReply {
  const own = reply.getHeader('vary');
  void reply.headers(headers);
  const theirs = headers.vary;
  if (own !== undefined && theirs !== undefined) {
    const names = [own, theirs].flat().flatMap((value) => String(value).split(','));
    const merged = new Map(names.map((name) => [name.trim().toLowerCase(), name.trim()]));
    merged.delete('');
    void reply.header('vary', [...merged.values()].join(', '));
  }
  return reply;
}

function storable(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_STORED.has(name)));
}

/** The upstream's answer headers that reach the client: not hop-by-hop, not CORS, not for the gateway. */
function responseHeaders(headers: Headers): Record<string, string | string[]> {
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
  const kept: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name) || named?.has(name) || surrogateHeaders.has(name))
      continue;
    // CORS is the gateway's decision (its allowlist), never an upstream's.
    if (name.startsWith('access-control-')) continue;
    kept[name] = value;
  }
  return kept;
}
