import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from './graphql-js.js';
import { PRODUCT_BATCH } from './context.js';
import { RequestRefused, graphqlCodes } from './errors.js';

/** Page size of a page field when the query names none (the services' default). */
export const DEFAULT_PAGE = 20;

/**
 * What resolving a field costs, declared in its `extensions.cost`. Undeclared, a field with a resolver
 * of its own is taken to make one service call (every root field does) and a plain property none, so
 * a forgotten declaration can only make a query dearer, never free.
 */
export interface FieldCost {
  /**
   * What one resolution asks of the services: `call` a request of its own; `batched` a product read the
   * per-request loader shares with up to PRODUCT_BATCH siblings; `none` nothing.
   */
  upstream?: 'call' | 'batched' | 'none';
  /** Complexity of the field itself: 1 unless said; 10 for a call made once per parent. */
  weight?: number;
  /** A page: what is below it is resolved once per item, `limit` times (DEFAULT_PAGE when not given). */
  page?: boolean;
}

/** What a request costs: `complexity` for GRAPHQL_MAX_COMPLEXITY, `upstreamCalls` for the rate limit. */
export interface RequestCost {
  complexity: number;
  /** The most calls to services the operation can make (loader reads rounded up per batch). */
  upstreamCalls: number;
  /** Fragment bodies walked to find out: each once, however often it is spread. */
  fragmentsWalked: number;
}

/** One selection set's cost per resolution of its parent; `batched` reads are not yet rounded to calls. */
interface Tally {
  complexity: number;
  calls: number;
  batched: number;
}

const NOTHING: Tally = { complexity: 0, calls: 0, batched: 0 };

/**
 * The cost of the operation a request runs, with its variables: a field's complexity is its weight plus
 * its children's (times the page size under a page); its upstream calls are its own plus its
 * children's (the same way), the loader's reads counted as one call per PRODUCT_BATCH under each call
 * that returns them. A fragment counts each time it is spread, as if written out, but its body is
 * walked once: costs add up linearly, so one walk per fragment is enough. Linear in the document.
 *
 * Runs on a validated document; bad variables are refused here (GRAPHQL_VALIDATION_FAILED), as
 * mercurius checks them only when a request sends some.
 */
export function requestCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): RequestCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const chosen = getOperationAST(document, operationName);
  const memo = new Map<string, Tally>();
  let fragmentsWalked = 0;
  let coerced: Record<string, unknown> = {};

  const ofFragment = (name: string): Tally => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment) return NOTHING;
    memo.set(name, NOTHING); // a cycle (refused by validation already) ends here instead of looping
    fragmentsWalked += 1;
    const tally = ofSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
    memo.set(name, tally);
    return tally;
  };

  const ofSet = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): Tally => {
    const sum = { complexity: 0, calls: 0, batched: 0 };
    for (const selection of set.selections) {
      let part: Tally;
      if (selection.kind === Kind.FIELD) {
        const definition = fieldOf(parent, selection.name.value);
        if (!definition) continue;
        const below = selection.selectionSet
          ? ofSet(selection.selectionSet, getNamedType(definition.type))
          : NOTHING;
        const args = getArgumentValues(definition, selection, coerced);
        part = ofField(declaredCost(definition, parent), args, below);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        part = ofSet(selection.selectionSet, type);
      } else {
        part = ofFragment(selection.name.value);
      }
      sum.complexity += part.complexity;
      sum.calls += part.calls;
      sum.batched += part.batched;
    }
    return sum;
  };

  let total = NOTHING;
  try {
    for (const operation of chosen ? [chosen] : operations) {
      const found = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
      if (found.errors) throw found.errors[0] ?? new GraphQLError('The variables are not valid');
      coerced = found.coerced;
      const tally = ofSet(operation.selectionSet, rootOf(schema, operation));
      total = {
        complexity: total.complexity + tally.complexity,
        calls: total.calls + tally.calls + Math.ceil(tally.batched / PRODUCT_BATCH),
        batched: 0,
      };
    }
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new RequestRefused(error.message, { code: graphqlCodes.validation, status: 400 });
  }
  return { complexity: total.complexity, upstreamCalls: total.calls, fragmentsWalked };
}

/** One field's cost from its declaration and what is below it. */
function ofField(cost: Required<FieldCost>, args: Record<string, unknown>, below: Tally): Tally {
  const times = cost.page ? (typeof args.limit === 'number' ? args.limit : DEFAULT_PAGE) : 1;
  const complexity = cost.weight + below.complexity * times;
  const calls = below.calls * times;
  const batched = below.batched * times;
  // The loader batches the reads of the items one answer brings: they become calls at that answer.
  const rounded = calls + Math.ceil(batched / PRODUCT_BATCH);
  switch (cost.upstream) {
    case 'call':
      return { complexity, calls: 1 + rounded, batched: 0 };
    case 'batched':
      return { complexity, calls: rounded, batched: 1 };
    case 'none':
      return { complexity, calls, batched };
  }
}

function declaredCost(field: GraphQLField<unknown, unknown>, parent: GraphQLNamedType | undefined) {
  const declared = (field.extensions as { cost?: FieldCost }).cost ?? {};
  const resolved = field.resolve !== undefined && !(parent && isIntrospectionType(parent));
  const meta = field.name.startsWith('__');
  return {
    upstream: declared.upstream ?? (resolved && !meta ? 'call' : 'none'),
    weight: declared.weight ?? 1,
    page: declared.page ?? false,
  } satisfies Required<FieldCost>;
}

function fieldOf(
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

function rootOf(schema: GraphQLSchema, operation: OperationDefinitionNode) {
  const roots = {
    [OperationTypeNode.QUERY]: schema.getQueryType(),
    [OperationTypeNode.MUTATION]: schema.getMutationType(),
    [OperationTypeNode.SUBSCRIPTION]: schema.getSubscriptionType(),
  };
  return roots[operation.operation] ?? undefined;
}

/** Refuses a request whose complexity or upstream calls are above their maxima, before any call is made. */
export function refuseCostly(cost: RequestCost, maxima: { complexity: number; upstreamCalls: number }): void {
  if (cost.complexity > maxima.complexity) {
    throw new RequestRefused(
      `The query is too complex: ${cost.complexity}, above the limit of ${maxima.complexity}`,
      {
        code: graphqlCodes.tooComplex,
        status: 400,
        details: { complexity: cost.complexity, maximum: maxima.complexity },
      },
    );
  }
  if (cost.upstreamCalls > maxima.upstreamCalls) {
    throw new RequestRefused(
      `The query would make up to ${cost.upstreamCalls} calls to services, above the limit of ${maxima.upstreamCalls}`,
      {
        code: graphqlCodes.tooComplex,
        status: 400,
        details: { upstream_calls: cost.upstreamCalls, maximum: maxima.upstreamCalls },
      },
    );
  }
}
