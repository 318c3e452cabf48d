import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden } from '@bodega/errors';

/**
 * The web app's session cookies (ARCHITECTURE "Identity and access"): the refresh token in an
 * HttpOnly cookie scoped to the auth routes, out of reach of scripts, and a readable CSRF token that
 * the app echoes in `X-CSRF-Token` (double-submit). SameSite=Strict already stops cross-site posts in
 * current browsers; the CSRF token covers the rest.
 */
export const REFRESH_COOKIE = 'bodega_refresh';
export const CSRF_COOKIE = 'bodega_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CLIENT_HEADER = 'x-bodega-client';
const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** Whether the caller is the web app, which wants its refresh token in a cookie. */
export function isWebClient(request: FastifyRequest): boolean {
  return request.headers[CLIENT_HEADER] === 'web';
}

export function setSessionCookies(
  reply: FastifyReply,
  refreshToken: string,
  expiresAt: Date,
  now: Date,
): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  const common = { secure: true, sameSite: 'strict', maxAge } as const;
  void reply.setCookie(REFRESH_COOKIE, refreshToken, {
    ...common,
    httpOnly: true,
    path: REFRESH_COOKIE_PATH,
  });
  // Readable by the app's scripts on every page, which is the point: it proves same-origin code.
  void reply.setCookie(CSRF_COOKIE, randomBytes(32).toString('base64url'), {
    ...common,
    httpOnly: false,
    path: '/',
  });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(REFRESH_COOKIE, {
    path: REFRESH_COOKIE_PATH,
    secure: true,
    sameSite: 'strict',
    httpOnly: true,
  });
  void reply.clearCookie(CSRF_COOKIE, { path: '/', secure: true, sameSite: 'strict' });
}

/**
 * The refresh token of the request: from the body (API clients), else from the cookie (web app),
 * which is only trusted with a matching CSRF header.
 */
export function presentedRefreshToken(
  request: FastifyRequest,
  fromBody: string | undefined,
): { token: string | undefined; viaCookie: boolean } {
  if (fromBody !== undefined) return { token: fromBody, viaCookie: false };
  const cookie = request.cookies[REFRESH_COOKIE];
  if (cookie === undefined || cookie === '') return { token: undefined, viaCookie: false };
  assertCsrf(request);
  return { token: cookie, viaCookie: true };
}

function assertCsrf(request: FastifyRequest): void {
  const expected = request.cookies[CSRF_COOKIE];
  const given = request.headers[CSRF_HEADER];
  if (
    expected === undefined ||
    expected === '' ||
    typeof given !== 'string' ||
    !sameSecret(expected, given)
  ) {
    throw Forbidden('The X-CSRF-Token header is missing or does not match the bodega_csrf cookie', {
      code: 'CSRF_FAILED',
    });
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
