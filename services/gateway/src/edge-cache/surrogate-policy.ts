import type { Headers } from '@bodega/http-client';

/** Who a stored answer may answer: everybody, or only requests bearing the same verified token. */
export type StoreScope = 'shared' | 'caller';

/**
 * Whether and how long the gateway may keep an upstream's answer, from `Surrogate-Control` (W3C Edge
 * Architecture 1.0): the header an origin addresses to the surrogate in front of it, not to browsers
 * or to caches further out. Only `max-age=N` (N > 0) without `no-store` allows storing. An answer that
 * sets a cookie is never stored. One that varies by a request header is stored only when that header
 * is `Authorization` alone (`Vary: Authorization`, a caller's own data such as `GET /me`): it is then
 * kept for that caller only (`scope: 'caller'`, keyed by their verified token); any other `Vary` means
 * one copy cannot answer everybody, so it is not stored. Undefined: do not store.
 */
export function surrogatePolicy(
  status: number,
  headers: Headers,
): { ttlMs: number; scope: StoreScope } | undefined {
  if (status !== 200) return undefined;
  const control = single(headers['surrogate-control']);
  if (control === undefined || headers['set-cookie'] !== undefined) return undefined;
  const vary = single(headers.vary)?.trim().toLowerCase();
  if (vary !== undefined && vary !== 'authorization') return undefined;
  let seconds: number | undefined;
  for (const directive of control.toLowerCase().split(',')) {
    const [name, value] = directive.trim().split('=');
    if (name === 'no-store') return undefined;
    if (name === 'max-age' && value !== undefined && /^\d{1,9}$/.test(value)) seconds = Number(value);
  }
  if (seconds === undefined || seconds === 0) return undefined;
  return { ttlMs: seconds * 1000, scope: vary === undefined ? 'shared' : 'caller' };
}

/** The purge tags an answer carries in `Surrogate-Key` (space-separated, as Fastly and Varnish read it). */
export function surrogateKeys(headers: Headers): string[] {
  const raw = headers['surrogate-key'];
  if (raw === undefined) return [];
  const value = Array.isArray(raw) ? raw.join(' ') : raw;
  return value.split(' ').filter((tag) => tag.length > 0 && tag.length <= 256);
}

/** Headers meant for the gateway alone: they never reach the client, nor a stored copy. */
export const surrogateHeaders: ReadonlySet<string> = new Set(['surrogate-control', 'surrogate-key']);

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
