import type { BodegaClient } from '@bodega/client';
import type {
  ConsumingService,
  DeadLetterList,
  DeadLetterReplayRequest,
  DeadLetterReplayResult,
  OpsOverview,
  TraceDetail,
  TraceList,
  TraceQuery,
} from '@bodega/contracts';
import { ApiError } from '@bodega/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';

/** How often the page asks again while it is open: about live enough, and cheap for the gateway. */
export const REFRESH_MS = 5_000;

export const consumingServices = [
  'search',
  'orders',
  'analytics',
] as const satisfies readonly ConsumingService[];

type Init = { params?: { query?: object }; body?: unknown };

/**
 * The gateway's operations API (`/api/v1/ops/*`). The typed client does not list these routes yet,
 * so the calls go through its openapi-fetch instance untyped (the same auth, refresh and ApiError on
 * non-2xx) and their answers are typed from the TypeBox contracts (`@bodega/contracts`, ops.ts).
 * Once the client is regenerated these become plain `bodega.get(...)` calls.
 */
async function call<T>(bodega: BodegaClient, method: 'get' | 'post', path: string, init?: Init): Promise<T> {
  const raw = bodega.api as unknown as {
    request(method: string, path: string, init?: Init): Promise<{ data?: unknown }>;
  };
  return (await raw.request(method, path, init)).data as T;
}

export const opsApi = {
  overview: (bodega: BodegaClient) => call<OpsOverview>(bodega, 'get', '/api/v1/ops/overview'),
  deadLetters: (bodega: BodegaClient, service: ConsumingService, limit = 100) =>
    call<DeadLetterList>(bodega, 'get', '/api/v1/ops/dead-letters', {
      params: { query: { service, limit } },
    }),
  replay: (bodega: BodegaClient, body: DeadLetterReplayRequest) =>
    call<DeadLetterReplayResult>(bodega, 'post', '/api/v1/ops/dead-letters/replay', { body }),
  traces: (bodega: BodegaClient, query: TraceQuery) =>
    call<TraceList>(bodega, 'get', '/api/v1/ops/traces', { params: { query } }),
  trace: (bodega: BodegaClient, traceId: string) =>
    call<TraceDetail>(bodega, 'get', `/api/v1/ops/traces/${encodeURIComponent(traceId)}`),
};

const noRetryOn4xx = (count: number, error: unknown) =>
  !(error instanceof ApiError && error.status < 500) && count < 1;

/** Every service's numbers, and the gateway's health check of each (`/api/v1/status`), refreshed live. */
export function useOverview() {
  const bodega = useApi();
  const overview = useQuery({
    queryKey: ['ops', 'overview'],
    queryFn: () => opsApi.overview(bodega),
    refetchInterval: REFRESH_MS,
    retry: noRetryOn4xx,
  });
  const status = useQuery({
    queryKey: ['ops', 'status'],
    queryFn: () => bodega.get('/api/v1/status'),
    refetchInterval: REFRESH_MS,
    retry: noRetryOn4xx,
  });
  return { overview, status };
}

export function useDeadLetters(service: ConsumingService, enabled: boolean) {
  const bodega = useApi();
  return useQuery({
    queryKey: ['ops', 'dead-letters', service],
    queryFn: () => opsApi.deadLetters(bodega, service),
    refetchInterval: REFRESH_MS,
    enabled,
    retry: noRetryOn4xx,
  });
}

/** Replays some of a service's dead letters (`ids`) or all of them; the lists refresh after. */
export function useReplay(service: ConsumingService) {
  const bodega = useApi();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (ids?: string[]) => opsApi.replay(bodega, { service, ...(ids ? { ids } : {}) }),
    onSuccess: async () => {
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['ops', 'dead-letters', service] }),
        queries.invalidateQueries({ queryKey: ['ops', 'overview'] }),
      ]);
    },
  });
}

export function useTraces(query: TraceQuery) {
  const bodega = useApi();
  return useQuery({
    queryKey: ['ops', 'traces', query],
    queryFn: () => opsApi.traces(bodega, query),
    refetchInterval: REFRESH_MS,
    retry: noRetryOn4xx,
  });
}

export function useTrace(traceId: string | undefined) {
  const bodega = useApi();
  return useQuery({
    queryKey: ['ops', 'trace', traceId],
    queryFn: () => opsApi.trace(bodega, traceId ?? ''),
    enabled: traceId !== undefined,
    retry: noRetryOn4xx,
  });
}
