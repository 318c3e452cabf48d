import { GraphQLObjectType, GraphQLSchema } from './graphql-js.js';
import { analyticsQueries } from './analytics-fields.js';
import { catalogMutations, catalogQueries } from './catalog-fields.js';
import type { GraphqlContext } from './context.js';
import { identityMutations, identityQueries } from './identity-fields.js';
import { ordersMutations, ordersQueries } from './orders-fields.js';
import { paymentsMutations, paymentsQueries } from './payments-fields.js';
import { searchQueries } from './search-fields.js';
import { createTypes } from './types.js';

/**
 * The one GraphQL schema over every service (ARCHITECTURE "The gateway"). Object types come from the
 * TypeBox contracts; every root field is one call to a service's public API as the caller, so
 * access rules live in the services, as for REST. Root fields are nullable: one failing field (a
 * 404, a refusal) leaves the others' data in the answer.
 */
export function buildGraphqlSchema(): GraphQLSchema {
  const types = createTypes();
  const query = new GraphQLObjectType<unknown, GraphqlContext>({
    name: 'Query',
    fields: () => ({
      ...catalogQueries(types),
      ...searchQueries(types),
      ...identityQueries(types),
      ...ordersQueries(types),
      ...paymentsQueries(types),
      ...analyticsQueries(types),
    }),
  });
  const mutation = new GraphQLObjectType<unknown, GraphqlContext>({
    name: 'Mutation',
    fields: () => ({
      ...identityMutations(types),
      ...catalogMutations(types),
      ...ordersMutations(types),
      ...paymentsMutations(types),
    }),
  });
  return new GraphQLSchema({ query, mutation });
}
