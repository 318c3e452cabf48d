import type { Headers } from '@bodega/http-client';

/**
 * How long the gateway may keep an upstream's answer, from `Surrogate-Control` (W3C Edge Architecture
 * 1.0): the header an origin addresses to the surrogate in front of it, not to browsers or to caches
 * further out. Only `max-age=N` (N > 0) without `no-store` allows storing. Answers that set a cookie or
 * vary by a request header are never stored, whatever they say: one stored copy answers everybody.
 * Returns milliseconds, or undefined for "do not store".
 */
export function surrogateTtlMs(status: number, headers: Headers): number | undefined {
  if (status !== 200) return undefined;
  const control = single(headers['surrogate-control']);
  if (control === undefined) return undefined;
  if (headers['set-cookie'] !== undefined || headers.vary !== undefined) return undefined;
  let seconds: number | undefined;
  for (const directive of control.toLowerCase().split(',')) {
    const [name, value] = directive.trim().split('=');
    if (name === 'no-store') return undefined;
    if (name === 'max-age' && value !== undefined && /^\d{1,9}$/.test(value)) seconds = Number(value);
  }
  return seconds === undefined || seconds === 0 ? undefined : seconds * 1000;
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
