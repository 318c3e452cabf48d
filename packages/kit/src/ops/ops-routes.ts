import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Registry } from 'prom-client';
import type { ServiceAuth } from '@bodega/auth';
import {
  DeadLetterList,
  DeadLetterReplayResult,
  InternalDeadLetterQuery,
  InternalDeadLetterReplayRequest,
  OpsServiceSummary,
  TraceDetail,
  TraceDigestList,
  TraceIdParams,
} from '@bodega/contracts';
import type { ServiceBus } from '@bodega/events';
import type { SpanRecord, TraceStore } from '@bodega/tracing';
import { operatorOnly } from '../listener.js';
import { RequestWindow } from './request-stats.js';

export interface OpsRoutesOptions {
  name: string;
  metrics: Registry;
  bus: ServiceBus;
  /** The service's recent traces; absent when tracing is off (the trace routes then answer empty). */
  traces: TraceStore | undefined;
  serviceAuth: ServiceAuth;
}

/** Above this share of 5xx answers over the last minute a service reports itself degraded. */
const degradedErrorRate = 0.05;

/**
 * `/internal/ops/*`, served by every service for the gateway's operations API (the gateway's service
 * token only, so never through the gateway): its traffic over the last minute, its outbox and dead letters, and the
 * traces it recorded. Returns what to stop at shutdown.
 */
export function installOpsRoutes(app: FastifyInstance, options: OpsRoutesOptions): () => void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();
  const window = new RequestWindow(options.metrics);
  const hidden = { hide: true };
  const onRequest = options.serviceAuth.allow('gateway');
  // On a service with an operator listener (the gateway), only there.
  const quiet = { onRequest, logLevel: 'warn' as const, constraints: operatorOnly };

  routes.get(
    '/internal/ops/summary',
    { ...quiet, schema: { ...hidden, response: { 200: OpsServiceSummary } } },
    async () => {
      const [traffic, outbox, deadLetters, ready] = await Promise.all([
        window.stats(),
        outboxState(options.metrics),
        options.bus.allDeadLetters({ limit: 1000 }).then((letters) => letters.length),
        app.inject({ method: 'GET', url: '/readyz' }).then((answer) => answer.statusCode === 200),
      ]);
      return {
        name: options.name,
        status: ready && traffic.error_rate <= degradedErrorRate ? ('ok' as const) : ('degraded' as const),
        ...traffic,
        ...outbox,
        dead_letters: deadLetters,
      };
    },
  );

  routes.get(
    '/internal/ops/dead-letters',
    {
      ...quiet,
      schema: { ...hidden, querystring: InternalDeadLetterQuery, response: { 200: DeadLetterList } },
    },
    async (request) => ({ items: await options.bus.allDeadLetters({ limit: request.query.limit ?? 100 }) }),
  );

  routes.post(
    '/internal/ops/dead-letters/replay',
    {
      onRequest,
      constraints: operatorOnly,
      schema: { ...hidden, body: InternalDeadLetterReplayRequest, response: { 200: DeadLetterReplayResult } },
    },
    async (request) => {
      const replayed = await options.bus.replayAll(request.body.ids);
      request.log.info({ replayed, ids: request.body.ids?.length ?? 'all' }, 'dead letters replayed');
      return { replayed };
    },
  );

  routes.get(
    '/internal/ops/traces',
    { ...quiet, schema: { ...hidden, response: { 200: TraceDigestList } } },
    () => ({ items: options.traces?.digests() ?? [] }),
  );

  routes.get(
    '/internal/ops/traces/:trace_id',
    { ...quiet, schema: { ...hidden, params: TraceIdParams, response: { 200: TraceDetail } } },
    (request) => ({
      trace_id: request.params.trace_id,
      spans: (options.traces?.spans(request.params.trace_id) ?? []).map(spanJson),
    }),
  );

  return () => {
    window.stop();
  };
}

function spanJson(span: SpanRecord) {
  return {
    span_id: span.span_id,
    parent_span_id: span.parent_span_id,
    service: span.service,
    name: span.name,
    kind: span.kind,
    started_at: new Date(span.start_ms).toISOString(),
    duration_ms: Math.round(span.duration_ms * 1000) / 1000,
    status: span.status,
    attributes: span.attributes,
  };
}

/** The outbox gauges the relay registers (read on scrape, so this reads the database once). */
async function outboxState(registry: Registry) {
  const read = async (name: string) => {
    const metric = registry.getSingleMetric(name);
    if (!metric) return 0;
    const { values } = await metric.get();
    return values.reduce((max, { value }) => Math.max(max, value), 0);
  };
  const [backlog, oldest] = await Promise.all([
    read('events_outbox_backlog'),
    read('events_outbox_oldest_age_seconds'),
  ]);
  return { outbox_backlog: Math.round(backlog), outbox_oldest_seconds: Math.round(oldest * 1000) / 1000 };
}
