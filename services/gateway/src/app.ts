import cors from '@fastify/cors';
import { redisClientOf } from '@bodega/cache';
import {
  createService,
  installAuthentication,
  openApiPath,
  type OpenApiDocument,
  type ServiceApp,
  type ServiceContext,
} from '@bodega/kit';
import { corsOrigins, trustedProxies, type GatewayConfig } from './config.js';
import { registerDocsRoutes } from './docs/docs-routes.js';
import { createDocumentSource, fetchDocument } from './docs/document-source.js';
import { registerGraphql } from './graphql/graphql-plugin.js';
import { installEdgeCache } from './edge-cache/install-edge-cache.js';
import { createForward } from './proxy/forward.js';
import { createUpstreams } from './proxy/upstreams.js';
import { installRateLimits } from './rate-limit/rate-limits.js';
import { proxiedMethods, routeTable } from './routes/route-table.js';
import { corsPolicy, securityHeaders, staticSecurityHeaders } from './security/policies.js';
import { createStatusReporter, registerStatusRoute, statusPath } from './status/status.js';
import { opsSources } from './ops/ops-client.js';
import { registerOpsRoutes } from './ops/ops-routes.js';
import { registerWebApp } from './web/web-app.js';

/**
 * The gateway, the platform's only public door (ARCHITECTURE "The gateway"). Every request passes, in
 * this order: the kit (request id, trace context, metrics), security headers, CORS, rate limits, token
 * verification, then its route: a proxied /api/v1 route, the status report, the API docs, or a 404.
 */
export async function buildGateway(context: ServiceContext<GatewayConfig>): Promise<ServiceApp> {
  const { config } = context;
  const readiness = { cache: () => context.cache.ping() };
  // No `verifier` here: tokens are checked below, after CORS (so a browser can read the 401) and after
  // the rate limits (so a flood of forged tokens is throttled before it costs a signature check).
  const app = createService({
    name: context.name,
    logger: context.logger,
    metrics: context.metrics,
    readiness,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustedProxies(config),
  });

  const headers = await staticSecurityHeaders(securityHeaders);
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  await app.register(cors, corsPolicy(corsOrigins(config)));
  const limitsFor = await installRateLimits(app, {
    config,
    redis: redisClientOf(context.cache),
    // Scrapes (on the operator port) and probes are never throttled.
    exempt: ['/healthz', '/readyz', '/metrics', statusPath],
    logger: context.logger,
  });
  // A present token must be valid (401 otherwise); services verify it again themselves.
  installAuthentication(app, context.verifier);

  // Bodies are bytes to forward, whatever their type, within BODY_LIMIT_BYTES (a 413 beyond). Nothing
  // is parsed here: malformed JSON reaches the service, which answers it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });

  const upstreams = createUpstreams(context);
  const forward = createForward({ edge: installEdgeCache(context) });
  for (const route of routeTable) {
    const upstream = upstreams[route.service];
    const limits = limitsFor(route.limits ?? 'default');
    app.route({
      method: [...(route.methods ?? proxiedMethods)],
      url: route.path,
      // Documented by the service behind it; /api/docs merges those documents.
      schema: { hide: true },
      onRequest: limits.onRequest,
      preHandler: limits.preHandler,
      handler: (request, reply) => forward(upstream, request, reply),
    });
  }
  await registerGraphql(app, { config, upstreams, limitsFor, metrics: context.metrics });

  const status = createStatusReporter({
    targets: routeTableServices().map((name) => ({
      name,
      baseUrl: upstreams[name].baseUrl,
      circuit: () => upstreams[name].state(),
    })),
    ownChecks: readiness,
    timeoutMs: config.STATUS_TIMEOUT_MS,
  });
  context.onClose(() => status.close());
  registerStatusRoute(app, status);
  await registerOpsRoutes(
    app,
    opsSources({
      signer: context.serviceAuth.signer,
      upstreams,
      inject: (request) => app.inject(request),
      timeoutMs: config.STATUS_TIMEOUT_MS,
    }),
    limitsFor('default'),
  );

  const docs = createDocumentSource({
    services: routeTableServices(),
    fetchDocument: (service) => fetchDocument(upstreams[service]),
    ownDocument: async () => (await app.inject({ method: 'GET', url: openApiPath })).json<OpenApiDocument>(),
    table: routeTable,
    logger: context.logger,
  });
  await registerDocsRoutes(app, docs);
  // The web app at / (apps/web/dist), or the landing page when it is not built.
  await registerWebApp(app);
  return app;
}

/** Every service some public route leads to, once each. */
function routeTableServices() {
  return [...new Set(routeTable.map((route) => route.service))];
}
