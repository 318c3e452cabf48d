import { requireRole, type Role } from '@bodega/auth';
import {
  DeadLetterList,
  DeadLetterQuery,
  DeadLetterReplayRequest,
  DeadLetterReplayResult,
  OpsOverview,
  TraceDetail,
  TraceIdParams,
  TraceList,
  TraceQuery,
  type OpsServiceSummary,
} from '@bodega/contracts';
import { NotFound } from '@bodega/errors';
import { errorResponse, installJsonBodyParser, type ServiceApp } from '@bodega/kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteLimits } from '../rate-limit/rate-limits.js';
import { mergeDigests, mergeSpans } from './merge-traces.js';
import type { OpsSource } from './ops-client.js';

export const opsPrefix = '/api/v1/ops';

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, errorResponse(status)]));

/** A service that does not answer its summary is `down`, with nothing else known. */
function down(name: string): OpsServiceSummary {
  return {
    name,
    status: 'down',
    request_rate_per_s: 0,
    error_rate: 0,
    p95_ms: 0,
    outbox_backlog: 0,
    outbox_oldest_seconds: 0,
    dead_letters: 0,
  };
}

/**
 * The operations API the admin operations page reads (manager and admin; dead letters admin only):
 * each service's traffic, outbox and dead letters, dead-letter replay, and recent traces merged from
 * every service's in-memory store. Everything is asked of the services' `/internal/ops/*` routes.
 */
export async function registerOpsRoutes(
  gateway: ServiceApp,
  sources: readonly OpsSource[],
  limits: RouteLimits,
): Promise<void> {
  const byName = new Map(sources.map((source) => [source.name, source]));
  const tags = ['gateway'];
  const sourceOf = (name: string) => {
    const source = byName.get(name);
    // The schemas admit only services the gateway knows: a miss is a wiring bug.
    if (!source) throw new Error(`no operations source for ${name}`);
    return source;
  };
  // Roles are checked before the input: a caller who may not ask learns nothing about how to ask.
  const allow = (...roles: [Role, ...Role[]]) => ({
    onRequest: limits.onRequest,
    preHandler: limits.preHandler,
    preValidation: (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
      requireRole(request.principal, ...roles);
      done();
    },
  });

  // The gateway forwards bodies as bytes; these routes read JSON, in a scope of their own.
  await gateway.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    installJsonBodyParser(scope);
    routes(scope);
  });

  function routes(app: ServiceApp): void {
    app.get(
      `${opsPrefix}/overview`,
      {
        ...allow('manager', 'admin'),
        schema: {
          summary: 'Every service: status, request and error rates, p95 latency, outbox and dead letters',
          description:
            'Rates and latency cover the last minute (since start for a younger service); a service that does not answer is `down`. Manager or admin.',
          tags,
          response: { 200: OpsOverview, ...errors(401, 403, 429) },
        },
      },
      async () => {
        const services = await Promise.all(
          sources.map((source) => source.summary().catch(() => down(source.name))),
        );
        return { generated_at: new Date().toISOString(), services };
      },
    );

    app.get(
      `${opsPrefix}/dead-letters`,
      {
        ...allow('admin'),
        schema: {
          summary: "A consuming service's dead letters, oldest first",
          description: 'Events its consumers gave up on after their retries, with the error. Admin.',
          tags,
          querystring: DeadLetterQuery,
          response: { 200: DeadLetterList, ...errors(400, 401, 403, 429, 502, 503, 504) },
        },
      },
      async (request) => {
        const source = sourceOf(request.query.service);
        return { items: await source.deadLetters(request.query.limit ?? 100) };
      },
    );

    app.post(
      `${opsPrefix}/dead-letters/replay`,
      {
        ...allow('admin'),
        schema: {
          summary: "Sends a service's dead letters (all, or those listed) back to their consumer",
          description: 'Safe to repeat: consumers are idempotent. Answers how many were sent back. Admin.',
          tags,
          body: DeadLetterReplayRequest,
          response: { 200: DeadLetterReplayResult, ...errors(400, 401, 403, 429, 502, 503, 504) },
        },
      },
      async (request) => {
        const admin = requireRole(request.principal, 'admin');
        const { service, ids } = request.body;
        const replayed = await sourceOf(service).replay(ids);
        request.log.info({ service, replayed, by: admin.user_id }, 'dead letters replayed');
        return { replayed };
      },
    );

    app.get(
      `${opsPrefix}/traces`,
      {
        ...allow('manager', 'admin'),
        schema: {
          summary: 'Recent traces, newest first, merged from every service',
          description:
            'From the in-memory stores of recent spans (about the last 500 traces per service). Manager or admin.',
          tags,
          querystring: TraceQuery,
          response: { 200: TraceList, ...errors(400, 401, 403, 429) },
        },
      },
      async (request) => {
        const digests = await Promise.all(sources.map((source) => source.traces().catch(() => [])));
        return {
          items: mergeDigests(digests.flat(), {
            limit: request.query.limit ?? 50,
            service: request.query.service,
            minDurationMs: request.query.min_duration_ms,
          }),
        };
      },
    );

    app.get(
      `${opsPrefix}/traces/:trace_id`,
      {
        ...allow('manager', 'admin'),
        schema: {
          summary: 'Every span of one trace, from every service, by start time',
          description: 'Manager or admin. A 404 when no service holds the trace (any more).',
          tags,
          params: TraceIdParams,
          response: { 200: TraceDetail, ...errors(400, 401, 403, 404, 429) },
        },
      },
      async (request) => {
        const { trace_id: traceId } = request.params;
        const lists = await Promise.all(sources.map((source) => source.trace(traceId).catch(() => [])));
        const spans = mergeSpans(lists);
        if (spans.length === 0) throw NotFound('No service holds this trace', { code: 'TRACE_NOT_FOUND' });
        return { trace_id: traceId, spans };
      },
    );
  }
}
