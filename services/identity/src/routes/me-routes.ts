import { Type } from '@sinclair/typebox';
import { requireAuthenticated } from '@bodega/auth';
import type { ServiceApp } from '@bodega/kit';
import type { IdentityDeps } from '../deps.js';
import { getMe } from '../profile/get-me.js';
import { updateMe } from '../profile/update-me.js';
import { MAX_NAME_LENGTH, UserSchema } from '../users/user.js';
import { meEdgeHeaders, userPurgeHeader } from '../users/user-edge.js';
import { API, errorResponses } from './schemas.js';

const UpdateMeBody = Type.Object(
  {
    name: Type.Optional(
      Type.Union([Type.String({ maxLength: MAX_NAME_LENGTH }), Type.Null()], {
        description: 'null or blank clears it',
      }),
    ),
    password: Type.Optional(
      Type.String({ maxLength: 1024, description: 'The new password; needs current_password' }),
    ),
    current_password: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** The caller's own profile. */
export function registerMeRoutes(app: ServiceApp, deps: IdentityDeps): void {
  app.get(
    `${API}/me`,
    { schema: { summary: 'The signed-in user', response: { 200: UserSchema, ...errorResponses(401) } } },
    async (request, reply) => {
      const me = await getMe(deps, requireAuthenticated(request.principal));
      void reply.headers(meEdgeHeaders(deps, me.id));
      return me;
    },
  );

  app.patch(
    `${API}/me`,
    {
      schema: {
        summary: 'Change my name or password (a new password ends my other sessions)',
        body: UpdateMeBody,
        response: { 200: UserSchema, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const me = await updateMe(deps, requireAuthenticated(request.principal), request.body);
      void reply.headers(userPurgeHeader(me.id));
      return me;
    },
  );
}
