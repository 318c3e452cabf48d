/** GraphQL documents small on the wire and huge once expanded, for the limit tests. */

/** `query { ...F0 }`, each of F0..F(levels-1) spreading the next twice (2^levels copies of `leaf`). */
export function fragmentChain(levels: number, leaf: string): string {
  const chain = Array.from(
    { length: levels },
    (_, level) => `fragment F${level} on Query { ...F${level + 1} ...F${level + 1} }`,
  );
  return ['query { ...F0 }', ...chain, `fragment F${levels} on Query { ${leaf} }`].join('\n');
}

/** `field` asked `count` times under aliases `a0`, `a1`... */
export function aliased(count: number, field: string): string {
  return `{ ${Array.from({ length: count }, (_, index) => `a${index}: ${field}`).join(' ')} }`;
}
