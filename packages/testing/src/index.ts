export { realBackends, uniqueSuffix, type RealBackends } from './env.js';
export {
  databaseBackends,
  freshPglite,
  throwawayPostgres,
  type DatabaseBackend,
  type TestDatabase,
} from './databases.js';
export { deleteRabbitTopology } from './rabbitmq.js';
export { startFaultProxy, type FaultProxy, type FaultProxyOptions, type FaultState } from './fault-proxy.js';
export { ephemeralLow, freePort, isListening } from './ports.js';
export { standardError } from './errors.js';
export { call, expectError, type Call } from './inject.js';
export { startTokenIssuer, type TestUser, type TokenIssuer } from './token-issuer.js';
export { keyHolders, testServiceKeys, type TestServiceKeys } from './service-keys.js';
export { jsonWithNumber, NUMBER_HERE, outOfRangeCases, outOfRangeNumbers } from './numbers.js';
export { everyJsonEncoding, utf16, utf32 } from './json-encodings.js';
