import { GraphQLError, type ValidationContext, type ASTVisitor } from './graphql-js.js';
import { RequestRefused, graphqlCodes } from './errors.js';

/**
 * Longest document parsed, in tokens (graphql-js stops the parse there: `maxTokens`): a bigger one is
 * refused before it costs a parse, and bounds what every later walk over the document can cost.
 */
export const MAX_TOKENS = 5_000;

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
