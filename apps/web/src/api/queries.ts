import { ApiError } from '@bodega/client';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Beacon } from '../analytics/beacons';
import { useTracker } from '../analytics/context';
import { useApi } from './context';
import { useSession } from './session';
import type { Cart, Order } from './types';

export interface ProductFilters {
  category?: string | undefined;
  min_price?: number | undefined;
  max_price?: number | undefined;
  in_stock?: boolean | undefined;
}

export interface SearchParams extends ProductFilters {
  q: string;
  sort?: 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'popularity' | 'rating' | undefined;
}

const PAGE = 24;

/** Drops the undefined keys: the typed client sends `key=undefined` otherwise. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined && item !== ''),
  ) as T;
}

export function useCategories() {
  const bodega = useApi();
  return useQuery({
    queryKey: ['categories'],
    queryFn: () => bodega.get('/api/v1/categories'),
    staleTime: 5 * 60_000,
  });
}

/** The catalog, page after page (cursor pagination: "Load more" appends the next page). */
export function useProducts(filters: ProductFilters) {
  const bodega = useApi();
  return useInfiniteQuery({
    queryKey: ['products', filters],
    queryFn: ({ pageParam }) =>
      bodega.get('/api/v1/products', {
        params: { query: defined({ ...filters, limit: PAGE, cursor: pageParam }) },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useSearch(params: SearchParams) {
  const bodega = useApi();
  return useInfiniteQuery({
    queryKey: ['search', params],
    queryFn: ({ pageParam }) =>
      bodega.get('/api/v1/search', {
        params: { query: defined({ ...params, limit: PAGE, cursor: pageParam }) },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** The first few hits for what is typed so far (the caller debounces). */
export function useSuggestions(q: string) {
  const bodega = useApi();
  return useQuery({
    queryKey: ['suggest', q],
    queryFn: () => bodega.get('/api/v1/search', { params: { query: { q, limit: 6 } } }),
    enabled: q.trim().length >= 2,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useProduct(idOrSlug: string) {
  const bodega = useApi();
  return useQuery({
    queryKey: ['product', idOrSlug],
    queryFn: () => bodega.get('/api/v1/products/{id}', { params: { path: { id: idOrSlug } } }),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export function useRecommendations(productId?: string, limit = 8) {
  const bodega = useApi();
  const { user } = useSession();
  return useQuery({
    queryKey: ['recommendations', productId ?? null, user?.id ?? null, limit],
    queryFn: () =>
      bodega.get('/api/v1/recommendations', {
        params: {
          query: defined({ product_id: productId, customer_id: productId ? undefined : user?.id, limit }),
        },
      }),
    staleTime: 60_000,
  });
}

export function useReviews(productId: string | undefined) {
  const bodega = useApi();
  return useInfiniteQuery({
    queryKey: ['reviews', productId],
    queryFn: ({ pageParam }) =>
      bodega.get('/api/v1/products/{id}/reviews', {
        params: { path: { id: productId ?? '' }, query: defined({ limit: 10, cursor: pageParam }) },
      }),
    enabled: productId !== undefined,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

const emptyCart = (): Cart => ({
  id: '',
  customer_id: null,
  items: [],
  subtotal: { amount: 0, currency: 'USD' },
  item_count: 0,
  cart_token: null,
  updated_at: new Date(0).toISOString(),
});

/**
 * The cart: a signed-in customer's, else the guest cart named by the stored token (none yet: empty, no
 * call). After a sign-in, this read carries both the token and the access token: the guest cart merges.
 */
export function useCart() {
  const bodega = useApi();
  const { status, user } = useSession();
  return useQuery({
    queryKey: ['cart', user?.id ?? 'guest'],
    queryFn: async () => {
      if (!user && bodega.cartToken === undefined) return emptyCart();
      try {
        return await bodega.get('/api/v1/cart');
      } catch (error) {
        // A guest token the platform forgot (the client has dropped it): an empty cart again.
        if (error instanceof ApiError && error.code === 'CART_NOT_FOUND') return emptyCart();
        throw error;
      }
    },
    enabled: status !== 'restoring',
  });
}

/** A cart change; `reported` names the beacon it makes once the cart took it, if any. */
function useCartWrite<Input>(write: (input: Input) => Promise<Cart>, reported?: (input: Input) => Beacon) {
  const queries = useQueryClient();
  const { user } = useSession();
  const tracker = useTracker();
  return useMutation({
    mutationFn: write,
    onSuccess: (cart, input) => {
      if (reported) tracker.track(reported(input));
      queries.setQueryData(['cart', user?.id ?? 'guest'], cart);
      void queries.invalidateQueries({ queryKey: ['quote'] });
    },
  });
}

export function useAddToCart() {
  const bodega = useApi();
  return useCartWrite(
    (input: { product_id: string; quantity: number }) => bodega.post('/api/v1/cart/items', { body: input }),
    ({ product_id, quantity }) => ({ type: 'add_to_cart', product_id, properties: { quantity } }),
  );
}

export function useSetQuantity() {
  const bodega = useApi();
  return useCartWrite(({ product_id, quantity }: { product_id: string; quantity: number }) =>
    bodega.patch('/api/v1/cart/items/{product_id}', { params: { path: { product_id } }, body: { quantity } }),
  );
}

export function useRemoveLine() {
  const bodega = useApi();
  return useCartWrite(
    (product_id: string) =>
      bodega.delete('/api/v1/cart/items/{product_id}', { params: { path: { product_id } } }),
    (product_id) => ({ type: 'remove_from_cart', product_id }),
  );
}

/** The live price of the cart's lines with a promo code and a destination (the orders price calculator). */
export function useQuote(cart: Cart | undefined, promo: string | undefined, country: string | undefined) {
  const bodega = useApi();
  const items = (cart?.items ?? []).map((line) => ({ product_id: line.product_id, quantity: line.quantity }));
  return useQuery({
    queryKey: ['quote', items, promo ?? null, country ?? null],
    queryFn: () =>
      bodega.post('/api/v1/pricing/quote', { body: defined({ items, promo_code: promo, country }) }),
    enabled: items.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useOrders() {
  const bodega = useApi();
  const { user } = useSession();
  return useInfiniteQuery({
    queryKey: ['orders', user?.id],
    queryFn: ({ pageParam }) =>
      bodega.get('/api/v1/orders', { params: { query: defined({ limit: 20, cursor: pageParam }) } }),
    enabled: user !== undefined,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

const settled: Order['status'][] = ['delivered', 'cancelled', 'refunded'];

/** One order, polled while it can still change: its status history updates by itself. */
export function useOrder(id: string, pollMs = 5000) {
  const bodega = useApi();
  const { user } = useSession();
  return useQuery({
    queryKey: ['order', id],
    queryFn: () => bodega.get('/api/v1/orders/{id}', { params: { path: { id } } }),
    enabled: user !== undefined,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    refetchInterval: (query) =>
      query.state.data && settled.includes(query.state.data.status) ? false : pollMs,
    refetchIntervalInBackground: false,
  });
}
