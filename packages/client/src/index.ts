/**
 * The typed TypeScript client of the Bodega public API: every operation typed from the OpenAPI
 * document the gateway serves (`src/api.ts`, generated), token refresh, idempotent checkout and
 * typed errors.
 */
export {
  createBodegaClient,
  type BodegaClient,
  type BodegaClientOptions,
  type CheckoutOptions,
} from './client.js';
export { ApiError, SessionExpired, type ErrorBody } from './errors.js';
export type {
  Answer,
  Call,
  CheckoutInput,
  LoginInput,
  Order,
  PlaceOrderInput,
  RegisterInput,
  RequestBody,
  Session,
  User,
} from './operations.js';
export type { components, operations, paths } from './api.js';
