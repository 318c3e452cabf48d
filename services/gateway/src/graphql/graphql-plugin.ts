import type { Upstream } from '@bodega/http-client';
import { installJsonBodyParser, type ServiceApp } from '@bodega/kit';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from '../config.js';
import type { RouteLimits } from '../rate-limit/rate-limits.js';
import type { LimitPolicy, UpstreamName } from '../routes/route-table.js';
import { createLoaders, type GraphqlContext } from './context.js';
import { refuseCostly, requestCost } from './cost.js';
import { refuseOversized } from './document-limits.js';
import { formatExecution, replyWithError } from './errors.js';
import { MAX_TOKENS, noIntrospection, refuseJsonQuery } from './limits.js';
import { buildGraphqlSchema } from './schema.js';
import { createServiceCaller, createUpstreamCallCounter } from './service-calls.js';

export const graphqlPath = '/graphql';

const OperationName = Type.Optional(Type.Union([Type.String(), Type.Null()]));
/** A GraphQL request over HTTP (GraphQL over HTTP spec): a document, its variables, which operation. */
const GraphqlPostRequest = Type.Object({
  query: Type.String(),
  operationName: OperationName,
  variables: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  extensions: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
});
/** The same in a query string: variables and extensions as JSON text. */
const GraphqlGetRequest = Type.Object({
  query: Type.String(),
  operationName: OperationName,
  variables: Type.Optional(Type.String()),
  extensions: Type.Optional(Type.String()),
});

export interface GraphqlOptions {
  config: Pick<
    GatewayConfig,
    | 'NODE_ENV'
    | 'GRAPHQL_MAX_DEPTH'
    | 'GRAPHQL_MAX_COMPLEXITY'
    | 'GRAPHQL_MAX_UPSTREAM_CALLS'
    | 'GRAPHQL_MAX_FRAGMENTS'
    | 'GRAPHQL_MAX_ALIASES'
    | 'GRAPHQL_MAX_DIRECTIVES'
    | 'GRAPHQL_IDE'
    | 'GRAPHQL_INTROSPECTION'
  >;
  upstreams: Record<UpstreamName, Upstream>;
  /**
   * The REST rate-limit policies: auth mutations pay the same stricter limits as /api/v1/auth/*, and
   * every request the per-IP default once per upstream call it can make.
   */
  limitsFor: (policy: LimitPolicy) => RouteLimits;
  metrics: Registry;
}

// GraphiQL (outside production only) loads React and its own bundle from unpkg, with inline styles.
const graphiqlCsp = [
  "default-src 'self'",
  "script-src 'self' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://unpkg.com",
  "img-src 'self' data:",
  "font-src 'self' data: https://unpkg.com",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether production-off features (GraphiQL, introspection) are on: their key, else not in production. */
function enabled(flag: boolean | undefined, config: GraphqlOptions['config']): boolean {
  return flag ?? config.NODE_ENV !== 'production';
}

/**
 * `/graphql`: one schema over every service (mercurius). It lives in a plugin of its own because the
 * gateway parses no bodies (it forwards bytes): only here is JSON parsed, within the same body limit.
 * The kit's request id, trace, metrics, security headers, CORS, per-IP rate limit and token check
 * apply as to any route. Then, before any service is called: the document's size (tokens, at parse
 * time), its shape (depth, fragments, aliases, directives, in one linear walk, before graphql-js's own
 * validation rules), (in production) introspection, and its cost with the request's variables
 * (complexity and upstream calls, the calls charged to the per-IP rate limit).
 */
export async function registerGraphql(app: ServiceApp, options: GraphqlOptions): Promise<void> {
  const { config, upstreams, limitsFor } = options;
  const schema = buildGraphqlSchema();
  const counter = createUpstreamCallCounter(options.metrics);
  const ide = enabled(config.GRAPHQL_IDE, config);

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    installJsonBodyParser(scope);
    // The kit validates with TypeBox schemas: mercurius' JSON Schemas of its routes are replaced by
    // the same shapes in TypeBox. GraphQL is documented by schema.graphql, not the REST API's OpenAPI.
    scope.addHook('onRoute', (route) => {
      if (route.url !== graphqlPath) return;
      route.schema =
        route.method === 'GET'
          ? { querystring: GraphqlGetRequest, hide: true }
          : { body: GraphqlPostRequest, hide: true };
    });
    if (ide) {
      scope.addHook('onRequest', (request, reply, done) => {
        if (request.url.startsWith('/graphiql')) void reply.header('content-security-policy', graphiqlCsp);
        done();
      });
    }

    await scope.register(mercurius, {
      schema,
      path: graphqlPath,
      graphiql: ide,
      validationRules: enabled(config.GRAPHQL_INTROSPECTION, config) ? [] : [noIntrospection],
      graphql: { parseOptions: { maxTokens: MAX_TOKENS } },
      context: (request: FastifyRequest, reply: FastifyReply): GraphqlContext => {
        const call = createServiceCaller(upstreams, request, counter);
        return {
          principal: request.principal,
          call,
          loaders: createLoaders(call),
          limit: (policy, body) => applyLimits(limitsFor(policy), request, reply, body),
          // The request's first unit was counted on arrival, as for any route.
          charge: (calls) => {
            limitsFor('default').charge(request, reply, calls - 1);
          },
          operationName: operationNameOf(request),
        };
      },
      errorFormatter: formatExecution as never,
      errorHandler: replyWithError,
      additionalRouteOptions: {
        preHandler: async (request: FastifyRequest) => {
          const source = (request.method === 'GET' ? request.query : request.body) as {
            query?: unknown;
          } | null;
          refuseJsonQuery(source?.query);
        },
      },
    });
    // Runs on a document mercurius has not validated yet (valid ones are cached by their text).
    scope.graphql.addHook('preValidation', async (_schema, document) => {
      refuseOversized(document, {
        depth: config.GRAPHQL_MAX_DEPTH,
        fragments: config.GRAPHQL_MAX_FRAGMENTS,
        aliases: config.GRAPHQL_MAX_ALIASES,
        directives: config.GRAPHQL_MAX_DIRECTIVES,
      });
    });
    scope.graphql.addHook('preExecution', async (executed, document, context, variables) => {
      const { operationName, charge } = context as unknown as GraphqlContext;
      const cost = requestCost(executed, document, variables as Record<string, unknown>, operationName);
      refuseCostly(cost, {
        complexity: config.GRAPHQL_MAX_COMPLEXITY,
        upstreamCalls: config.GRAPHQL_MAX_UPSTREAM_CALLS,
      });
      charge(cost.upstreamCalls);
    });
  });
}

/** The operation a request names (`operationName`, in the body or the query string), if any. */
function operationNameOf(request: FastifyRequest): string | undefined {
  const source = (request.method === 'GET' ? request.query : request.body) as {
    operationName?: unknown;
  } | null;
  return typeof source?.operationName === 'string' ? source.operationName : undefined;
}

/**
 * Counts a GraphQL auth mutation against the REST auth limits, as if it had been that REST call: the
 * login limits key on the email in the body, so they are shown the body the REST route would carry.
 */
async function applyLimits(
  limits: RouteLimits,
  request: FastifyRequest,
  reply: FastifyReply,
  body: object | undefined,
): Promise<void> {
  const view: FastifyRequest =
    body === undefined
      ? request
      : (Object.create(request, { body: { value: Buffer.from(JSON.stringify(body)) } }) as FastifyRequest);
  for (const limit of [...limits.onRequest, ...limits.preHandler]) await limit(view, reply);
}
