import type { Headers, Upstream } from '@bodega/http-client';
import type { FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { forwardedFor } from '../proxy/forwarded-for.js';
import type { UpstreamName } from '../routes/route-table.js';
import { ServiceError } from './errors.js';

/** One call a resolver makes to a service's public API (`/api/v1/...`), as the caller. */
export interface ServiceCall {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The public path, e.g. `/api/v1/products/abc`; path parameters already encoded. */
  path: string;
  /** Query parameters; undefined and null ones are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  /** Headers of this call only (`Idempotency-Key`). */
  headers?: Record<string, string>;
}

/** Calls a service and resolves with its JSON answer (null for a 204), or rejects with a `ServiceError`. */
export type CallService = <T>(service: UpstreamName, call: ServiceCall) => Promise<T>;

// The caller's headers a service may need: who they are, their guest cart, their browsing session.
const PASSED_ON = ['authorization', 'x-cart-token', 'x-session-id', 'accept-language', 'user-agent'] as const;

/** `gateway_graphql_upstream_requests_total{service}`: what GraphQL costs the services (and N+1 shows). */
export function createUpstreamCallCounter(registry: Registry): Counter<'service'> {
  return new Counter({
    name: 'gateway_graphql_upstream_requests_total',
    help: 'Requests GraphQL resolvers made to the services behind the gateway, by service',
    labelNames: ['service'] as const,
    registers: [registry],
  });
}

export function queryString(query: ServiceCall['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The service client of one GraphQL request: the same upstream pools, deadlines and circuit breakers as
 * the REST proxy, and the caller's own token and cart token, so every service decides access exactly
 * as it does for REST (nothing trusts the gateway).
 */
export function createServiceCaller(
  upstreams: Record<UpstreamName, Upstream>,
  request: FastifyRequest,
  counter: Counter<'service'>,
): CallService {
  const passed: Headers = Object.fromEntries(PASSED_ON.map((name) => [name, request.headers[name]]));
  const common: Headers = {
    ...passed,
    accept: 'application/json',
    'x-request-id': request.id,
    traceparent: request.trace.traceparent,
    // As the REST proxy says it: the chain of trusted proxies back to the client, nothing before.
    'x-forwarded-for': forwardedFor(request),
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.host,
  };
  return async function call<T>(
    service: UpstreamName,
    { method = 'GET', path, query, body, headers }: ServiceCall,
  ) {
    counter.inc({ service });
    const response = await upstreams[service].request({
      method,
      path: path + queryString(query),
      headers: { ...common, ...headers },
      ...(body === undefined ? {} : { body: body as object }),
    });
    if (response.status === 204) return null as T;
    if (response.status >= 200 && response.status < 300) return response.json<T>();
    throw serviceError(service, response.status, response.body);
  };
}

/** The service's standard error body as a GraphQL error: its code, message and details unchanged. */
function serviceError(service: string, status: number, body: Buffer): ServiceError {
  let parsed: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
  try {
    parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const error = parsed?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
    return new ServiceError(`${service} answered ${status}`, { code: 'UPSTREAM_BAD_RESPONSE', status: 502 });
  }
  const details = error.details as Record<string, unknown> | undefined;
  return new ServiceError(error.message, {
    code: error.code,
    status,
    ...(details && Object.keys(details).length > 0 ? { details } : {}),
  });
}
