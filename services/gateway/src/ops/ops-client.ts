import type { ServiceTokenSigner } from '@bodega/auth';
import type { DeadLetter, OpsServiceSummary, TraceDigest, TraceSpan } from '@bodega/contracts';
import { BadGateway } from '@bodega/errors';
import type { Upstream, UpstreamResponse } from '@bodega/http-client';

/** Asks one service's `/internal/ops/*` (the kit serves them on every service), as the gateway. */
export interface OpsSource {
  name: string;
  summary(): Promise<OpsServiceSummary>;
  deadLetters(limit: number): Promise<DeadLetter[]>;
  replay(ids: string[] | undefined): Promise<number>;
  traces(): Promise<TraceDigest[]>;
  trace(traceId: string): Promise<TraceSpan[]>;
}

/** The gateway's own internal routes, reached in process (`app.inject`). */
export type Inject = (request: {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  payload?: object;
}) => Promise<{ statusCode: number; json: () => unknown }>;

interface Transport {
  send(method: 'GET' | 'POST', path: string, token: string, body?: object): Promise<unknown>;
}

function checked(name: string, path: string, status: number, read: () => unknown): unknown {
  if (status !== 200) {
    throw BadGateway(`${name} did not answer its operations route`, {
      code: 'UPSTREAM_BAD_RESPONSE',
      details: { upstream: name, path, status },
    });
  }
  return read();
}

function source(name: string, transport: Transport, token: () => Promise<string>): OpsSource {
  const get = async <T>(path: string) => (await transport.send('GET', path, await token())) as T;
  return {
    name,
    summary: () => get<OpsServiceSummary>('/internal/ops/summary'),
    deadLetters: async (limit) =>
      (await get<{ items: DeadLetter[] }>(`/internal/ops/dead-letters?limit=${limit}`)).items,
    replay: async (ids) => {
      const body = ids === undefined ? {} : { ids };
      const answer = (await transport.send(
        'POST',
        '/internal/ops/dead-letters/replay',
        await token(),
        body,
      )) as {
        replayed: number;
      };
      return answer.replayed;
    },
    traces: async () => (await get<{ items: TraceDigest[] }>('/internal/ops/traces')).items,
    trace: async (traceId) => (await get<{ spans: TraceSpan[] }>(`/internal/ops/traces/${traceId}`)).spans,
  };
}

/** The services behind the gateway and the gateway itself, each as an operations source. */
export function opsSources(options: {
  /** The gateway's signer: each service gets a token naming it. */
  signer: ServiceTokenSigner;
  upstreams: Record<string, Upstream>;
  inject: Inject;
  timeoutMs: number;
}): OpsSource[] {
  const { signer } = options;
  const own: Transport = {
    async send(method, path, serviceToken, body) {
      const answer = await options.inject({
        method,
        url: path,
        headers: { 'x-service-token': serviceToken },
        ...(body === undefined ? {} : { payload: body }),
      });
      return checked('gateway', path, answer.statusCode, () => answer.json());
    },
  };
  const remote = (upstream: Upstream): Transport => ({
    async send(method, path, serviceToken, body) {
      const answer: UpstreamResponse = await upstream.request({
        method,
        path,
        headers: { 'x-service-token': serviceToken },
        timeoutMs: options.timeoutMs,
        ...(body === undefined ? {} : { body }),
      });
      return checked(upstream.name, path, answer.status, () => answer.json());
    },
  });
  return [
    source('gateway', own, () => signer.token('gateway')),
    ...Object.values(options.upstreams).map((upstream) =>
      source(upstream.name, remote(upstream), () => signer.token(upstream.name)),
    ),
  ];
}
