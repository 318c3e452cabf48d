import type { Role } from './roles.js';

/** The authenticated caller of a request, as established from a verified access token. */
export interface Principal {
  user_id: string;
  role: Role;
  /** The login session (refresh-token family) the token belongs to; logout revokes it. */
  session_id: string;
  /** The token's `jti`. */
  token_id: string;
  expires_at: Date;
}
