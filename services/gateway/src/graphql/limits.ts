import {
  GraphQLError,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ASTVisitor,
} from './graphql-js.js';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { RequestRefused, graphqlCodes } from './errors.js';

/** Longest document parsed, in tokens: a bigger one is refused before it costs a parse. */
export const MAX_TOKENS = 5_000;

/**
 * Refuses a document whose cost is above `maximum`: one per field, a page's items times the page size
 * asked for, more for fields that mean one more upstream call per parent (see `pageCost`). Computed
 * with the request's variables, so `limit: $n` counts what `$n` is.
 */
export function checkComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  maximum: number,
): void {
  let complexity: number;
  try {
    complexity = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    // Variables are checked here first when a request sends none (mercurius checks them when present).
    if (!(error instanceof GraphQLError)) throw error;
    throw new RequestRefused(error.message, { code: graphqlCodes.validation, status: 400 });
  }
  if (complexity > maximum) {
    throw new RequestRefused(`The query is too complex: ${complexity}, above the limit of ${maximum}`, {
      code: graphqlCodes.tooComplex,
      status: 400,
      details: { complexity, maximum },
    });
  }
}

/** A validation rule refusing `__schema` and `__type` (introspection off, as in production by default). */
export function noIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        context.reportError(
          new GraphQLError(`Introspection is disabled here; the schema is published as schema.graphql`, {
            nodes: node,
            extensions: { code: graphqlCodes.introspection, status: 400 },
          }),
        );
      }
    },
  };
}

/**
 * mercurius reads a query that is not GraphQL but is JSON as a ready-made syntax tree, which graphql-js
 * then rejects with an assertion (a 500). A query is text: JSON in its place is refused as a parse error.
 */
export function refuseJsonQuery(query: unknown): void {
  if (typeof query !== 'string') return;
  try {
    JSON.parse(query);
  } catch {
    return;
  }
  throw new RequestRefused('The query is not a GraphQL document', { code: graphqlCodes.parse, status: 400 });
}
