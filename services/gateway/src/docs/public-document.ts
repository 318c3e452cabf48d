import { apiVersion, errorResponse, type OpenApiDocument } from '@bodega/kit';
import type { PublicRoute, UpstreamName } from '../routes/route-table.js';
import { hoistResponseSchema, mergeParts, type DocumentPart } from './merge.js';
import { operationKeys, publicOperations } from './public-operations.js';

export interface PublicDocumentInput {
  /** The documents of the services that answered, in a fixed order (the document is deterministic). */
  services: readonly { service: UpstreamName; document: OpenApiDocument }[];
  /** The gateway's own document, whose `/api` routes (the status report) are public too. */
  gateway: OpenApiDocument | undefined;
  /** Services whose document could not be had: their operations are missing for now. */
  missing: readonly string[];
  table: readonly PublicRoute[];
}

const tagDescriptions: Record<UpstreamName | 'gateway', string> & Record<string, string | undefined> = {
  identity: 'Accounts, sign-in and sessions, profiles, user administration',
  catalog: 'Products, categories, stock and reviews',
  search: 'Full-text search with facets, and recommendations',
  orders: 'Cart, price quotes, checkout, orders and promotions',
  payments: 'Payments and refunds (a simulated provider with test cards)',
  analytics: 'Behaviour beacons; sales, product, funnel and customer reports',
  gateway: 'The platform itself: the status of every service',
};

const description = `The public REST API of Bodega, through its gateway.

- **Errors**: every non-2xx answer has the body \`{ "error": { "code", "message", "details", "timestamp", "request_id" } }\`; act on \`code\`.
- **Sessions**: \`POST /api/v1/auth/login\` gives an access token (\`Authorization: Bearer ...\`, 15 minutes) and a refresh token; on a 401 \`TOKEN_EXPIRED\`, exchange the refresh token at \`POST /api/v1/auth/refresh\` and retry.
- **Guest carts** are reached by their \`X-Cart-Token\`, answered with the first item added.
- **Lists** take \`?limit=&cursor=\` and answer \`{ "items": [...], "next_cursor": string | null }\`.
- **Money** is integer minor units with an ISO currency: \`{ "amount": 1999, "currency": "USD" }\`.
- **Checkout** (\`POST /api/v1/checkout\`, \`POST /api/v1/orders\`) needs an \`Idempotency-Key\`: a retry with the same key answers the first response and creates nothing new.`;

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description:
    'One key per checkout attempt (1 to 255 visible ASCII characters): a retry with the same key and body answers the first response, marked `Idempotent-Replayed: true`, and creates nothing new',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[!-~]+$' },
};
const refundKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'A fresh UUID per refund, which becomes its id: a retry with the same key refunds once',
  schema: { type: 'string', format: 'uuid' },
};
/** Operations that need an `Idempotency-Key` header, which their services check before any schema. */
const idempotent: Record<string, string> = {
  'post /api/v1/orders': 'IdempotencyKey',
  'post /api/v1/checkout': 'IdempotencyKey',
  'post /api/v1/payments/{id}/refund': 'RefundIdempotencyKey',
};
/** Operations used before there is a session: no bearer token. */
const anonymous = new Set([
  'post /api/v1/auth/register',
  'post /api/v1/auth/login',
  'post /api/v1/auth/refresh',
]);

/** What the gateway itself may answer on any forwarded operation: its rate limits and upstream failures. */
const gatewayErrors: Record<string, string> = {
  '429': 'RateLimited',
  '502': 'UpstreamUnreachable',
  '503': 'UpstreamUnavailable',
  '504': 'UpstreamTimeout',
};

/**
 * The OpenAPI 3.1 document of the whole public API: every operation the gateway forwards, as its
 * service documents it, plus the gateway's own (`/api/v1/status`), its security schemes, the
 * `Idempotency-Key` headers the services check by hand, the errors the gateway itself answers, one tag
 * per service, and one `ErrorBody` schema that every error answer references.
 */
export function publicDocument(input: PublicDocumentInput): OpenApiDocument {
  const forwardedTo = publicOperations(input.table);
  const parts: DocumentPart[] = input.services.map(({ service, document }) => ({
    name: service,
    document,
    keeps: (method, path) => forwardedTo(method, path) === service,
  }));
  if (input.gateway) {
    parts.push({
      name: 'gateway',
      document: input.gateway,
      keeps: (method, path) => path.startsWith('/api/') && forwardedTo(method, path) === undefined,
    });
  }
  const merged = mergeParts(parts);
  const shared = hoistResponseSchema(merged, 'ErrorBody');

  for (const [path, item] of Object.entries(merged.paths)) {
    for (const method of operationKeys) {
      const operation = item[method] as Operation | undefined;
      if (operation === undefined) continue;
      const key = `${method} ${path}`;
      const parameter = idempotent[key];
      if (parameter !== undefined) {
        operation.parameters = [
          ...(operation.parameters ?? []),
          { $ref: `#/components/parameters/${parameter}` },
        ];
      }
      if (anonymous.has(key)) operation.security = [];
      else if (path === '/api/v1/cart' || path.startsWith('/api/v1/cart/'))
        operation.security = [{ bearerAuth: [] }, { cartToken: [] }, {}];
      if (forwardedTo(method, path) !== undefined) {
        for (const [status, name] of Object.entries(gatewayErrors))
          operation.responses[status] ??= { $ref: `#/components/responses/${name}` };
      }
    }
  }

  return {
    openapi: '3.1.0',
    info: { title: 'Bodega public API', version: apiVersion, description },
    servers: [{ url: '/', description: 'This gateway' }],
    tags: parts.map(({ name }) => ({ name, description: tagDescriptions[name] })),
    security: [{ bearerAuth: [] }, {}],
    paths: merged.paths,
    components: {
      ...merged.components,
      parameters: {
        ...merged.components.parameters,
        IdempotencyKey: idempotencyKey,
        RefundIdempotencyKey: refundKey,
      },
      responses: {
        ...merged.components.responses,
        ...Object.fromEntries(
          Object.entries(gatewayErrors).map(([status, name]) => [name, errorAnswer(Number(status), shared)]),
        ),
      },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The access_token of POST /api/v1/auth/login or /api/v1/auth/refresh',
        },
        cartToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Cart-Token',
          description: "A guest's cart: the cart_token the first item added answered",
        },
      },
    },
    ...(input.missing.length > 0 ? { 'x-bodega-missing-services': [...input.missing] } : {}),
  };
}

interface Operation {
  parameters?: unknown[];
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}

/** A response in the standard error body, with its example, as the kit documents one. */
function errorAnswer(status: number, shared: boolean) {
  const {
    description: text,
    examples,
    ...schema
  } = JSON.parse(JSON.stringify(errorResponse(status))) as {
    description: string;
    examples: unknown[];
  };
  return {
    description: text,
    content: {
      'application/json': {
        schema: shared ? { $ref: '#/components/schemas/ErrorBody' } : schema,
        example: examples[0],
      },
    },
  };
}
