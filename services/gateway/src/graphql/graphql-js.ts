/**
 * graphql-js, one instance of it. mercurius require()s its CommonJS build; a bare `graphql` import
 * resolves to the same file under Node, but Vite (the tests) would pick the package's ESM build, a
 * second copy whose types fail graphql-js's realm check. This path is the CommonJS build everywhere.
 */
export * from 'graphql/index.js';
