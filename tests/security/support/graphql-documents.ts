/**
 * fast-check arbitraries of GraphQL documents that are small on the wire and huge to a careless server:
 * fragments that each spread the next twice (a chain of n stands for 2^n fields once expanded), one
 * field asked under hundreds of aliases (each one more upstream call), hundreds of directives. Each is
 * a few kilobytes at most; a server must answer it at the cost of its size, not of its expansion.
 */
import fc from 'fast-check';

/** Fields of the root query a document is built from: cheap to answer, each reaching one service. */
const leaves = [
  'search(q: "a", limit: 1) { total }',
  'categories { slug }',
  'products(limit: 1) { items { id } }',
  'recommendations(limit: 1) { items { id } }',
  '__typename',
];
const leaf = fc.constantFrom(...leaves);

/**
 * `query { ...F0 }` and fragments F0 to F(depth-1) on Query, each spreading the next twice, the last
 * holding `field`. graphql-js executes it once per distinct field, but a walk that expands every
 * spread (depth and cost analysis, field-merging checks) visits 2^depth of them.
 */
export function fragmentChain(depth: number, field: string): string {
  const fragments = Array.from({ length: depth }, (_, level) =>
    level === depth - 1
      ? `fragment F${level} on Query { ${field} }`
      : `fragment F${level} on Query { ...F${level + 1} ...F${level + 1} }`,
  );
  return [`query Bomb { ...F0 }`, ...fragments].join('\n');
}

/** One field under `count` aliases: `a0: field a1: field ...`. */
export function aliased(count: number, field: string): string {
  const selections = Array.from({ length: count }, (_, index) => `a${index}: ${field}`);
  return `query Aliases { ${selections.join(' ')} }`;
}

/** One field carrying `count` directives, repeated (invalid) or each on its own alias (valid). */
export function directed(count: number, field: string, repeated: boolean): string {
  if (repeated) {
    const directives = Array.from({ length: count }, (_, index) =>
      index % 2 === 0 ? '@include(if: true)' : '@skip(if: false)',
    );
    return `query Directives { ${field.replace(/^(\w+(?:\([^)]*\))?)/, `$1 ${directives.join(' ')}`)} }`;
  }
  const selections = Array.from({ length: count }, (_, index) => `d${index}: __typename @include(if: true)`);
  return `query Directives { ${field} ${selections.join(' ')} }`;
}

/** The kinds of document above, at sizes from harmless to far past any sane limit. */
export const expensiveDocuments: fc.Arbitrary<{ kind: string; query: string }> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 24 }), leaf)
    .map(([depth, field]) => ({ kind: `fragment chain of ${depth}`, query: fragmentChain(depth, field) })),
  fc
    .tuple(fc.constantFrom(10, 50, 100, 300, 1_000), leaf)
    .map(([count, field]) => ({ kind: `${count} aliases`, query: aliased(count, field) })),
  fc.tuple(fc.constantFrom(10, 100, 300, 1_000), leaf, fc.boolean()).map(([count, field, repeated]) => ({
    kind: `${count} directives${repeated ? ' on one field' : ''}`,
    query: directed(count, field, repeated),
  })),
);
