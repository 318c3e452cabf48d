import { describe, expect, it } from 'vitest';
import { parse } from './graphql-js.js';
import { MAX_MERGED, documentShape, refuseOversized, type DocumentLimits } from './document-limits.js';
import { RequestRefused } from './errors.js';
import { aliased, fragmentChain } from '../../test/graphql-documents.js';

const limits: DocumentLimits = { depth: 10, fragments: 50, aliases: 30, directives: 5 };

function refusal(query: string, within: DocumentLimits = limits): RequestRefused {
  try {
    refuseOversized(parse(query), within);
  } catch (error) {
    if (error instanceof RequestRefused) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('the shape of a GraphQL document, before validation', () => {
  it('walks each fragment of a chain of doubled spreads once: 25 walks for 2^24 copies written out', () => {
    const shape = documentShape(parse(fragmentChain(24, 'products { items { id } }')));
    expect(shape).toMatchObject({ depth: 3, fragments: 25, fragmentsWalked: 25 });
  });

  it('walks a fragment spread at many places once, and follows it for the depth at every one', () => {
    const query = `{ a: product(id: "1") { ...P } b: product(id: "2") { ...P } search { items { product { ...P } } } }
      fragment P on Product { reviews { items { id } } }`;
    expect(documentShape(parse(query))).toMatchObject({ depth: 6, fragmentsWalked: 1, aliases: 2 });
  });

  it('counts aliases, the most directives on a node and the most fields merged at one place', () => {
    const query = `query Q @a { x: me { id } y: me { id @b @c @d } ... on Query { x: me { id } } }`;
    // x merges two fields, and so does x.id below it
    expect(documentShape(parse(query))).toMatchObject({ aliases: 3, directives: 3, merged: 2 });
  });

  it('merges the fields of every fragment spread at a place, each fragment once', () => {
    const fragments = Array.from({ length: 15 }, (_, i) => `fragment P${i} on Product { id name }`);
    const spreads = Array.from({ length: 15 }, (_, i) => `...P${i} ...P${i}`).join(' ');
    const query = `{ product(id: "1") { id ${spreads} } } ${fragments.join(' ')}`;
    expect(documentShape(parse(query)).merged).toBe(16);
    expect(() => {
      refuseOversized(parse(query), limits);
    }).not.toThrow();
  });

  it('multiplies copies at every level it merges them: 3 copies on each of 3 levels are 27 at the bottom', () => {
    let selection = 'id';
    for (const name of ['product', 'items', 'search']) selection = `${name} { ${selection} } `.repeat(3);
    expect(documentShape(parse(`{ ${selection} }`)).merged).toBe(27);
  });

  it('ends at a cycle (validation reports it) and ignores unknown fragments', () => {
    const query = `{ ...A ...Missing } fragment A on Query { me { ...B } } fragment B on User { ...A }`;
    expect(documentShape(parse(query))).toMatchObject({ depth: 1, fragmentsWalked: 2 });
  });

  it('does not count introspection fields toward the depth', () => {
    expect(documentShape(parse('{ __schema { types { fields { type { name } } } } }')).depth).toBe(0);
  });

  it.each([
    ['fragments', fragmentChain(3, '__typename'), { ...limits, fragments: 3 }, 4],
    ['aliases', aliased(31, 'categories { slug }'), limits, 31],
    ['directives', '{ me @a @b @c @d @e @f { id } }', limits, 6],
    ['merged_fields', `{ ${'categories { slug } '.repeat(MAX_MERGED + 1)} }`, limits, MAX_MERGED + 1],
  ] as const)('refuses too many %s with QUERY_TOO_LARGE, naming the limit', (limit, query, within, found) => {
    const refused = refusal(query, within);
    expect(refused.extensions).toMatchObject({
      code: 'QUERY_TOO_LARGE',
      status: 400,
      details: { limit, found },
    });
  });

  it('refuses a selection nested deeper than the limit through fragments with QUERY_TOO_DEEP', () => {
    const query = '{ orders { ...O } } fragment O on OrderPage { items { items { product { id } } } }';
    expect(refusal(query, { ...limits, depth: 4 }).extensions).toEqual({
      code: 'QUERY_TOO_DEEP',
      status: 400,
      details: { maximum: 4 },
    });
    expect(() => {
      refuseOversized(parse(query), limits);
    }).not.toThrow();
  });
});
