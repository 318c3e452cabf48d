import type { FastifyRequest } from 'fastify';

/**
 * The X-Forwarded-For the gateway sends upstream: the chain it believes, client first. `request.ips`
 * holds the peer, then what each trusted proxy (TRUST_PROXY) said back to the first address no trusted
 * proxy vouches for, which is the client (`request.ip`). Whatever a client wrote before that is
 * dropped: a service behind sees the address the rate limits saw, never a forged one.
 */
export function forwardedFor(request: FastifyRequest): string {
  const chain = request.ips ?? [request.socket.remoteAddress ?? 'unknown'];
  return chain.toReversed().join(', ');
}
