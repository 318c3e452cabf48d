import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { apiVersion, type ServiceApp } from '@bodega/kit';
import type { DocumentSource } from './document-source.js';

/** Where the interactive viewer of the public API lives; its document is at `${docsPath}/openapi.json`. */
export const docsPath = '/api/docs';

/**
 * `GET /api/docs/openapi.json`, the document of the whole public API, and `GET /api/docs`, Swagger UI
 * over it. Swagger UI's assets come from its package, served here: no CDN. Its page loads scripts and
 * styles from files only (no inline script or style), so the gateway's CSP (`script-src 'self'`,
 * `style-src 'self'`) holds for it unchanged, and "Try it out" calls this same origin (`servers: /`).
 */
export async function registerDocsRoutes(app: ServiceApp, source: DocumentSource): Promise<void> {
  app.get(`${docsPath}/openapi.json`, { schema: { hide: true } }, async () => source.current());

  await app.register(async (viewer) => {
    // Swagger UI needs @fastify/swagger beside it; here it only holds the document Swagger UI is given.
    await viewer.register(swagger, {
      mode: 'static',
      specification: {
        document: { openapi: '3.1.0', info: { title: 'Bodega', version: apiVersion }, paths: {} },
      },
    });
    await viewer.register(swaggerUi, {
      routePrefix: docsPath,
      // Swagger UI reads its document synchronously: bring it up to date before each of its routes.
      uiHooks: {
        onRequest: (_request, _reply, done) => {
          void source.current().then(() => {
            done();
          });
        },
      },
      transformSpecification: () => source.latest() ?? {},
      transformSpecificationClone: false,
      theme: { title: 'Bodega API' },
      uiConfig: {
        // No top bar: its logo carries an inline <style> the CSP refuses, and its box would let the page
        // load any other document.
        layout: 'BaseLayout',
        deepLinking: true,
        docExpansion: 'list',
        defaultModelsExpandDepth: 0,
        displayRequestDuration: true,
        tryItOutEnabled: false,
      },
    });
  });
}
