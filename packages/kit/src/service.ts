import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { Logger } from '@bodega/logging';
import { errorBody } from '@bodega/errors';
import type { Verifier } from '@bodega/auth';
import type { Registry } from 'prom-client';
import { installErrorHandler } from './error-handler.js';
import { strictValidatorCompiler } from './validation.js';
import { installHttpMetrics, type HttpMetricsSwitch } from './metrics.js';
import { installAuthentication } from './auth.js';
import { installOpenApi } from './openapi.js';
import { requireInternalCallers } from './internal-routes.js';
import { continueTrace, type TraceContext } from './trace.js';
import { serverSpanOf, traceContextOf } from './server-spans.js';
import { installJsonBodyParser } from './json-body.js';
import {
  answerClientError,
  createListenerConstraint,
  listenerConstraintName,
  operatorOnly,
} from './listener.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** W3C trace context of this request, continued from the caller's `traceparent`. */
    trace: TraceContext;
  }
}

/** A Fastify instance with TypeBox schemas as types: the type of every Bodega app. */
export type ServiceApp = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Answers whether one dependency is usable; throws (or rejects) when it is not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface CreateServiceOptions {
  name: string;
  logger: Logger;
  metrics: Registry;
  /** Dependencies `/readyz` checks: database, cache, broker... */
  readiness?: Record<string, ReadinessCheck>;
  /** Verifies bearer tokens; omit for a service that takes no user tokens. */
  verifier?: Verifier;
  bodyLimit?: number;
  /**
   * Whom to believe about the client's address (`request.ip`) in `X-Forwarded-For`: a number trusts
   * that many proxies in front, counted from this server; a list trusts the proxies at those addresses
   * or CIDRs (and names proxy-addr knows: `loopback`...). Never every hop: the first entries of the
   * header are whatever the client wrote.
   */
  trustProxy?: number | readonly string[];
}

/**
 * Fastify's own hop count trusts no one (it cannot check the peer), so the count is a function: trust
 * the first `hops` proxies counted from this server.
 */
function trustProxyOption(
  value: number | readonly string[] | undefined,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return value > 0 ? (_address, hop) => hop < value : false;
  return value !== undefined && value.length > 0 ? [...value] : false;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** Codes for the router's own errors (see `frameworkErrors`). */
const routerCodes: Record<string, { code: string; message: string }> = {
  FST_ERR_BAD_URL: { code: 'BAD_URL', message: 'The URL has a malformed escape sequence' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', message: 'A path parameter is too long' },
};

/**
 * Fastify's response serializers (fast-json-stringify), each compiled on its route's first answer
 * instead of at start: compiling every route's serializers took a tenth of an embedded platform's
 * restart (ADR 0015). The first answer of a route pays its compile, about a millisecond.
 */
function lazySerializers(...factoryArgs: Parameters<ReturnType<typeof SerializerSelector>>) {
  const compile = SerializerSelector()(...factoryArgs);
  return (route: Parameters<typeof compile>[0]) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => (serialize ??= compile(route))(data);
  };
}

/**
 * The service kit: every Bodega service is built on this, so a reader who knows one knows them all.
 * It gives request ids, trace context on every log line, the standard error body, health, readiness
 * and Prometheus metrics. Routes and event subscriptions are the service's own, in its `app.ts`.
 */
export function createService(options: CreateServiceOptions): ServiceApp {
  const traces = new WeakMap<IncomingMessage, TraceContext>();
  const listener = createListenerConstraint();
  // Typed as Fastify's logger so the app's type does not depend on pino's exact version.
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    // Fastify's own per-request lines are off: the kit writes one line per request, with its outcome.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: trustProxyOption(options.trustProxy),
    // Not Fastify's: it takes the header as it is, whatever it holds; `genReqId` below reads it with a check.
    requestIdHeader: false,
    // One child logger per request carrying request, trace and span ids at once (not two children).
    // A traced request's lines get its ids from the active span (the logger's mixin) instead.
    childLoggerFactory: (logger, bindings, childOptions, rawRequest) => {
      const span = serverSpanOf(rawRequest);
      const trace = span ? traceContextOf(span) : continueTrace(rawRequest.headers.traceparent);
      traces.set(rawRequest, trace);
      if (span) return logger.child(bindings, childOptions);
      return logger.child({ ...bindings, trace_id: trace.trace_id, span_id: trace.span_id }, childOptions);
    },
    // A caller's request id is kept when it looks like one, so a request can be followed across hops.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    routerOptions: {
      ignoreTrailingSlash: true,
      constraints: { [listenerConstraintName]: listener.strategy },
    },
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
    // Errors the router raises before any route or hook runs (a malformed %-escape, a path parameter
    // over the length limit) get the standard body too, with a code a client can act on.
    frameworkErrors: (error, request, reply) => {
      const known = routerCodes[error.code] ?? {
        code: 'BAD_REQUEST',
        message: 'The request could not be routed',
      };
      // Typed loosely by Fastify here (its generic reply): the body is the standard one either way.
      const raw = reply as unknown as FastifyReply;
      void raw
        .status(error.statusCode ?? 400)
        .header('x-request-id', request.id)
        .send(errorBody(known.code, known.message, request.id));
    },
    // Requests too malformed (bad Content-Length, broken request line) or too slow to reach a route
    // still get the standard error body.
    clientErrorHandler: answerClientError(options.logger),
  });
  app.server.on('connection', (socket: object) => listener.state.publicSockets.add(socket));

  app.decorateRequest('trace', undefined as unknown as TraceContext);
  // Callback hooks, here and in the kit's other per-request hooks: they run on every request, and an
  // async hook costs a promise and a trip through the microtask queue each time.
  app.addHook('onRequest', (request, reply, done) => {
    request.trace = traces.get(request.raw) ?? continueTrace(request.headers.traceparent);
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    request.log[level](
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });

  app.setValidatorCompiler(strictValidatorCompiler);
  installJsonBodyParser(app);
  installErrorHandler(app);
  const httpMetrics = installHttpMetrics(app, options.metrics);
  app.decorate(controlsKey, { httpMetrics, listener: listener.state } satisfies ServiceControls);
  if (options.verifier) installAuthentication(app, options.verifier);
  requireInternalCallers(app);
  installOpenApi(app, options.name);
  installHealth(app, options);
  return app.withTypeProvider<TypeBoxTypeProvider>();
}

const controlsKey = Symbol('bodega.controls');

/** What the runtime adjusts on an app after its service built it (config the service does not pass). */
export interface ServiceControls {
  httpMetrics: HttpMetricsSwitch;
  /** Set `apart` once operator routes listen on a port of their own (see `operatorOnly`). */
  listener: { apart: boolean; publicSockets: WeakSet<object> };
}

/** The controls of an app made by `createService`. */
export function serviceControls(app: FastifyInstance): ServiceControls {
  const controls = (app as unknown as Record<symbol, ServiceControls | undefined>)[controlsKey];
  if (!controls) throw new Error('not an app made by createService');
  return controls;
}

function installHealth(app: FastifyInstance, options: CreateServiceOptions): void {
  // Probes and scrapes come every few seconds: keep them out of the info log.
  const hidden = { logLevel: 'warn' as const };
  app.get('/healthz', hidden, async () => ({ status: 'ok', service: options.name }));
  // Each check's last state: a change is logged once (down with its cause, then back), not every probe.
  const lastState = new Map<string, 'ok' | 'down'>();
  app.get('/readyz', hidden, async (_request, reply) => {
    const checks = Object.entries(options.readiness ?? {});
    const results = await Promise.all(
      checks.map(async ([name, check]) => {
        let state: 'ok' | 'down';
        let cause: unknown;
        try {
          await withTimeout(check(), 2_000);
          state = 'ok';
        } catch (error) {
          state = 'down';
          cause = error;
        }
        const before = lastState.get(name);
        lastState.set(name, state);
        if (state === 'down' && before !== 'down')
          app.log.warn({ check: name, err: cause }, `readiness check ${name} is down`);
        else if (state === 'ok' && before === 'down')
          app.log.info({ check: name }, `readiness check ${name} is back`);
        return [name, state] as const;
      }),
    );
    const ready = results.every(([, state]) => state === 'ok');
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'degraded',
      service: options.name,
      checks: Object.fromEntries(results),
    });
  });
  app.get('/metrics', { ...hidden, constraints: operatorOnly }, async (_request, reply) => {
    return reply.type(options.metrics.contentType).send(await options.metrics.metrics());
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
