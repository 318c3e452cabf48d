import { requireRole } from '@bodega/auth';
import type { Role } from '@bodega/contracts';
import { ValidationError } from '@bodega/errors';
import type { GraphQLFieldConfig, GraphQLFieldConfigMap } from './graphql-js.js';
import type { GraphqlContext } from './context.js';
import type { FieldCost } from './cost.js';

/** A field of the schema, whatever its parent's type (resolvers narrow their own source). */
export type Field = GraphQLFieldConfig<unknown, GraphqlContext>;
export type FieldMap = GraphQLFieldConfigMap<unknown, GraphqlContext>;

/**
 * Types a field's resolver against its parent and arguments. GraphQL's types are contravariant in
 * the parent, so a map of fields over different parents needs this one widening, kept here.
 */
export function field<Source, Args = Record<string, never>>(
  config: GraphQLFieldConfig<Source, GraphqlContext, Args>,
): Field {
  return config as unknown as Field;
}

/**
 * A field only `roles` may read. Anyone else gets the error at this field (`AUTHENTICATION_REQUIRED`
 * without a token, `FORBIDDEN` with another role), never a silent null: a client must be able to tell
 * "none" from "not for you". The services check again for their own data.
 */
export function restricted(roles: [Role, ...Role[]], config: Field): Field {
  const resolve = config.resolve;
  const who = roles.join(', ');
  return {
    ...config,
    description: `${config.description ? `${config.description}. ` : ''}Only for: ${who}.`,
    resolve(source, args, context, info) {
      requireRole(context.principal, ...roles);
      return resolve
        ? resolve(source, args, context, info)
        : (source as Record<string, unknown>)[info.fieldName];
    },
  };
}

/**
 * `extensions` of a page field: what is below it is resolved once per item, `limit` times. `weight`
 * is the field's own complexity, 10 for a page fetched once per parent (see cost.ts).
 */
export function pageCost(weight = 1): { cost: FieldCost } {
  return { cost: { page: true, weight } };
}

/** Path segment of an id or slug given by a client: encoded, and never a dot segment, so it cannot change the path. */
export function segment(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw ValidationError('An id may not be empty or a dot segment', { code: 'VALIDATION_ERROR' });
  }
  return encodeURIComponent(value);
}
