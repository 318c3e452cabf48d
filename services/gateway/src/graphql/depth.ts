import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from './graphql-js.js';
import { graphqlCodes } from './errors.js';

/**
 * A validation rule refusing operations nested deeper than `maximum` (`{ a { b } }` is 2 deep),
 * fragments followed. Introspection (`__schema`, `__type`) is not counted: its depth is the schema's,
 * and production turns it off anyway.
 */
export function depthLimit(maximum: number) {
  return function depthRule(context: ValidationContext): ASTVisitor {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (set: SelectionSetNode, seen: ReadonlySet<string>): number => {
      let deepest = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const below = selection.selectionSet ? depthOf(selection.selectionSet, seen) : 0;
          deepest = Math.max(deepest, 1 + below);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // Unknown and cyclic spreads are the specified rules' to report.
          if (fragment && !seen.has(name))
            deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, name])));
        }
        if (deepest > maximum) return deepest;
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maximum) {
          context.reportError(
            new GraphQLError(`The query is nested ${depth} deep, beyond the limit of ${maximum}`, {
              nodes: node,
              extensions: { code: graphqlCodes.tooDeep, status: 400, details: { maximum } },
            }),
          );
        }
      },
    };
  };
}
