import type { Static } from '@sinclair/typebox';
import { GraphQLBoolean, GraphQLNonNull, GraphQLString } from './graphql-js.js';
import { field, pageCost, restricted, type FieldMap } from './fields.js';
import { ListUsersArgs, LoginInput, RegisterInput } from './shapes.js';
import type { Types } from './types.js';

/** The caller, and the user directory (identity). */
export function identityQueries({ mapper, ...types }: Types): FieldMap {
  return {
    me: field({
      type: types.User,
      description: 'The signed-in user',
      resolve: (_source, _args, context) => context.call('identity', { path: '/api/v1/me' }),
    }),
    // Other people's emails and roles: refused at the field for anyone but admins.
    users: restricted(
      ['admin'],
      field<unknown, Static<typeof ListUsersArgs>>({
        type: types.UserPage,
        description: 'Every user, with their email and role',
        args: mapper.args(ListUsersArgs, 'Users'),
        extensions: pageCost(),
        resolve: (_source, args, context) => context.call('identity', { path: '/api/v1/users', query: args }),
      }),
    ),
  };
}

/** Accounts and sessions. Tokens come back in the answer: API clients keep them (no cookies here). */
export function identityMutations({ mapper, ...types }: Types): FieldMap {
  const refreshToken = { type: new GraphQLNonNull(GraphQLString) };
  return {
    register: field<unknown, { input: Static<typeof RegisterInput> }>({
      type: types.User,
      description: 'Create a customer account (then log in)',
      args: { input: { type: mapper.input(RegisterInput, 'RegisterInput') } },
      resolve: async (_source, { input }, context) => {
        await context.limit('auth');
        return context.call('identity', { method: 'POST', path: '/api/v1/auth/register', body: input });
      },
    }),
    login: field<unknown, { input: Static<typeof LoginInput> }>({
      type: types.Session,
      description: 'Sign in with email and password',
      args: { input: { type: mapper.input(LoginInput, 'LoginInput') } },
      resolve: async (_source, { input }, context) => {
        // The same login limits as REST, per IP and per email: aliases cannot batch guesses past them.
        await context.limit('login', input);
        return context.call('identity', { method: 'POST', path: '/api/v1/auth/login', body: input });
      },
    }),
    refresh: field<unknown, { refresh_token: string }>({
      type: types.Session,
      description: 'Exchange a refresh token for new tokens (the old one stops working)',
      args: { refresh_token: refreshToken },
      resolve: async (_source, args, context) => {
        await context.limit('auth');
        return context.call('identity', { method: 'POST', path: '/api/v1/auth/refresh', body: args });
      },
    }),
    logout: field<unknown, { refresh_token: string }>({
      type: new GraphQLNonNull(GraphQLBoolean),
      description: "End the refresh token's session",
      args: { refresh_token: refreshToken },
      resolve: async (_source, args, context) => {
        await context.limit('auth');
        await context.call('identity', { method: 'POST', path: '/api/v1/auth/logout', body: args });
        return true;
      },
    }),
  };
}
