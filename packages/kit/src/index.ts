/**
 * The service kit: how every Bodega service is built (createService), configured (serviceConfig),
 * run alone (startService) or together in one process (startEmbedded), and stopped (closeOnSignals).
 */
export { createService, type CreateServiceOptions, type ReadinessCheck, type ServiceApp } from './service.js';
export {
  baseConfigProperties,
  distributedBackendKeys,
  envForService,
  modeOf,
  serviceConfig,
  type BaseConfigProperties,
} from './config.js';
export { createMetricsRegistry, httpDurationBuckets, observeDatabasePool } from './metrics.js';
export { createRevocationList, installAuthentication, type RevocationList } from './auth.js';
export { continueTrace, type TraceContext } from './trace.js';
export { apiVersion, errorResponse, openApiPath, type OpenApiDocument } from './openapi.js';
export { loadOrCreateSecret } from './secrets.js';
export { loadOrCreateServiceKeys, serviceKeysDir } from './service-keys.js';
export {
  startService,
  type EmbeddedBackends,
  type RunningService,
  type ServiceContext,
  type ServiceDefinition,
  type StartServiceOptions,
} from './runtime.js';
export { startEmbedded, type EmbeddedPlatform, type StartEmbeddedOptions } from './embedded.js';
export type { OperatorAddress } from './operator-listener.js';
export { closeOnSignals, shutdownTimeoutMs } from './process.js';
export { installJsonBodyParser, parseJsonBody, readJsonText } from './json-body.js';
export { publishEdgePurge } from './edge-purge.js';
