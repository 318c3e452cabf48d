import { BeaconAccepted, BeaconBatch, MAX_BEACON_BODY_BYTES } from '@bodega/contracts';
import { installJsonBodyParser, type ServiceApp } from '@bodega/kit';
import { recordBeacons } from '../beacons/record-beacons.js';
import type { AnalyticsDeps } from '../deps.js';
import { API, errorResponses } from './schemas.js';

/** Behaviour beacons from the web app: anyone may send them; a signed-in caller is recorded. */
export function registerBeaconRoutes(app: ServiceApp, deps: AnalyticsDeps): void {
  void app.register(async (scope: ServiceApp) => {
    // `navigator.sendBeacon` sends a string as `text/plain` (which needs no CORS preflight), so beacons
    // may come as JSON in `text/plain` too, read as any JSON body is. Scoped to this route's plugin:
    // elsewhere text stays text.
    installJsonBodyParser(scope, 'text/plain', { bodyLimit: MAX_BEACON_BODY_BYTES });
    scope.post(
      `${API}/events`,
      {
        // Beacons come from every page of every visitor: far smaller than the service's default limit.
        bodyLimit: MAX_BEACON_BODY_BYTES,
        schema: {
          summary: 'Record behaviour events (a batch from one browser session; JSON, also as text/plain)',
          body: BeaconBatch,
          response: { 202: BeaconAccepted, ...errorResponses(400, 401, 413, 415, 422, 429) },
        },
      },
      async (request, reply) => {
        const accepted = await recordBeacons(deps, request.body, request.principal?.user_id ?? null);
        return reply.status(202).send(accepted);
      },
    );
  });
}
