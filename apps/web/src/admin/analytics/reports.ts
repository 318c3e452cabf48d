import { ApiError } from '@bodega/client';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { Interval, Range } from './range';

export type TopBy = 'revenue' | 'units' | 'views';

/** A 4xx (a range too long for hourly buckets, an unknown zone) is the answer: shown, not retried. */
const retry = (count: number, error: unknown) =>
  !(error instanceof ApiError && error.status < 500) && count < 1;
const common = { retry, placeholderData: keepPreviousData, staleTime: 60_000 } as const;

export function useSales(range: Range, interval: Interval, tz: string) {
  const bodega = useApi();
  return useQuery({
    queryKey: ['analytics', 'sales', range, interval, tz],
    queryFn: () => bodega.get('/api/v1/analytics/sales', { params: { query: { ...range, interval, tz } } }),
    ...common,
  });
}

export function useCustomers(range: Range, interval: Interval, tz: string) {
  const bodega = useApi();
  return useQuery({
    queryKey: ['analytics', 'customers', range, interval, tz],
    queryFn: () =>
      bodega.get('/api/v1/analytics/customers', { params: { query: { ...range, interval, tz } } }),
    ...common,
  });
}

export function useFunnel(range: Range) {
  const bodega = useApi();
  return useQuery({
    queryKey: ['analytics', 'funnel', range],
    queryFn: () => bodega.get('/api/v1/analytics/funnel', { params: { query: range } }),
    ...common,
  });
}

export function useTopProducts(range: Range, by: TopBy) {
  const bodega = useApi();
  return useQuery({
    queryKey: ['analytics', 'top-products', range, by],
    queryFn: () =>
      bodega.get('/api/v1/analytics/top-products', { params: { query: { ...range, by, limit: 10 } } }),
    ...common,
  });
}

/**
 * Names of the ranked products (analytics knows ids only), from catalog, cached for long: names rarely
 * change. A product catalog no longer has keeps its short id.
 */
export function useProductNames(ids: string[]): Map<string, string> {
  const bodega = useApi();
  const answers = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['product', id],
      queryFn: () => bodega.get('/api/v1/products/{id}', { params: { path: { id } } }),
      staleTime: 10 * 60_000,
      retry,
    })),
  });
  const names = new Map<string, string>();
  ids.forEach((id, index) => names.set(id, answers[index]?.data?.name ?? `Product ${id.slice(-8)}`));
  return names;
}
