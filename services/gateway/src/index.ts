/**
 * The gateway service: routing to the services, token checks, rate limits, CORS, security headers and
 * the platform status. It owns no database.
 */
import type { ServiceDefinition } from '@bodega/kit';
import { buildGateway } from './app.js';
import { gatewayConfigSchema } from './config.js';

export { gatewayConfigSchema, type GatewayConfig } from './config.js';
export { routeTable, type PublicRoute } from './routes/route-table.js';
export type { StatusReport } from './status/status.js';

export const gateway: ServiceDefinition<typeof gatewayConfigSchema> = {
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  build: buildGateway,
};
