/** Every role a Bodega user can hold, least privileged first. */
export const ROLES = ['customer', 'manager', 'admin'] as const;

/** A user's role, carried in the access token's `role` claim. */
export type Role = (typeof ROLES)[number];

/** Whether `value` is one of the known roles; a token naming any other role is invalid. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
