/**
 * Authorization checks for use cases. They take the principal the service kit attached to the request
 * (`undefined` for anonymous callers) and return it narrowed, so a handler reads
 * `const me = requireRole(request.principal, 'manager', 'admin')`.
 */
import { Forbidden } from '@bodega/errors';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';
import { authenticationRequired } from './token-errors.js';

/** Whether the caller is authenticated with one of `roles`. */
export function hasRole(principal: Principal | undefined, ...roles: Role[]): principal is Principal {
  return principal !== undefined && roles.includes(principal.role);
}

/** The caller, who must be authenticated; throws Unauthorized `AUTHENTICATION_REQUIRED` otherwise. */
export function requireAuthenticated(principal: Principal | undefined): Principal {
  if (principal === undefined) throw authenticationRequired();
  return principal;
}

/**
 * The caller, who must hold one of `roles`: throws Unauthorized `AUTHENTICATION_REQUIRED` for anonymous
 * callers and Forbidden `FORBIDDEN` for other roles.
 */
export function requireRole(principal: Principal | undefined, ...roles: [Role, ...Role[]]): Principal {
  const caller = requireAuthenticated(principal);
  if (!roles.includes(caller.role)) throw forbidden();
  return caller;
}

/**
 * The caller, who must be the owner of the resource (`ownerId` is a user id) or hold one of `roles`:
 * a customer reaches only their own cart, orders, payments and profile.
 */
export function requireSelfOrRole(
  principal: Principal | undefined,
  ownerId: string,
  ...roles: Role[]
): Principal {
  const caller = requireAuthenticated(principal);
  if (caller.user_id !== ownerId && !roles.includes(caller.role)) throw forbidden();
  return caller;
}

function forbidden() {
  return Forbidden('You are not allowed to perform this action', { code: 'FORBIDDEN' });
}
