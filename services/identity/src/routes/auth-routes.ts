import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireAuthenticated } from '@bodega/auth';
import { Unauthorized } from '@bodega/errors';
import type { ServiceApp } from '@bodega/kit';
import type { IdentityDeps } from '../deps.js';
import { register } from '../registration/register.js';
import { login } from '../sessions/login.js';
import { logout } from '../sessions/logout.js';
import { refresh } from '../sessions/refresh.js';
import { TokenResponseSchema, type IssuedSession } from '../sessions/session-tokens.js';
import { MAX_NAME_LENGTH, toUserJson, UserSchema } from '../users/user.js';
import { API, AUTH_BODY_LIMIT, errorResponses } from './schemas.js';
import { clearSessionCookies, isWebClient, presentedRefreshToken, setSessionCookies } from './web-session.js';

const Email = Type.String({ maxLength: 320, description: 'Trimmed and lowercased before use' });
const Password = Type.String({ maxLength: 1024 });

const RegisterBody = Type.Object(
  {
    email: Email,
    password: Type.String({ maxLength: 1024, description: 'At least 10 characters, at most 256' }),
    name: Type.Optional(Type.Union([Type.String({ maxLength: MAX_NAME_LENGTH }), Type.Null()])),
  },
  { additionalProperties: false },
);
const LoginBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
const RefreshTokenBody = Type.Object(
  {
    refresh_token: Type.Optional(
      Type.String({
        maxLength: 512,
        description: 'Omit to use the bodega_refresh cookie (with X-CSRF-Token)',
      }),
    ),
  },
  { additionalProperties: false },
);
const WebHeaders = Type.Object({
  'x-bodega-client': Type.Optional(
    Type.String({ description: '"web": also set the refresh token as a cookie' }),
  ),
  'x-csrf-token': Type.Optional(
    Type.String({ description: 'Required with the cookie: the bodega_csrf cookie value' }),
  ),
});

/** Cookie-based calls may come without a body at all; treat that as an empty one. */
function emptyBodyAsObject(request: FastifyRequest, _reply: FastifyReply, done: () => void) {
  request.body ??= {};
  done();
}

/** Registration and the session lifecycle: login, refresh (rotation), logout. */
export function registerAuthRoutes(app: ServiceApp, deps: IdentityDeps): void {
  const answerSession = (
    request: FastifyRequest,
    reply: FastifyReply,
    session: IssuedSession,
    viaCookie: boolean,
  ) => {
    if (viaCookie || isWebClient(request))
      setSessionCookies(reply, session.body.refresh_token, session.refreshExpiresAt, deps.now());
    void reply.header('cache-control', 'no-store');
    return session.body;
  };

  app.post(
    `${API}/auth/register`,
    {
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        summary: 'Create a customer account',
        body: RegisterBody,
        response: { 201: UserSchema, ...errorResponses(400, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const user = await register(deps, request.body, { traceParent: request.trace.traceparent });
      return reply.status(201).send(toUserJson(user));
    },
  );

  app.post(
    `${API}/auth/login`,
    {
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        summary: 'Sign in with email and password',
        headers: WebHeaders,
        body: LoginBody,
        response: { 200: TokenResponseSchema, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => answerSession(request, reply, await login(deps, request.body), false),
  );

  app.post(
    `${API}/auth/refresh`,
    {
      bodyLimit: AUTH_BODY_LIMIT,
      preValidation: emptyBodyAsObject,
      schema: {
        summary: 'Exchange a refresh token for new tokens (the old one stops working)',
        headers: WebHeaders,
        body: RefreshTokenBody,
        response: { 200: TokenResponseSchema, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const { token, viaCookie } = presentedRefreshToken(request, request.body.refresh_token);
      if (token === undefined) {
        throw Unauthorized('No refresh token: send refresh_token or the bodega_refresh cookie', {
          code: 'REFRESH_TOKEN_REQUIRED',
        });
      }
      return answerSession(request, reply, await refresh(deps, token), viaCookie);
    },
  );

  app.post(
    `${API}/auth/logout`,
    {
      bodyLimit: AUTH_BODY_LIMIT,
      preValidation: emptyBodyAsObject,
      schema: {
        summary: "End a session: the refresh token's, else the bearer token's",
        headers: WebHeaders,
        body: RefreshTokenBody,
        response: {
          204: Type.Null({ description: 'Signed out' }),
          ...errorResponses(400, 401, 403, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const { token } = presentedRefreshToken(request, request.body.refresh_token);
      if (token === undefined) requireAuthenticated(request.principal);
      await logout(deps, { refreshToken: token, principal: request.principal });
      clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );
}
