/**
 * The 401s of token checks. Messages are shown to clients, so they name the problem, never the internals;
 * the underlying error travels as `cause` for the logs.
 */
import { Unauthorized } from '@bodega/errors';
import type { AppError } from '@bodega/errors';

const REALM = 'bodega';

/** The token is malformed, forged, for someone else, or carries bad claims. */
export function invalidToken(cause?: unknown, message = 'The access token is invalid'): AppError {
  return Unauthorized(message, {
    code: 'INVALID_TOKEN',
    cause,
    headers: challenge('invalid_token', message),
  });
}

/** The token was valid but its lifetime is over: the client should refresh it. */
export function expiredToken(cause?: unknown): AppError {
  const message = 'The access token has expired';
  return Unauthorized(message, {
    code: 'TOKEN_EXPIRED',
    cause,
    headers: challenge('invalid_token', message),
  });
}

/** The token's session was ended (logout, or refresh-token reuse). */
export function revokedToken(): AppError {
  const message = 'The access token has been revoked';
  return Unauthorized(message, { code: 'TOKEN_REVOKED', headers: challenge('invalid_token', message) });
}

/** No credentials were presented where they are required. */
export function authenticationRequired(): AppError {
  return Unauthorized('Authentication is required', {
    code: 'AUTHENTICATION_REQUIRED',
    headers: { 'www-authenticate': `Bearer realm="${REALM}"` },
  });
}

// RFC 6750 section 3: a 401 from a bearer-protected resource says why in WWW-Authenticate.
function challenge(error: string, description: string): Record<string, string> {
  return {
    'www-authenticate': `Bearer realm="${REALM}", error="${error}", error_description="${description}"`,
  };
}
