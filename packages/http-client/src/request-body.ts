import type { Headers } from './types.js';

// RFC 9110 §7.6.1: meaningful for one connection only, so never forwarded. `host` and `content-length`
// describe the outgoing request, which undici computes itself; `expect` undici refuses.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);

/** The headers to send upstream: the caller's, minus those that belong to another connection. */
export function outgoingHeaders(headers: Headers = {}): Record<string, string | string[]> {
  const lowered = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value] as const);
  // Headers the Connection header names are hop-by-hop as well.
  const named = new Set(
    lowered
      .filter(([name]) => name === 'connection')
      .flatMap(([, value]) => [value ?? []].flat())
      .flatMap((value) => value.split(','))
      .map((name) => name.trim().toLowerCase()),
  );
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of lowered) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    result[name] = value;
  }
  return result;
}

/** The wire form of a body, and the content type it implies when the caller gave none. */
export function encodeBody(body: Buffer | string | object | undefined): {
  payload: Buffer | string | undefined;
  contentType?: string;
} {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return { payload: body };
  return { payload: JSON.stringify(body), contentType: 'application/json' };
}
