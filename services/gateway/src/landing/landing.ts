import type { ServiceApp } from '@bodega/kit';
import { statusPath } from '../status/status.js';

const links = { status: statusPath, health: '/healthz', api: '/api/v1' } as const;

// No inline script or style: the page lives under the same CSP as the web app will.
const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Bodega</title></head>
<body>
<h1>Bodega</h1>
<p>The API gateway is running. The storefront will be served here.</p>
<ul>
<li><a href="${links.status}">Platform status</a> (${links.status})</li>
<li><a href="${links.health}">Gateway health</a> (${links.health})</li>
</ul>
</body>
</html>
`;

/** `/` until the web app is served here (issue 6): a page for browsers, JSON for everyone else. */
export function registerLanding(app: ServiceApp): void {
  app.get('/', async (request, reply) => {
    if (request.headers.accept?.includes('text/html'))
      return reply.type('text/html; charset=utf-8').send(page);
    return { name: 'bodega', description: 'Bodega API gateway', links };
  });
}
