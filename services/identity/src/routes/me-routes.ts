import { Type } from '@sinclair/typebox';
import { requireAuthenticated } from '@bodega/auth';
import type { ServiceApp } from '@bodega/kit';
import type { IdentityDeps } from '../deps.js';
import { getMe } from '../profile/get-me.js';
import { updateMe } from '../profile/update-me.js';
import { MAX_NAME_LENGTH, UserSchema } from '../users/user.js';
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
    async (request) => getMe(deps, requireAuthenticated(request.principal)),
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
    async (request) => updateMe(deps, requireAuthenticated(request.principal), request.body),
  );
}
