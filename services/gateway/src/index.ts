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
  // The public door: what is for operators listens on a port of its own, never the public one.
  operatorListener: (config) => ({ host: config.OPS_HOST ?? config.HOST, port: config.OPS_PORT }),
};
