/**
 * Writes the served GraphQL schema to services/gateway/schema.graphql, the contract front-end developers
 * read and generate from; test/graphql.test.ts fails while they differ:
 * `node --conditions=bodega-source --import tsx services/gateway/src/graphql/write-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { buildGraphqlSchema } from './schema.js';
import { committedSchemaPath, schemaFileText } from './schema-file.js';

writeFileSync(committedSchemaPath, await schemaFileText(buildGraphqlSchema()));
console.log(`wrote ${committedSchemaPath}`);
