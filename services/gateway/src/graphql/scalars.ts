import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from './graphql-js.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function safeInteger(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_SAFE) return value;
  throw new GraphQLError(`SafeInt cannot represent ${String(value)}`, {
    extensions: { code: 'VALIDATION_ERROR' },
  });
}

/**
 * Whole numbers beyond GraphQL's 32-bit `Int`: money in minor units, counts and stock, which the REST
 * contracts leave unbounded (a year of revenue in cents passes 2^31 quickly). JSON numbers up to 2^53 - 1.
 */
export const SafeInt = new GraphQLScalarType({
  name: 'SafeInt',
  description: 'A whole number between -(2^53 - 1) and 2^53 - 1, as a JSON number',
  serialize: safeInteger,
  parseValue: safeInteger,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError('SafeInt must be a whole number', { nodes: ast });
    return safeInteger(Number(ast.value));
  },
});

/** RFC 3339 timestamps travel as strings, as in REST; the owning service validates them. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An RFC 3339 timestamp, e.g. 2026-01-15T10:00:00Z (UTC in answers)',
  serialize: (value) => value,
  parseValue(value) {
    if (typeof value !== 'string') throw new GraphQLError('DateTime must be a string');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { nodes: ast });
    return ast.value;
  },
});

/** A JSON value from a GraphQL literal (objects, lists, scalars; variables resolved). */
function literal(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((value) => literal(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        ast.fields.map((field) => [field.name.value, literal(field.value, variables)]),
      );
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw new GraphQLError('Not a JSON value', { nodes: ast });
  }
}

/**
 * Free-form flat facts (product attributes, beacon properties): their keys are data, not schema, so
 * they travel as one JSON object, validated by the service that owns them.
 */
export const JSONObject = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object of free-form facts (e.g. product attributes)',
  serialize: (value) => value,
  parseValue(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new GraphQLError('JSONObject must be an object');
    }
    return value;
  },
  parseLiteral(ast, variables) {
    if (ast.kind !== Kind.OBJECT) throw new GraphQLError('JSONObject must be an object', { nodes: ast });
    return literal(ast, variables);
  },
});
