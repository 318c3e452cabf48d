import { invalidToken } from './token-errors.js';

// RFC 6750 section 2.1: the scheme is case-insensitive and the credentials are a token68.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The bearer token of an `Authorization` header, or `undefined` when the header is absent or empty.
 * Any other scheme or a malformed value throws Unauthorized `INVALID_TOKEN`, so a client sending the wrong
 * credentials learns so instead of being treated as anonymous.
 */
export function parseBearer(authorizationHeader: string | undefined): string | undefined {
  if (authorizationHeader === undefined || authorizationHeader.trim() === '') return undefined;
  const match = BEARER.exec(authorizationHeader);
  if (match?.[1] === undefined)
    throw invalidToken(undefined, 'The Authorization header must be "Bearer <token>"');
  return match[1];
}
