import type { Client, MaybeOptionalInit, MethodResponse } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import type { paths } from './api.js';

/** The JSON body of the `status` answer of `method` on `path`, typed from the OpenAPI document. */
export type Answer<
  Path extends keyof paths,
  Method extends keyof paths[Path],
  Status extends number,
> = paths[Path][Method] extends { responses: Record<Status, { content: { 'application/json': infer Body } }> }
  ? Body
  : never;

/** The JSON request body of `method` on `path`. */
export type RequestBody<
  Path extends keyof paths,
  Method extends keyof paths[Path],
> = paths[Path][Method] extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** A signed-in user. */
export type User = Answer<'/api/v1/me', 'get', 200>;
/** The tokens of a session, and its user: what login and refresh answer. */
export type Session = Answer<'/api/v1/auth/login', 'post', 200>;
/** An order, as checkout answers it. */
export type Order = Answer<'/api/v1/checkout', 'post', 201>;
export type RegisterInput = RequestBody<'/api/v1/auth/register', 'post'>;
export type LoginInput = RequestBody<'/api/v1/auth/login', 'post'>;
export type CheckoutInput = RequestBody<'/api/v1/checkout', 'post'>;
export type PlaceOrderInput = RequestBody<'/api/v1/orders', 'post'>;

// As openapi-fetch types its methods' second argument: required exactly when the operation needs one.
type InitArgs<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & { [key: string]: unknown })?]
    : [Init & { [key: string]: unknown }];
// A 204 has no body: openapi-fetch's `never` for it becomes `undefined`.
type Body<T> = [T] extends [never] ? undefined : T;

/**
 * Calls one operation of the public API and resolves with its typed answer (`undefined` for a 204);
 * a non-2xx answer rejects with `ApiError`. Arguments are openapi-fetch's: `{ params: { path, query,
 * header }, body }`, each typed from the document.
 */
export type Call<Method extends HttpMethod> = <
  Path extends PathsWithMethod<paths, Method>,
  Init extends MaybeOptionalInit<paths[Path], Method>,
>(
  path: Path,
  ...init: InitArgs<Init>
) => Promise<Body<MethodResponse<Client<paths>, Method, Path, Init>>>;
