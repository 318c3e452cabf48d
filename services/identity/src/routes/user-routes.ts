import { Type } from '@sinclair/typebox';
import { Int4, Page, Role } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import type { IdentityDeps } from '../deps.js';
import { listUsers } from '../users/list-users.js';
import { updateUser } from '../users/update-user.js';
import { authorizeAdmin } from '../users/user-store.js';
import { UserSchema } from '../users/user.js';
import { userPurgeHeader } from '../users/user-edge.js';
import { API, errorResponses } from './schemas.js';

const ListUsersQuery = Type.Object(
  {
    limit: Int4({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor of the previous page' })),
    email: Type.Optional(Type.String({ maxLength: 320, description: 'Part of the email, case-insensitive' })),
    role: Type.Optional(Role),
  },
  { additionalProperties: false },
);
const UserPage = Type.Object(Page(UserSchema).properties, { additionalProperties: false });
const UserIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
const UpdateUserBody = Type.Object(
  {
    role: Type.Optional(Role),
    active: Type.Optional(
      Type.Boolean({ description: 'false ends every session and token of the user at once' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** User administration (admin only). */
export function registerUserRoutes(app: ServiceApp, deps: IdentityDeps): void {
  app.get(
    `${API}/users`,
    {
      schema: {
        summary: 'List users (admin)',
        querystring: ListUsersQuery,
        response: { 200: UserPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      await authorizeAdmin(deps.db, request.principal);
      return listUsers(deps, request.query);
    },
  );

  app.patch(
    `${API}/users/:id`,
    {
      schema: {
        summary: "Change a user's role or deactivate them (admin)",
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const actor = await authorizeAdmin(deps.db, request.principal);
      const user = await updateUser(deps, actor, request.params.id, request.body);
      void reply.headers(userPurgeHeader(user.id));
      return user;
    },
  );
}
