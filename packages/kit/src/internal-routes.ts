import type { FastifyInstance } from 'fastify';
import { allowedCallersOf } from '@bodega/auth';

/**
 * Refuses, when it is added, any `/internal/*` route whose own `onRequest` does not name the services
 * that may call it (`serviceAuth.allow(...)`): an internal route without an allow-list would let every
 * service with a key call it, which is how one compromised service reaches payments' refunds.
 */
export function requireInternalCallers(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!/^\/+internal(\/|$)/.test(route.url)) return;
    const hooks = [route.onRequest].flat();
    if (!hooks.some((hook) => allowedCallersOf(hook) !== undefined)) {
      const methods = [route.method].flat().join(',');
      throw new Error(
        `${methods} ${route.url}: an /internal/ route must name its callers (onRequest: serviceAuth.allow(...))`,
      );
    }
  });
}
