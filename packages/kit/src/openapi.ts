import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifySchema, type RouteOptions } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '@bodega/contracts';
import { defaultCodes, errorBody, kindForStatus, type ErrorKind } from '@bodega/errors';

/** Where every service serves the OpenAPI document of its own routes (on its own port, never proxied). */
export const openApiPath = '/openapi.json';

/** The version of the public API the documents describe (its paths start with `/api/v1`). */
export const apiVersion = '1';

/** An OpenAPI 3.1 document, as JSON: the parts Bodega reads and writes by name, the rest as is. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

// Probes, scrapes, this document itself and service-to-service routes are no part of an API a client calls.
const undocumented = /^\/(?:healthz|readyz|metrics|openapi\.json)$|^\/internal(?:\/|$)/;

interface ErrorExample {
  description: string;
  code?: string;
  message: string;
  details?: Record<string, unknown>;
}

/** What each kind of error looks like to a client, for the examples of the documents. */
const examples: Partial<Record<ErrorKind, ErrorExample>> = {
  validation: {
    description: 'The request is malformed or fails its schema (VALIDATION_ERROR, MALFORMED_JSON, ...)',
    message: 'Invalid request body',
    details: { location: 'body', issues: [{ field: 'email', message: 'is required' }] },
  },
  unauthorized: {
    description:
      'No valid access token: AUTHENTICATION_REQUIRED, INVALID_TOKEN, TOKEN_REVOKED, or TOKEN_EXPIRED (refresh, then retry)',
    code: 'TOKEN_EXPIRED',
    message: 'The access token has expired',
  },
  payment_required: {
    description: 'The payment was refused (PAYMENT_DECLINED); nothing was charged',
    code: 'PAYMENT_DECLINED',
    message: 'The card was declined; the order was cancelled and nothing was charged',
  },
  forbidden: {
    description: 'Signed in, but not allowed to do this (FORBIDDEN, CSRF_FAILED, ...)',
    message: 'You are not allowed to perform this action',
  },
  not_found: { description: 'Nothing here, or nothing the caller may see', message: 'Not found' },
  conflict: {
    description: 'Conflicts with the current state (CONFLICT, OUT_OF_STOCK, ...)',
    message: 'This conflicts with the current state of the resource',
  },
  payload_too_large: {
    description: 'The body is over the size limit',
    message: 'The request body is too large',
  },
  unsupported_media_type: {
    description: 'The body is not JSON',
    message: 'This content type is not supported',
  },
  unprocessable: {
    description: 'Well-formed, but cannot be done (UNPROCESSABLE, PRODUCT_UNAVAILABLE, ...)',
    message: 'This request cannot be done',
  },
  rate_limited: {
    description: 'Too many requests: wait for Retry-After seconds',
    message: 'Too many requests, retry in 42 seconds',
    details: { retry_after_seconds: 42 },
  },
  bad_gateway: { description: 'A service behind this one failed', message: 'The upstream service failed' },
  unavailable: {
    description: 'A service needed for this is down or overloaded: retry later',
    message: 'The service is unavailable, please try again',
  },
  timeout: {
    description: 'A service needed for this did not answer in time',
    message: 'The upstream service did not answer in time',
  },
};

/**
 * The standard error body (ARCHITECTURE "Errors") as the answer of `status`, with an example of it,
 * for the `response` of a route schema: `{ 404: errorResponse(404) }`. Titled `ErrorBody`, so the
 * gateway can reference one shared schema from every error answer of the public document.
 */
export function errorResponse(status: number): typeof ErrorBody {
  const kind = kindForStatus(status);
  const example = examples[kind] ?? { description: 'Something went wrong on our side', message: 'Error' };
  return Type.Object(ErrorBody.properties, {
    title: 'ErrorBody',
    description: example.description,
    examples: [
      errorBody(
        example.code ?? defaultCodes[kind],
        example.message,
        '0190a6f4-8b2d-7c4e-a1f0-5d6e7f8a9b0c',
        example.details ?? {},
        new Date('2026-01-15T10:00:00Z'),
      ),
    ],
  });
}

/**
 * Serves `GET /openapi.json`: the OpenAPI 3.1 document of every route the service declares from now
 * on, built from their TypeBox schemas by @fastify/swagger. Routes are collected by an `onRoute` hook
 * installed here, synchronously, so the routes an `app.ts` declares right after `createService` are
 * seen (@fastify/swagger registered here would see only the routes declared after it loads, at the
 * app's next await); the document is then built once, on first request, by @fastify/swagger in a
 * throwaway app holding the same routes.
 */
export function installOpenApi(app: FastifyInstance, service: string): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (!undocumented.test(route.url)) routes.push(route);
  });
  let document: Promise<OpenApiDocument> | undefined;
  // Fetched by the gateway (at most every half minute): kept out of the info log, like the probes.
  app.get(openApiPath, { logLevel: 'warn' }, async () => (document ??= describeRoutes(service, routes)));
}

async function describeRoutes(service: string, routes: readonly RouteOptions[]): Promise<OpenApiDocument> {
  const probe = Fastify({ exposeHeadRoutes: false });
  // The schemas are only read here: validation and serialization stay the real app's.
  probe.setValidatorCompiler(() => () => true);
  probe.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await probe.register(swagger, {
    openapi: { openapi: '3.1.0', info: { title: `Bodega ${service}`, version: apiVersion } },
  });
  for (const route of routes) {
    // HEAD answers what GET does; Fastify adds it by itself.
    const methods = [route.method].flat().filter((method) => method !== 'HEAD');
    if (methods.length === 0 || route.schema?.hide === true) continue;
    probe.route({
      method: methods,
      url: route.url,
      schema: documented(route.schema, service),
      handler: noop,
    });
  }
  try {
    await probe.ready();
    return finish(probe.swagger() as unknown as OpenApiDocument);
  } finally {
    await probe.close();
  }
}

function noop() {
  return null;
}

/** A route schema as documented: tagged with its service, then completed by the steps below. */
function documented(schema: FastifySchema | undefined, service: string): FastifySchema {
  return optionalBody(defaultsOptional(withValidationError({ tags: [service], ...schema })));
}

/** The 400 the kit's validation answers for any route that takes input, declared or not. */
function withValidationError(schema: FastifySchema): FastifySchema {
  const takesInput = ['body', 'querystring', 'params', 'headers'].some((part) => part in schema);
  const response = (schema.response ?? {}) as Record<string, unknown>;
  if (!takesInput || '400' in response || '4xx' in response) return schema;
  return { ...schema, response: { ...response, 400: errorResponse(400) } };
}

/** Query strings, path parameters and headers get their defaults before validation: not required of a client. */
function defaultsOptional(schema: FastifySchema): FastifySchema {
  const result = { ...schema };
  for (const part of ['querystring', 'params', 'headers'] as const) {
    const object = schema[part] as
      { properties?: Record<string, { default?: unknown }>; required?: string[] } | undefined;
    if (object?.required === undefined) continue;
    const required = object.required.filter((key) => object.properties?.[key]?.default === undefined);
    result[part] = { ...object, required };
  }
  return result;
}

/** A body that may be left out (TypeBox `Undefined` in a union, no JSON Schema type), marked for `finish`. */
function optionalBody(schema: FastifySchema): FastifySchema {
  const members = (schema.body as { anyOf?: { type?: unknown }[] } | undefined)?.anyOf;
  if (!members?.some((member) => member.type === 'undefined')) return schema;
  const body = { ...(schema.body as object), anyOf: members.filter((member) => member.type !== 'undefined') };
  return { ...schema, body, 'x-bodega-optional-body': true } as FastifySchema;
}

const statusNames: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No Content',
};

/** Optional bodies become optional, and success answers get a name instead of "Default Response". */
function finish(document: OpenApiDocument): OpenApiDocument {
  for (const item of Object.values(document.paths)) {
    for (const value of Object.values(item)) {
      const operation = value as {
        requestBody?: { required?: boolean };
        responses?: Record<string, { description?: string }>;
        'x-bodega-optional-body'?: boolean;
      };
      if (operation['x-bodega-optional-body'] === true && operation.requestBody)
        operation.requestBody.required = false;
      delete operation['x-bodega-optional-body'];
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const name = statusNames[status];
        if (name !== undefined && response.description === 'Default Response') response.description = name;
      }
    }
  }
  return document;
}
