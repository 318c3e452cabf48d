import { createServer } from 'node:http';
import type { Logger } from '@bodega/logging';
import {
  answerClientError,
  applyListenerLimits,
  operatorNotFound,
  servedToOperators,
  type ListenerLimits,
} from './listener.js';
import { serviceControls, type ServiceApp } from './service.js';

/** Where a service's operator routes listen, apart from its public port. */
export interface OperatorAddress {
  host: string;
  port: number;
}

export interface OperatorListener {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a public-facing service's operator routes (`/metrics`, `/internal/ops/*`, `/healthz`,
 * `/readyz`) on a port of their own, which the network keeps to operators, and takes them off the
 * public port (a 404 there, as for any unknown path). Requests reach the same app: the same metrics,
 * checks, hooks and error body. Any other path is a 404 here, so the public API is not served twice.
 */
export async function listenForOperators(
  app: ServiceApp,
  address: OperatorAddress,
  limits: ListenerLimits,
  logger: Logger,
): Promise<OperatorListener> {
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    if (servedToOperators(url)) {
      app.routing(request, response);
      return;
    }
    const { id, body } = operatorNotFound(request.method ?? 'GET', url);
    response
      .writeHead(404, {
        'content-type': 'application/json; charset=utf-8',
        'x-request-id': id,
        'x-content-type-options': 'nosniff',
      })
      .end(body);
  });
  applyListenerLimits(server, limits);
  server.on('clientError', answerClientError(logger));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address.host, port: address.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  serviceControls(app).listener.apart = true;
  const bound = server.address();
  return {
    port: typeof bound === 'object' && bound ? bound.port : address.port,
    close: () =>
      new Promise<void>((resolve) => {
        // Node closes idle keep-alive connections (a scraper's) with the server; none is left waiting.
        server.close(() => {
          resolve();
        });
      }),
  };
}
